"""Contest-wide results: the standing over rounds, contest and collective prizes."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import Contest, Round
from core import bulk

from .. import decisions, selectors
from ..models import (
    Award,
    ClosingStatus,
    ContestClosing,
    ContestResult,
    RoundClosing,
    Trigger,
)
from ..ranking import rank_attempts
from .closing import _write_collective
from .common import (
    MSG_CONTEST_ALREADY,
    MSG_CONTEST_BUSY,
    MSG_CONTEST_DONE,
    MSG_CONTEST_NO_ROUND,
    MSG_CONTEST_NOT_DUE,
    WARN_NO_GROUP,
    WARN_ZERO_COUNT,
    CloseOutcome,
    _entries_of,
    _forget_public_pages,
    _ms_since,
    _tier_specs,
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
        contestants, awards, warnings = _rank_contest(contest, included)
        closing.status = ClosingStatus.CLOSED
        closing.trigger = trigger
        closing.closed_by = user if getattr(user, "is_authenticated", False) else None
        closing.computed_at = now or timezone.now()
        closing.rounds_included = len(included)
        closing.rounds_total = len(rounds)
        closing.contestants = contestants
        closing.awards_count = len(awards)
        closing.prize_total_vnd = sum(a.amount_vnd for a in awards)
        closing.warnings = warnings
        closing.duration_ms = _ms_since(started)
        closing.save()
        _forget_public_pages(contest_id)
    return CloseOutcome(
        "closed",
        MSG_CONTEST_DONE.format(
            contest=contest.title,
            included=len(included),
            total=len(rounds),
            contestants=contestants,
            awards=len(awards),
            ms=closing.duration_ms,
        ),
        ranked=contestants,
        awards=len(awards),
        duration_ms=closing.duration_ms,
    )


def _rank_contest(
    contest: Contest, round_ids: list[int]
) -> tuple[int, list[Award], list[str]]:
    """(Re)write the contest standing, contest-scope individual awards and the
    contest-wide collective ranking. Inside the caller's transaction."""
    true_answers = dict(
        RoundClosing.objects.filter(round_id__in=round_ids).values_list(
            "round_id", "true_answer"
        )
    )
    uses_prediction = any(v is not None for v in true_answers.values())
    # user → [rounds, score, duration, last submit, total gap (None: a prediction
    # is missing), group, unit, round of the last submit]
    totals: dict[int, list] = {}
    participation: list[tuple[int, int | None, int]] = []
    for rid, uid, score, pred, dur, sub, group, unit in selectors.contest_counted_rows(
        round_ids
    ):
        participation.append((uid, unit, score))
        truth = true_answers.get(rid)
        # A round that asked no prediction adds 0; a missing prediction makes the
        # total unknown (ranked after every known one).
        missing = truth is not None and pred is None
        gap = None if missing else (0 if truth is None else abs(pred - truth))
        entry = totals.get(uid)
        if entry is None:
            totals[uid] = [1, score, dur, sub, gap, group, unit, rid]
            continue
        entry[0] += 1
        entry[1] += score
        entry[2] += dur
        entry[4] = None if gap is None or entry[4] is None else entry[4] + gap
        if (sub, rid) > (entry[3], entry[7]):
            # The person's latest group and unit speak for them contest-wide.
            entry[3], entry[5], entry[6], entry[7] = sub, group, unit, rid
    rows = [
        decisions.contest_row(
            decisions.PersonTotals(
                user_id=uid,
                rounds=e[0],
                total_score=e[1],
                total_duration_ms=e[2],
                last_submitted_at=e[3],
                total_gap=e[4],
                group=e[5],
                unit_id=e[6],
            )
        )
        for uid, e in totals.items()
    ]
    ranked = rank_attempts(rows, true_answer=0 if uses_prediction else None)
    ContestResult.objects.filter(contest=contest).delete()
    bulk.insert_rows(
        ContestResult,
        (
            "contest",
            "user",
            "unit",
            "ranking_group",
            "rank",
            "group_rank",
            "rounds",
            "total_score",
            "total_gap",
            "total_duration_ms",
            "last_submitted_at",
        ),
        (
            (
                contest.id,
                e.row.user_id,
                e.row.unit_id,
                e.row.group,
                e.rank,
                e.group_rank,
                totals[e.row.user_id][0],
                e.row.score,
                e.gap,
                e.row.duration_ms,
                e.row.submitted_at,
            )
            for e in ranked
        ),
    )
    warnings: list[str] = []
    groups = selectors.ranking_groups(contest.id)
    tiers = _tier_specs(selectors.individual_tiers(contest.id, None))
    warnings += [WARN_ZERO_COUNT.format(tier=t.name) for t in tiers if t.count == 0]
    unassigned = decisions.unassigned_count(ranked, list(groups))
    if unassigned and tiers:
        warnings.append(WARN_NO_GROUP.format(n=unassigned))
    given = decisions.allocate_individual(
        ranked,
        tiers,
        list(groups),
        excluded_user_ids=selectors.excluded_user_ids(contest.id),
        already_won_user_ids=(
            selectors.round_winner_ids(contest.id)
            if contest.one_individual_prize_per_person
            else set()
        ),
        one_prize_per_person=contest.one_individual_prize_per_person,
    )
    entries = _entries_of(ranked, {g.award.attempt_id for g in given})
    awards = [
        Award(
            contest=contest,
            part=Award.Part.CONTEST,
            round=None,
            group=groups.get(g.group, "") if g.group is not None else "",
            tier_name=g.tier.name,
            tier_index=g.award.tier_index,
            rank=(
                entries[g.award.attempt_id].group_rank
                if g.group is not None
                else entries[g.award.attempt_id].rank
            ),
            winner_user_id=g.award.user_id,
            unit_id=entries[g.award.attempt_id].row.unit_id,
            amount_vnd=g.award.amount_vnd,
        )
        for g in given
    ]
    Award.objects.filter(contest=contest, part=Award.Part.CONTEST).delete()
    Award.objects.bulk_create(awards)
    awards += _write_collective(
        contest,
        None,
        _tier_specs(selectors.collective_tiers(contest.id, None)),
        participation=participation,
        prize_units=selectors.prize_unit_ids(contest.id, None),
        always=True,
        warnings=warnings,
    )
    return len(ranked), awards, warnings
