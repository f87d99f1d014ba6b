"""Contest-wide results: the standing over rounds, contest and collective prizes."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import Contest, Round

from .. import deciding
from .. import inputs as inputs_of
from ..models import ClosingStatus, ContestClosing, Trigger
from . import writing
from .common import (
    MSG_CONTEST_ALREADY,
    MSG_CONTEST_BUSY,
    MSG_CONTEST_DONE,
    MSG_CONTEST_NO_ROUND,
    MSG_CONTEST_NOT_DUE,
    CloseOutcome,
    forget_public_pages,
)

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------- contest


def close_contest(
    contest_id: int,
    *,
    now: datetime | None = None,
    trigger: str = Trigger.BEAT,
    user=None,
    force: bool = False,
) -> CloseOutcome:
    """Compute contest-wide results: the standing over the closed rounds, the
    contest-scope individual prizes and the collective ranking and prizes.

    Runs by itself once every round is closed (the sweep); ``force`` (an
    organizer's command) computes it over the rounds closed so far and recomputes
    it even if done. One transaction under the contest's closing-row lock; safe to
    re-run: the same closed rounds give the same rows.
    """
    started = time.monotonic()
    contest = Contest.objects.get(pk=contest_id)
    rounds = list(
        Round.objects.filter(contest=contest, is_practice=False).values_list(
            "id", "closing__status"
        )
    )
    included = [rid for rid, status in rounds if status == ClosingStatus.CLOSED]
    if not included:
        return CloseOutcome(
            "not_due", MSG_CONTEST_NO_ROUND.format(contest=contest.title)
        )
    if len(included) < len(rounds) and not force:
        return CloseOutcome(
            "not_due",
            MSG_CONTEST_NOT_DUE.format(
                contest=contest.title, included=len(included), total=len(rounds)
            ),
        )
    ContestClosing.objects.bulk_create(
        [ContestClosing(contest=contest)], ignore_conflicts=True
    )
    with transaction.atomic():
        closing = (
            ContestClosing.objects.select_for_update(skip_locked=True)
            .filter(pk=contest_id)
            .first()
        )
        if closing is None:
            return CloseOutcome("busy", MSG_CONTEST_BUSY.format(contest=contest.title))
        if closing.is_closed and closing.rounds_included == len(included) and not force:
            return CloseOutcome(
                "already_closed", MSG_CONTEST_ALREADY.format(contest=contest.title)
            )
        outcome = rank_contest(contest, included)
        record_contest(closing, outcome)
        closing.status = ClosingStatus.CLOSED
        closing.trigger = trigger
        closing.closed_by = user if getattr(user, "is_authenticated", False) else None
        closing.computed_at = now or timezone.now()
        closing.rounds_included = len(included)
        closing.rounds_total = len(rounds)
        closing.duration_ms = writing.ms_since(started)
        closing.save()
        forget_public_pages(contest_id)
    contestants, awards = closing.contestants, closing.awards_count
    return CloseOutcome(
        "closed",
        MSG_CONTEST_DONE.format(
            contest=contest.title,
            included=len(included),
            total=len(rounds),
            contestants=contestants,
            awards=awards,
            ms=closing.duration_ms,
        ),
        ranked=contestants,
        awards=awards,
        duration_ms=closing.duration_ms,
    )


def rank_contest(contest: Contest, round_ids: list[int]) -> deciding.ContestOutcome:
    """Read the contest's inputs over ``round_ids``, decide its standing and
    prizes and (re)write them. Inside the caller's transaction (closing the
    contest, or a regrade of one of its rounds)."""
    outcome = deciding.decide_contest(inputs_of.contest_inputs(contest, round_ids))
    writing.write_contest(contest.id, outcome)
    return outcome


def record_contest(closing: ContestClosing, outcome: deciding.ContestOutcome) -> None:
    """Put a contest-wide run's totals and warnings on its closing record (the
    caller saves it)."""
    closing.contestants = len(outcome.standing)
    writing.record_prizes(closing, outcome.prizes)
