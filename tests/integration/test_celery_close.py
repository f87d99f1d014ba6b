"""A real Celery worker with beat closes due rounds by itself, and a worker killed
in the middle of a close leaves nothing behind: the next one completes it with the
same result as an uninterrupted close.

The worker is a subprocess (`.venv/bin/celery -A config worker --beat --pool=solo`)
on the test database that pytest-django created and on Redis; the sweep interval is
shortened with AWARDS_SWEEP_SECONDS. Bounded waits: nothing here can hang.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from awards import services
from awards.models import (
    Award,
    ClosingStatus,
    ContestClosing,
    RoundClosing,
    RoundResult,
)
from tests.factories import UserFactory
from tests.factories.awards import (
    bulk_attempts,
    closed_round,
    contest_with_round_tiers,
    contestants,
    finished_attempt,
    snapshot,
)
from tests.factories.contests import RoundFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CELERY = Path(sys.prefix) / "bin" / "celery"
WAIT_SECONDS = 60


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A celery worker + beat subprocess in its own process group."""

    def __init__(self, log_path: Path, **env: str):
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        environment = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "AWARDS_SWEEP_SECONDS": "2",
            "CONN_MAX_AGE": "0",
            **env,
        }
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "config",
                "worker",
                "--beat",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
                f"--hostname=awards-test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its beat: no cleanup, like a machine dying."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(condition, what: str, worker: Worker, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.process.poll() is not None:
            pytest.fail(
                f"the worker exited while waiting for {what}:\n{worker.output()}"
            )
        time.sleep(0.5)
    log = worker.output()
    pytest.fail(f"timed out after {seconds}s waiting for {what}:\n{log}")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def workers(tmp_path):
    """Start workers on demand; every one is stopped before the database is
    flushed. Redis db of this test run starts empty (no stale messages)."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        worker = Worker(tmp_path / f"worker-{len(started)}.log", **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def closed(round_id: int) -> bool:
    return RoundClosing.objects.filter(
        pk=round_id, status=ClosingStatus.CLOSED
    ).exists()


@contextlib.contextmanager
def awards_held_against_writes():
    """Lock the awards table in SHARE mode (reads pass, writes wait) from a
    connection of this test's own; released (rolled back) on leaving."""
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        own.set_autocommit(False)
        with own.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Award._meta.db_table} IN SHARE MODE")
        yield
    finally:
        own.rollback()
        own.close()


def close_waiting_for_awards() -> bool:
    """A session (the worker's close) is waiting for the held awards table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted"
            " AND relation = %s::regclass AND database = ("
            " SELECT oid FROM pg_database WHERE datname = current_database())",
            [Award._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def test_beat_and_worker_close_due_rounds_by_themselves(workers):
    contest = contest_with_round_tiers(slug="tu-dong-dong-dot")
    now = timezone.now()
    first = closed_round(
        contest,
        number=1,
        opens_at=now - datetime.timedelta(days=15),
        closes_at=now - datetime.timedelta(days=8),
    )
    second = closed_round(contest, number=2)
    running = RoundFactory(contest=contest, number=3)
    for round_ in (first, second):
        for score in (20, 18, 18, 5):
            finished_attempt(round_, score=score)
    finished_attempt(running, score=20, submitted_at=now - datetime.timedelta(hours=1))

    worker = workers()
    wait_for(lambda: closed(first.id) and closed(second.id), "two due rounds", worker)

    for round_ in (first, second):
        assert RoundResult.objects.filter(round=round_).count() == 4
        assert Award.objects.filter(round=round_).count() == 3
        assert RoundClosing.objects.get(pk=round_.pk).trigger == "beat"
    assert not RoundClosing.objects.filter(pk=running.pk).exists()
    assert not ContestClosing.objects.filter(pk=contest.pk).exists()


def test_a_worker_killed_mid_close_leaves_nothing_and_the_next_completes_it(
    workers,
):
    contest = contest_with_round_tiers(slug="dong-dot-bi-ngat")
    round_ = closed_round(contest, number=1)
    bulk_attempts(round_, contestants(300), prediction_range=50)
    open_user = UserFactory()
    from contests.models import Attempt

    Attempt.objects.create(
        round=round_,
        user=open_user,
        number=1,
        started_at=round_.closes_at - datetime.timedelta(minutes=4),
        deadline=round_.closes_at,
        question_count=20,
    )

    # From a connection of our own, hold the awards table against writes: the
    # close writes its results, then waits for the table inside its transaction,
    # and is killed there.
    with awards_held_against_writes():
        doomed = workers()
        wait_for(
            close_waiting_for_awards,
            "the close to wait inside its transaction",
            doomed,
        )
        doomed.kill()

        # Nothing of the interrupted close is visible: no results, no awards, the
        # round still pending, the open attempt still open.
        assert not RoundResult.objects.filter(round=round_).exists()
        assert not Award.objects.filter(round=round_).exists()
        assert not closed(round_.id)
        assert Attempt.objects.get(user=open_user).status == Attempt.Status.IN_PROGRESS

    survivor = workers()
    wait_for(lambda: closed(round_.id), "the next worker to close the round", survivor)
    survivor.stop()
    completed = snapshot(round_.id)
    assert len(completed["results"]) == 301

    # An uninterrupted close from scratch writes exactly the same rows.
    RoundClosing.objects.filter(pk=round_.pk).delete()
    RoundResult.objects.filter(round=round_).delete()
    Award.objects.filter(round=round_).delete()
    assert services.close_round(round_.id).status == "closed"
    assert snapshot(round_.id) == completed
