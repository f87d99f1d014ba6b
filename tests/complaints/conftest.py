"""A contest whose round 1 is closed, with attempts taken through the quiz flow
(so the drawn questions, their shown order and the answers are real)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from awards.models import RoundClosing
from contests import services as contest_services
from contests.models import ContestStaff
from quizzes.models import Choice
from quizzes.services import ChoiceInput, replace_choices
from tests.factories import UserFactory
from tests.factories.contests import (
    ContestFactory,
    RoundFactory,
    correct_shown_index,
    make_bank,
    staff_on,
)

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def contest(db, organizer, secretary):
    """Five questions per attempt from a bank of five, choices in bank order."""
    contest = ContestFactory(
        slug="phap-luat-lao-dong",
        bank=make_bank(5),
        questions_per_attempt=5,
        shuffle_choices=False,
    )
    return staff_on(contest, organizer=organizer, secretary=secretary)


def closed_round_of(contest, number: int = 1, **kwargs):
    now = timezone.now()
    kwargs.setdefault("opens_at", now - 8 * DAY)
    kwargs.setdefault("closes_at", now - DAY)
    return RoundFactory(contest=contest, number=number, **kwargs)


@pytest.fixture
def round_(contest):
    return closed_round_of(contest)


def take(round_, user, *, wrong: tuple[int, ...] = (), at=None):
    """``user`` takes ``round_`` (while it was open): every question right but
    the positions in ``wrong`` (the choice after the key)."""
    at = at or round_.opens_at + HOUR
    attempt = contest_services.start_attempt(user, round_, now=at)
    for aq in attempt.questions.all():
        shown = correct_shown_index(aq)
        if aq.position in wrong:
            shown = (shown + 1) % len(aq.order)
        contest_services.save_answer(
            user, attempt.id, position=aq.position, shown_index=shown, now=at
        )
    return contest_services.submit_attempt(
        user, attempt.id, now=at + datetime.timedelta(minutes=2)
    )


@pytest.fixture
def attempt_a(round_, contestant_a):
    return take(round_, contestant_a, wrong=(0,))


@pytest.fixture
def attempt_b(round_, contestant_b):
    return take(round_, contestant_b, wrong=(0, 1))


def publish(round_, at):
    """Mark the round's results published at ``at`` (awards' closing record)."""
    RoundClosing.objects.update_or_create(
        round=round_,
        defaults={
            "status": "closed",
            "closed_at": round_.closes_at,
            "ranked_at": round_.closes_at,
            "published_at": at,
        },
    )


def question_at(attempt, position: int):
    return attempt.questions.get(position=position).question


def position_of(attempt, question) -> int:
    """Where ``question`` was drawn in ``attempt`` (draws are shuffled)."""
    return attempt.questions.get(question=question).position


def correct_key(question, new_position: int, user):
    """The organizer makes choice ``new_position`` the key (quizzes' service,
    which records the KeyChange and sends key_changed after commit)."""
    items = [
        ChoiceInput(text=c.text, is_correct=c.position == new_position, id=c.id)
        for c in Choice.objects.filter(question=question).order_by("position")
    ]
    return replace_choices(question, items, user=user)


@pytest.fixture
def other_organizer(db, organizer):
    """An organizer (same role group) of another contest only."""
    user = UserFactory(username="btc_khac", is_staff=True)
    user.groups.set(organizer.groups.all())
    other = ContestFactory(slug="cuoc-thi-khac", bank=make_bank(5))
    ContestStaff.objects.create(
        contest=other, user=user, role=ContestStaff.Role.ORGANIZER
    )
    return user


@pytest.fixture
def eager_tasks():
    """Celery tasks run in this process when enqueued, for this test only (see
    tests/awards/conftest.py): with on-commit callbacks executed, the mail task
    enqueued after commit runs as the callback runs."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
