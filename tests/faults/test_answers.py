"""The answer save under faults: the one-statement path, a save racing the
finalisation, a replay after the deadline, and the per-user limit.

transaction=True: the fast path runs only outside a transaction, as in production.
"""

import datetime
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from contests import rules, services
from contests.models import Attempt, AttemptQuestion
from contests.services.finalising import finalise_locked, lock_attempts_of
from core import throttle
from core.http import status_for
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

HX = {"HX-Request": "true"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_round():
    contest = ContestFactory(bank=make_bank(25), questions_per_attempt=20)
    return RoundFactory(contest=contest)


def _answer(attempt, position):
    return AttemptQuestion.objects.get(attempt=attempt, position=position).answer


def _expected(attempt, position, shown):
    return int(
        AttemptQuestion.objects.get(attempt=attempt, position=position).order[shown]
    )


def test_an_answer_save_is_one_update_statement(open_round, contestant_a):
    attempt = services.start_attempt(contestant_a, open_round)
    with CaptureQueriesContext(connection) as ctx:
        services.save_answer(contestant_a, attempt.id, position=3, shown_index=2)
    assert len(ctx.captured_queries) == 1
    assert ctx.captured_queries[0]["sql"].lstrip().startswith("UPDATE")
    assert _answer(attempt, 3) == _expected(attempt, 3, 2)


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("other user", 404),
        ("submitted", 409),
        ("bad choice", 400),
        ("bad position", 400),
    ],
)
def test_refusals_change_nothing(open_round, contestant_a, contestant_b, case, status):
    attempt = services.start_attempt(contestant_a, open_round)
    services.save_answer(contestant_a, attempt.id, position=0, shown_index=1)
    user, position, shown = contestant_a, 0, 2
    if case == "other user":
        user = contestant_b
    elif case == "submitted":
        services.submit_attempt(contestant_a, attempt.id, prediction="5")
    elif case == "bad choice":
        shown = 7
    else:
        position = 99
    with pytest.raises(services.AnswerRefused) as refused:
        services.save_answer(user, attempt.id, position=position, shown_index=shown)
    assert status_for(refused.value) == status
    assert _answer(attempt, 0) == _expected(attempt, 0, 1)


def test_a_save_racing_the_finalisation_is_refused_never_silently_dropped(
    open_round, contestant_a
):
    """The finalisation holds the attempt row; a save arriving meanwhile waits and
    is then refused (409). It is never acknowledged and left out of the score."""
    attempt = services.start_attempt(contestant_a, open_round)
    locked_now = threading.Event()
    outcome = {}

    def finalise():
        with transaction.atomic():
            locked = lock_attempts_of(open_round.id, contestant_a.id)
            locked_now.set()
            time.sleep(0.5)
            row = next(a for a in locked if a.id == attempt.id)
            finalise_locked(
                row,
                locked,
                status=Attempt.Status.SUBMITTED,
                submitted_at=timezone.now(),
                prediction=1,
            )
        connection.close()

    def save():
        locked_now.wait(5)
        try:
            services.save_answer(contestant_a, attempt.id, position=4, shown_index=1)
            outcome["saved"] = True
        except services.AnswerRefused as refused:
            outcome["status"] = status_for(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalise), threading.Thread(target=save)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert outcome == {"status": 409}
    assert _answer(attempt, 4) is None


def test_a_replayed_answer_after_the_deadline_is_refused(
    client, open_round, contestant_a
):
    attempt = services.start_attempt(contestant_a, open_round)
    client.force_login(contestant_a)
    url = reverse("contests:answer", args=[attempt.id])
    assert client.post(url, {"position": 2, "q2": 1}, headers=HX).status_code == 200
    with time_machine.travel(attempt.deadline + datetime.timedelta(seconds=1)):
        replay = client.post(url, {"position": 2, "q2": 3}, headers=HX)
    assert replay.status_code == 409
    assert rules.MSG_DEADLINE_PASSED in replay.content.decode()
    assert replay["X-Result-Url"] == reverse("contests:result", args=[attempt.id])
    assert _answer(attempt, 2) == _expected(attempt, 2, 1)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


@override_settings(CONTESTS_ANSWER_RATE="3/m")
def test_saves_past_the_per_user_limit_get_429_and_are_not_stored(
    client, open_round, contestant_a, contestant_b
):
    cache.clear()
    attempt = services.start_attempt(contestant_a, open_round)
    client.force_login(contestant_a)
    url = reverse("contests:answer", args=[attempt.id])
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        codes = [
            client.post(url, {"position": p, f"q{p}": 1}, headers=HX).status_code
            for p in range(4)
        ]
        refused = client.post(url, {"position": 9, "q9": 1}, headers=HX)
        # Another contestant is not slowed by the first one's clicking.
        other = services.start_attempt(contestant_b, open_round)
        client.force_login(contestant_b)
        ok = client.post(
            reverse("contests:answer", args=[other.id]),
            {"position": 0, "q0": 1},
            headers=HX,
        )
    assert codes == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert rules.MSG_TOO_MANY_SAVES in refused.content.decode()
    assert refused["Retry-After"].isdigit()
    assert [_answer(attempt, p) is not None for p in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert _answer(attempt, 9) is None
    assert ok.status_code == 200


@override_settings(CONTESTS_ANSWER_RATE="3/m")
def test_the_limit_lets_answers_through_when_the_cache_is_away(
    client, open_round, contestant_a, monkeypatch
):
    import redis

    def broken(*args, **kwargs):
        raise redis.exceptions.ConnectionError("redis is restarting")

    monkeypatch.setattr("core.throttle.over_limit", broken)
    attempt = services.start_attempt(contestant_a, open_round)
    client.force_login(contestant_a)
    url = reverse("contests:answer", args=[attempt.id])
    codes = [
        client.post(url, {"position": p, f"q{p}": 1}, headers=HX).status_code
        for p in range(5)
    ]
    assert codes == [200] * 5


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("60/m", (60, 60)), ("5/10s", (5, 10)), (" 100 / h ", (100, 3600))],
)
def test_rates_read_like_django_ratelimit(rate, expected):
    assert throttle.parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "60", "x/m", "60/w", "-1/m"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError, match="not a rate"):
        throttle.parse_rate(rate)
