"""Contests, rounds and a small question bank for contest tests.

The bank is built from the quizzes models directly (quizzes' own factories may
differ); every question has ``choices`` choices and its correct one at position
``index % choices``, so tests can compute the key without reading it from a page.
"""

import datetime
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contests.models import Contest, ContestStaff, PrizeTier, RankingGroup, Round
from quizzes.models import Choice, Question, QuestionBank, Topic


def make_bank(
    questions: int = 25,
    *,
    choices: int = 4,
    topics: tuple[str, ...] = (),
    name: str | None = None,
) -> QuestionBank:
    """A bank of ``questions`` active questions, spread evenly over ``topics``."""
    bank = QuestionBank.objects.create(
        name=name or f"Ngân hàng kiểm thử {QuestionBank.objects.count() + 1}"
    )
    topic_rows = [Topic.objects.create(bank=bank, name=t) for t in topics]
    for i in range(questions):
        text = f"Câu hỏi số {i + 1} về chuyển đổi số của ngân hàng {bank.id}?"
        question = Question(
            bank=bank,
            topic=topic_rows[i % len(topic_rows)] if topic_rows else None,
            text=text,
            text_key=hashlib.sha256(text.encode()).hexdigest(),
        )
        question.save()
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=p,
                text=f"Phương án {p + 1} của câu {i + 1}",
                is_correct=p == i % choices,
            )
            for p in range(choices)
        )
    return bank


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Cuộc thi tìm hiểu về chuyển đổi số số {n}")
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    organizer_name = "Liên đoàn Lao động tỉnh"
    is_published = True
    questions_per_attempt = 20
    time_limit_minutes = 15
    attempts_per_round = 1


class RoundFactory(DjangoModelFactory):
    """A round open now: opened a day ago, closes in six days."""

    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=6)
    )


class RankingGroupFactory(DjangoModelFactory):
    class Meta:
        model = RankingGroup

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Nhóm {n + 1}")
    participant_groups = factory.LazyFunction(lambda: ["resident"])


class PrizeTierFactory(DjangoModelFactory):
    class Meta:
        model = PrizeTier

    contest = factory.SubFactory(ContestFactory)
    part = PrizeTier.Part.INDIVIDUAL
    scope = PrizeTier.Scope.ROUND
    name = "Giải Nhất"
    count = 1
    amount_vnd = 1_000_000


def staff_on(contest: Contest, *, organizer=None, secretary=None) -> Contest:
    """Give the cast's organizer and secretary their role on `contest`: rights
    are per contest (contests.permissions), a global role group is not enough."""
    for user, role in (
        (organizer, ContestStaff.Role.ORGANIZER),
        (secretary, ContestStaff.Role.SECRETARY),
    ):
        if user is not None:
            ContestStaff.objects.get_or_create(contest=contest, user=user, role=role)
    return contest


def correct_shown_index(attempt_question) -> int:
    """The shown index of the correct choice of a drawn question (tests only)."""
    position = Choice.objects.get(
        question_id=attempt_question.question_id, is_correct=True
    ).position
    return attempt_question.order.index(str(position))
