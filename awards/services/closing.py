"""Closing a round: read its inputs, decide its ranking and prizes, write them,
all in one locked transaction."""

from __future__ import annotations

import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import Round

from .. import deciding
from .. import inputs as inputs_of
from ..deciding import RoundInputs, RoundOutcome
from ..models import ClosingStatus, RoundClosing, Trigger
from . import writing
from .common import (
    MSG_ALREADY_CLOSED,
    MSG_BUSY,
    MSG_CLOSED,
    MSG_NOT_DUE,
    MSG_PRACTICE,
    MSG_WAITING,
    CloseOutcome,
    forget_public_pages,
    round_label,
    when,
)


def close_round(
    round_id: int,
    *,
    now: datetime | None = None,
    trigger: str = Trigger.BEAT,
    user=None,
) -> CloseOutcome:
    """Close a round whose close time has passed: finalise its open attempts,
    compute the prediction's true answer, rank the counted attempts, allocate the
    round's prizes (individual, and collective where configured per round) and
    record the run, all in one transaction under the round's closing-row lock.

    Safe to re-run: a closed round is left unchanged ("already_closed"); a round
    another worker is closing is skipped ("busy"); a crash leaves nothing and the
    next call completes it with the same result. Contest-wide results follow
    from the sweep once every round is closed (close_contest).
    """
    now = now or timezone.now()
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    refused = _not_closable(round_, now=now)
    if refused is not None:
        return refused
    RoundClosing.objects.bulk_create(
        [RoundClosing(round=round_)], ignore_conflicts=True
    )
    started = time.monotonic()
    with transaction.atomic():
        closing = (
            RoundClosing.objects.select_for_update(skip_locked=True)
            .filter(pk=round_id)
            .first()
        )
        if closing is None:
            return CloseOutcome("busy", MSG_BUSY.format(round=round_label(round_)))
        if closing.is_closed:
            return CloseOutcome(
                "already_closed",
                MSG_ALREADY_CLOSED.format(
                    round=round_label(round_), at=when(closing.closed_at)
                ),
            )
        finalised, waiting = _end_open_attempts(round_, now=now)
        if waiting is not None:
            return waiting
        inputs, outcome = rank_round(round_)
        writing.record_round(
            closing,
            counts=inputs.counts,
            outcome=outcome,
            finalised=finalised,
            started=started,
        )
        closing.trigger = trigger
        closing.closed_by = user if getattr(user, "is_authenticated", False) else None
        closing.closed_at = closing.ranked_at = timezone.now()
        closing.status = ClosingStatus.CLOSED
        closing.save()
        forget_public_pages(round_.contest_id, [round_id])
    ranked, awards = len(outcome.ranked), len(outcome.prizes.awards)
    return CloseOutcome(
        "closed",
        MSG_CLOSED.format(
            round=round_label(round_),
            ranked=ranked,
            awards=awards,
            ms=closing.duration_ms,
        ),
        ranked=ranked,
        awards=awards,
        duration_ms=closing.duration_ms,
    )


def _not_closable(round_: Round, *, now: datetime) -> CloseOutcome | None:
    if round_.is_practice:
        return CloseOutcome("practice", MSG_PRACTICE.format(round=round_label(round_)))
    if now < round_.closes_at:
        return CloseOutcome(
            "not_due",
            MSG_NOT_DUE.format(round=round_label(round_), at=when(round_.closes_at)),
        )
    return None


def _end_open_attempts(
    round_: Round, *, now: datetime
) -> tuple[int, CloseOutcome | None]:
    """End the round's open attempts (inside the closing transaction); return how
    many were finalised and, when some are still open, the "waiting" outcome."""
    from contests.services import (
        cap_open_deadlines,
        finalise_open_attempts_of_round,
    )

    # An attempt still running past the close (the close was moved earlier by a
    # path that did not end it) ends now: SPEC §4 caps every deadline by the
    # round's close.
    cap_open_deadlines(round_, now=now)
    finalised = finalise_open_attempts_of_round(round_.id, now=now)
    still_open, last_deadline = inputs_of.open_attempts(round_.id)
    if not still_open:
        return finalised, None
    # Started after the cap above (a start racing the close): ranking now would
    # leave them out; wait for their deadline.
    return finalised, CloseOutcome(
        "waiting",
        MSG_WAITING.format(
            round=round_label(round_), n=still_open, at=when(last_deadline)
        ),
    )


def rank_round(
    round_: Round, *, previous: dict[int, int] | None = None
) -> tuple[RoundInputs, RoundOutcome]:
    """Read a round's inputs, rank it and allocate its prizes, and (re)write its
    result rows and round prizes. ``previous``: user id → rank before a regrade,
    kept on the rows. Runs inside the caller's transaction (closing or regrade)."""
    inputs = inputs_of.round_inputs(round_)
    outcome = deciding.decide_round(inputs)
    writing.write_round(round_, outcome, previous=previous)
    return inputs, outcome


def reallocate_round_prizes(round_: Round) -> deciding.Prizes:
    """Re-allocate a closed round's prizes from its stored ranking (an earlier
    round's winners changed) and rewrite them. Inside the caller's transaction."""
    prizes = deciding.decide_round_prizes(
        inputs_of.stored_ranking(round_.id), inputs_of.round_prize_rules(round_)
    )
    writing.write_round_prizes(round_, prizes)
    return prizes
