"""Two workers closing the same round at once: one closes it, the other skips it
(the closing row is locked with SKIP LOCKED), and the result is the one a single
close gives. Real transactions, real threads, each with its own connection."""

import threading
import time

import pytest
from django.db import connection

from awards import services
from awards.models import Award, RoundClosing, RoundResult
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
    snapshot,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_closes_one_wins_and_the_result_is_the_same(monkeypatch):
    contest = contest_with_round_tiers(slug="hai-tien-trinh")
    round_ = closed_round(contest, number=1)
    for score in (20, 19, 19, 12, 7):
        finished_attempt(round_, score=score)

    record_round = services.closing.writing.record_round

    def slow(closing, **kwargs):
        # Hold the lock long enough for the other thread to arrive.
        time.sleep(1.0)
        record_round(closing, **kwargs)

    monkeypatch.setattr(services.closing.writing, "record_round", slow)
    start = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def close():
        try:
            start.wait(timeout=10)
            outcomes.append(services.close_round(round_.id).status)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) == ["busy", "closed"]
    raced = snapshot(round_.id)
    assert len(raced["results"]) == 5

    monkeypatch.undo()
    RoundClosing.objects.all().delete()
    RoundResult.objects.all().delete()
    Award.objects.all().delete()
    assert services.close_round(round_.id).status == "closed"
    assert snapshot(round_.id) == raced
