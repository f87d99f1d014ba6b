"""Finished attempts with chosen ranking keys, for closing and ranking tests.

Attempts are written directly (not through the quiz flow): a test states the keys
it ranks by (score, prediction, duration, submit time) and nothing else matters.
``bulk_attempts`` seeds thousands at once for timing runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from accounts.models import ParticipantGroup, User
from awards.models import Award, RoundClosing, RoundResult, UnitResult
from contests.models import Attempt, Contest, Round
from tests.factories.accounts import UnitFactory, UserFactory
from tests.factories.contests import ContestFactory, PrizeTierFactory, RoundFactory

BEN_TRE_ROUND_TIERS = (
    ("Giải Nhất", 1, 1_000_000),
    ("Giải Nhì", 1, 800_000),
    ("Giải Ba", 1, 600_000),
)


def closed_round(contest: Contest | None = None, **kwargs) -> Round:
    """A round that opened eight days ago and closed a day ago."""
    now = timezone.now()
    kwargs.setdefault("opens_at", now - datetime.timedelta(days=8))
    kwargs.setdefault("closes_at", now - datetime.timedelta(days=1))
    if contest is not None:
        kwargs["contest"] = contest
    return RoundFactory(**kwargs)


def round_tiers(contest: Contest, tiers=BEN_TRE_ROUND_TIERS, **kwargs) -> None:
    for position, (name, count, amount) in enumerate(tiers):
        PrizeTierFactory(
            contest=contest,
            position=position,
            name=name,
            count=count,
            amount_vnd=amount,
            **kwargs,
        )


def finished_attempt(
    round_: Round,
    user: User | None = None,
    *,
    score: int = 10,
    duration_ms: int = 300_000,
    submitted_at: datetime.datetime | None = None,
    prediction: int | None = None,
    question_count: int = 20,
    number: int = 1,
    counted: bool = True,
    group=None,
    unit=None,
    status: str = Attempt.Status.SUBMITTED,
) -> Attempt:
    """A finished attempt of ``round_`` with exactly these keys. ``submitted_at``
    defaults to an hour before the round closes; started = submitted - duration."""
    user = user or UserFactory()
    submitted_at = submitted_at or round_.closes_at - datetime.timedelta(hours=1)
    started_at = submitted_at - datetime.timedelta(milliseconds=duration_ms)
    return Attempt.objects.create(
        round=round_,
        user=user,
        number=number,
        status=status,
        started_at=started_at,
        deadline=max(started_at + datetime.timedelta(minutes=15), submitted_at),
        submitted_at=submitted_at,
        question_count=question_count,
        score=score,
        duration_ms=duration_ms,
        prediction=prediction,
        is_counted=counted,
        ranking_group=group,
        unit=user.unit if unit is None else unit,
    )


def contestants(n: int, *, unit=None, group: str = ParticipantGroup.WORKER) -> list:
    """``n`` contestants, bulk-created (no password hashing), in ``unit``."""
    unit = unit or UnitFactory()
    start = User.objects.count()
    users = [
        User(
            username=f"ts{start + i}_{unit.pk}",
            full_name=f"Thí sinh số {start + i}",
            birth_date=datetime.date(1990, 1, 1),
            group=group,
            unit=unit,
            password="!",  # an unusable password
        )
        for i in range(n)
    ]
    return User.objects.bulk_create(users, batch_size=5000)


def bulk_attempts(
    round_: Round,
    users: Iterable[User],
    *,
    seed: int = 7,
    question_count: int = 20,
    prediction_range: int = 0,
) -> int:
    """One finished, counted attempt per user with pseudo-random keys (a fixed
    linear congruential sequence, so runs are repeatable); returns how many."""
    base = round_.closes_at - datetime.timedelta(days=3)
    state = seed
    rows = []
    for user in users:
        state = (state * 1103515245 + 12345) % 2**31
        score = state % (question_count + 1)
        duration = 60_000 + state % 840_000
        submitted = base + datetime.timedelta(milliseconds=state % 200_000_000)
        started = submitted - datetime.timedelta(milliseconds=duration)
        rows.append(
            Attempt(
                round=round_,
                user_id=user.pk,
                number=1,
                status=Attempt.Status.SUBMITTED,
                started_at=started,
                deadline=started + datetime.timedelta(minutes=15),
                submitted_at=submitted,
                question_count=question_count,
                score=score,
                duration_ms=duration,
                prediction=(state % prediction_range) if prediction_range else None,
                is_counted=True,
                unit_id=user.unit_id,
            )
        )
    Attempt.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def contest_with_round_tiers(**kwargs) -> Contest:
    contest = ContestFactory(**kwargs)
    round_tiers(contest)
    return contest


RESULT_FIELDS = (
    "attempt_id",
    "round_id",
    "user_id",
    "unit_id",
    "ranking_group_id",
    "rank",
    "group_rank",
    "score",
    "prediction",
    "gap",
    "duration_ms",
    "submitted_at",
    "previous_rank",
)
AWARD_FIELDS = (
    "contest_id",
    "part",
    "round_id",
    "group",
    "tier_name",
    "tier_index",
    "rank",
    "winner_user_id",
    "winner_unit_id",
    "unit_id",
    "amount_vnd",
    "source_id",
)
CLOSING_FIELDS = (
    "status",
    "participants",
    "attempts_finished",
    "ranked",
    "people_all_correct",
    "attempts_all_correct",
    "true_answer",
    "awards_count",
    "prize_total_vnd",
    "warnings",
)


def snapshot(round_id: int | None = None, contest_id: int | None = None) -> dict:
    """Every row a closing writes, without ids and timestamps, in a stable order."""
    results = RoundResult.objects.all()
    awards = Award.objects.all()
    closings = RoundClosing.objects.all()
    units = UnitResult.objects.all()
    if round_id is not None:
        results = results.filter(round_id=round_id)
        awards = awards.filter(round_id=round_id)
        closings = closings.filter(round_id=round_id)
        units = units.filter(round_id=round_id)
    if contest_id is not None:
        awards = awards.filter(contest_id=contest_id)
    return {
        "results": list(
            results.order_by("round_id", "rank").values_list(*RESULT_FIELDS)
        ),
        "awards": sorted(awards.values_list(*AWARD_FIELDS), key=repr),
        "closings": list(closings.order_by("round_id").values_list(*CLOSING_FIELDS)),
        "units": sorted(
            units.values_list(
                "unit_id",
                "round_id",
                "unit_kind",
                "rule",
                "rank",
                "contestants",
                "prizes",
                "staff_count",
                "reason",
            ),
            key=repr,
        ),
    }
