"""Concurrent starts and submits on real Postgres: threads with their own
connections, committed transactions (two tabs, double clicks)."""

import threading

import pytest
from django.db import connection, connections

from contests import services
from contests.models import Attempt
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs Postgres row locks"
    ),
]


def run_at_once(n, fn):
    """Run fn() in n threads released together; return results or exceptions."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def setup():
    contest = ContestFactory(bank=make_bank(25), attempts_per_round=1)
    return RoundFactory(contest=contest), UserFactory()


def test_concurrent_starts_make_one_attempt(setup):
    round_, user = setup
    results = run_at_once(6, lambda: services.start_attempt(user, round_).id)
    assert Attempt.objects.filter(user=user).count() == 1
    only = Attempt.objects.get(user=user)
    assert results == [only.id] * 6
    assert only.questions.count() == 20


def test_concurrent_starts_never_exceed_the_limit(setup):
    round_, user = setup
    round_.contest.attempts_per_round = 2
    round_.contest.save()
    first = services.start_attempt(user, round_)
    services.submit_attempt(user, first.id, prediction="1")

    results = run_at_once(6, lambda: services.start_attempt(user, round_).id)
    assert Attempt.objects.filter(user=user).count() == 2
    second = Attempt.objects.get(user=user, number=2)
    assert results == [second.id] * 6

    services.submit_attempt(user, second.id, prediction="1")
    results = run_at_once(4, lambda: services.start_attempt(user, round_).id)
    assert all(isinstance(r, services.AttemptRefused) for r in results)
    assert Attempt.objects.filter(user=user).count() == 2


def test_concurrent_submits_finalise_once(setup):
    round_, user = setup
    attempt = services.start_attempt(user, round_)
    services.save_answer(user, attempt.id, position=0, shown_index=0)
    results = run_at_once(
        5, lambda: services.submit_attempt(user, attempt.id, prediction="3")
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.is_counted
    assert {r.submitted_at for r in results} == {attempt.submitted_at}
    assert {r.score for r in results} == {attempt.score}


def test_concurrent_practice_submits_finalise_once(setup):
    _graded, user = setup
    practice = RoundFactory(
        contest=ContestFactory(practice_bank=make_bank(25)), number=0, is_practice=True
    )
    earlier = services.start_attempt(user, practice)
    services.submit_attempt(user, earlier.id, prediction="1")
    attempt = services.start_attempt(user, practice)
    services.save_answer(user, attempt.id, position=0, shown_index=0)
    results = run_at_once(
        5, lambda: services.submit_attempt(user, attempt.id, prediction="3")
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert not attempt.is_counted
    assert {r.submitted_at for r in results} == {attempt.submitted_at}
    assert {r.score for r in results} == {attempt.score}
