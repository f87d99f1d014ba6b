"""The deadline: start + time limit, capped by the round's close; enforced on
every write; attempts are finalised at it lazily and by the periodic sweep."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contests import rules, services, tasks
from contests.models import Attempt
from core.http import status_for
from tests.factories.contests import RoundFactory, correct_shown_index

START = dt.datetime(2024, 6, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def timed_round(contest):
    contest.time_limit_minutes = 15
    contest.save()
    return RoundFactory(
        contest=contest,
        number=1,
        opens_at=START - dt.timedelta(days=6),
        closes_at=START + dt.timedelta(days=1),
    )


@pytest.fixture
def attempt(timed_round, contestant_a):
    with time_machine.travel(START, tick=False):
        return services.start_attempt(contestant_a, timed_round)


def test_deadline_is_start_plus_the_time_limit(attempt):
    assert attempt.deadline == START + dt.timedelta(minutes=15)


def test_deadline_is_capped_by_the_rounds_close(contest, contestant_a):
    round_ = RoundFactory(
        contest=contest,
        number=2,
        opens_at=START - dt.timedelta(days=6),
        closes_at=START + dt.timedelta(minutes=4),
    )
    with time_machine.travel(START, tick=False):
        attempt = services.start_attempt(contestant_a, round_)
    assert attempt.deadline == round_.closes_at


def test_an_answer_before_the_deadline_is_saved(attempt, contestant_a):
    with time_machine.travel(attempt.deadline - dt.timedelta(seconds=1), tick=False):
        services.save_answer(contestant_a, attempt.id, position=0, shown_index=1)
    assert attempt.questions.get(position=0).answer is not None


def test_an_answer_at_the_deadline_is_refused_and_the_attempt_finalised(
    attempt, contestant_a
):
    aq = attempt.questions.get(position=0)
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        services.save_answer(
            contestant_a, attempt.id, position=0, shown_index=correct_shown_index(aq)
        )
    with (
        time_machine.travel(attempt.deadline, tick=False),
        pytest.raises(services.AnswerRefused) as refused,
    ):
        services.save_answer(contestant_a, attempt.id, position=1, shown_index=0)
    assert refused.value.message == rules.MSG_DEADLINE_PASSED
    assert status_for(refused.value) == 409
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 1
    assert attempt.duration_ms == 15 * 60 * 1000
    assert attempt.questions.get(position=1).answer is None


def test_the_answer_endpoint_refuses_late_answers_with_409_and_the_message(
    client, attempt, contestant_a
):
    client.force_login(contestant_a)
    with time_machine.travel(attempt.deadline + dt.timedelta(seconds=5), tick=False):
        response = client.post(
            reverse("contests:answer", args=[attempt.id]),
            {"position": 0, "q0": 1},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 409
    assert rules.MSG_DEADLINE_PASSED in response.content.decode()
    assert response["X-Result-Url"] == reverse("contests:result", args=[attempt.id])


def test_opening_the_page_after_the_deadline_finalises_lazily(
    client, attempt, contestant_a
):
    client.force_login(contestant_a)
    with time_machine.travel(attempt.deadline + dt.timedelta(hours=2), tick=False):
        response = client.get(reverse("contests:attempt", args=[attempt.id]))
    assert response.status_code == 302
    assert response.url == reverse("contests:result", args=[attempt.id])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.submitted_at == attempt.deadline


def test_history_finalises_due_attempts(client, attempt, contestant_a):
    client.force_login(contestant_a)
    with time_machine.travel(attempt.deadline + dt.timedelta(minutes=1), tick=False):
        response = client.get(reverse("contests:my_attempts"))
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_submitting_after_the_deadline_finalises_at_the_deadline_without_prediction(
    attempt, contestant_a
):
    with time_machine.travel(attempt.deadline + dt.timedelta(minutes=3), tick=False):
        done = services.submit_attempt(contestant_a, attempt.id, prediction="7")
    assert done.status == Attempt.Status.EXPIRED
    assert done.submitted_at == attempt.deadline
    assert done.prediction is None


def test_the_sweep_finalises_only_due_attempts(
    timed_round, contestant_a, contestant_b, monkeypatch
):
    with time_machine.travel(START, tick=False):
        due = services.start_attempt(contestant_a, timed_round)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        fresh = services.start_attempt(contestant_b, timed_round)
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        sent = []
        monkeypatch.setattr(tasks.finalise_attempts, "delay", sent.append)
        assert tasks.sweep_due_attempts() == 1
        assert sent == [[due.id]]
        assert tasks.finalise_attempts(sent[0]) == 1
        # Running the same chunk again changes nothing.
        assert tasks.finalise_attempts(sent[0]) == 0
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert due.status == Attempt.Status.EXPIRED
    assert fresh.status == Attempt.Status.IN_PROGRESS


def test_a_resumed_attempt_keeps_its_deadline(attempt, contestant_a, timed_round):
    with time_machine.travel(START + dt.timedelta(minutes=9), tick=False):
        again = services.start_attempt(contestant_a, timed_round)
    assert again.id == attempt.id
    assert again.deadline == attempt.deadline


def test_an_expired_open_attempt_is_finalised_before_a_new_start(
    contest, timed_round, contestant_a
):
    contest.attempts_per_round = 2
    contest.save()
    with time_machine.travel(START, tick=False):
        first = services.start_attempt(contestant_a, timed_round)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        second = services.start_attempt(contestant_a, timed_round)
    first.refresh_from_db()
    assert first.status == Attempt.Status.EXPIRED
    assert second.number == 2


def test_finalising_the_open_attempts_of_a_closed_round(timed_round, contestant_a):
    with time_machine.travel(START, tick=False):
        services.start_attempt(contestant_a, timed_round)
    later = timed_round.closes_at + dt.timedelta(seconds=1)
    assert services.finalise_open_attempts_of_round(timed_round.id, now=later) == 1
    assert services.finalise_open_attempts_of_round(timed_round.id, now=later) == 0
    assert not Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS).exists()
    assert timezone.is_aware(later)
