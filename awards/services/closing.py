"""Closing a round: rank it and allocate its prizes in one locked transaction."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from contests.models import Contest, Round
from core import bulk

from .. import decisions, selectors
from ..models import (
    Award,
    ClosingStatus,
    RoundClosing,
    RoundResult,
    Trigger,
    UnitResult,
)
from ..ranking import DEFAULT_UNIT_ORDER, RankedAttempt, rank_attempts
from .common import (
    MSG_ALREADY_CLOSED,
    MSG_BUSY,
    MSG_CLOSED,
    MSG_NOT_DUE,
    MSG_PRACTICE,
    MSG_WAITING,
    WARN_BAD_COLLECTIVE,
    WARN_NO_GROUP,
    WARN_NO_UNIT_KIND,
    WARN_UNRANKED_UNIT,
    WARN_ZERO_COUNT,
    CloseOutcome,
    _entries_of,
    _forget_public_pages,
    _label,
    _ms_since,
    _tier_specs,
    _when,
)

log = logging.getLogger(__name__)

# Test-only: seconds to sleep inside the closing transaction after the results are
# written, so an integration test can kill the worker mid-close. Unset in real runs.
PAUSE_ENV = "AWARDS_TEST_CLOSE_PAUSE_SECONDS"
PAUSE_MESSAGE = "awards: closing round %s paused inside its transaction (test hook)"


def _pause_for_tests(round_id: int) -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        log.warning(PAUSE_MESSAGE, round_id)
        time.sleep(float(seconds))


# ----------------------------------------------------------------------- rounds


@dataclass
class _RoundRun:
    """What ranking one round produced (for the closing record and regrade)."""

    ranked: list[RankedAttempt]
    counts: selectors.RoundCounts
    true_answer: int | None
    awards: list[Award] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    if round_.is_practice:
        return CloseOutcome("practice", MSG_PRACTICE.format(round=_label(round_)))
    if now < round_.closes_at:
        return CloseOutcome(
            "not_due",
            MSG_NOT_DUE.format(round=_label(round_), at=_when(round_.closes_at)),
        )
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
            return CloseOutcome("busy", MSG_BUSY.format(round=_label(round_)))
        if closing.is_closed:
            return CloseOutcome(
                "already_closed",
                MSG_ALREADY_CLOSED.format(
                    round=_label(round_), at=_when(closing.closed_at)
                ),
            )
        from contests.services import (
            cap_open_deadlines,
            finalise_open_attempts_of_round,
        )

        # An attempt still running past the close (the close was moved earlier
        # by a path that did not end it) ends now: SPEC §4 caps every deadline by
        # the round's close.
        cap_open_deadlines(round_, now=now)
        finalised = finalise_open_attempts_of_round(round_id, now=now)
        still_open, last_deadline = selectors.open_attempts(round_id)
        if still_open:
            # Started after the cap above (a start racing the close): ranking now
            # would leave them out; wait for their deadline.
            return CloseOutcome(
                "waiting",
                MSG_WAITING.format(
                    round=_label(round_), n=still_open, at=_when(last_deadline)
                ),
            )
        run = _rank_round(round_, previous=None)
        _pause_for_tests(round_id)
        _record_round(closing, run, finalised=finalised, started=started, now=now)
        closing.trigger = trigger
        closing.closed_by = user if getattr(user, "is_authenticated", False) else None
        closing.closed_at = closing.ranked_at = timezone.now()
        closing.status = ClosingStatus.CLOSED
        closing.save()
        _forget_public_pages(round_.contest_id, [round_id])
    return CloseOutcome(
        "closed",
        MSG_CLOSED.format(
            round=_label(round_),
            ranked=len(run.ranked),
            awards=len(run.awards),
            ms=closing.duration_ms,
        ),
        ranked=len(run.ranked),
        awards=len(run.awards),
        duration_ms=closing.duration_ms,
    )


def _record_round(
    closing: RoundClosing,
    run: _RoundRun,
    *,
    finalised: int,
    started: float,
    now: datetime,
) -> None:
    closing.attempts_finalised = finalised
    closing.participants = run.counts.participants
    closing.attempts_finished = run.counts.attempts_finished
    closing.people_all_correct = run.counts.people_all_correct
    closing.attempts_all_correct = run.counts.attempts_all_correct
    closing.ranked = len(run.ranked)
    closing.true_answer = run.true_answer
    contest = closing.round.contest
    closing.prediction_target = (
        contest.prediction_target if contest.prediction_enabled else ""
    )
    closing.awards_count = len(run.awards)
    closing.prize_total_vnd = sum(a.amount_vnd for a in run.awards)
    closing.warnings = run.warnings
    closing.duration_ms = _ms_since(started)


def _rank_round(round_: Round, *, previous: dict[int, int] | None) -> _RoundRun:
    """Rank one round from its counted attempts and (re)write its result rows and
    round awards. ``previous``: user id → rank before a regrade, kept on the rows.
    Runs inside the caller's transaction."""
    contest = round_.contest
    counts = selectors.round_counts(round_.id)
    true_answer = None
    if contest.prediction_enabled:
        true_answer = decisions.prediction_true_answer(
            contest.prediction_target,
            participants=counts.participants,
            people_all_correct=counts.people_all_correct,
            attempts_all_correct=counts.attempts_all_correct,
        )
    ranked = rank_attempts(selectors.counted_rows(round_.id), true_answer=true_answer)
    RoundResult.objects.filter(round_id=round_.id).delete()
    previous = previous or {}
    bulk.insert_rows(
        RoundResult,
        (
            "attempt",
            "round",
            "user",
            "unit",
            "ranking_group",
            "rank",
            "group_rank",
            "score",
            "prediction",
            "gap",
            "duration_ms",
            "submitted_at",
            "previous_rank",
        ),
        (
            (
                e.row.attempt_id,
                round_.id,
                e.row.user_id,
                e.row.unit_id,
                e.row.group,
                e.rank,
                e.group_rank,
                e.row.score,
                e.row.prediction,
                e.gap,
                e.row.duration_ms,
                e.row.submitted_at,
                previous.get(e.row.user_id),
            )
            for e in ranked
        ),
    )
    run = _RoundRun(ranked=ranked, counts=counts, true_answer=true_answer)
    _award_round(round_, ranked, run)
    return run


def _award_round(
    round_: Round, ranked: Sequence[RankedAttempt], run: _RoundRun
) -> None:
    """(Re)write a round's individual and per-round collective awards from its
    ranking. Runs inside the caller's transaction."""
    contest = round_.contest
    groups = selectors.ranking_groups(contest.id)
    tiers = _tier_specs(selectors.individual_tiers(contest.id, round_.id))
    run.warnings += [WARN_ZERO_COUNT.format(tier=t.name) for t in tiers if t.count == 0]
    unassigned = decisions.unassigned_count(ranked, list(groups))
    if unassigned:
        run.warnings.append(WARN_NO_GROUP.format(n=unassigned))
    already = (
        selectors.earlier_round_winner_ids(round_)
        if contest.one_individual_prize_per_person
        else set()
    )
    given = decisions.allocate_individual(
        ranked,
        tiers,
        list(groups),
        excluded_user_ids=selectors.excluded_user_ids(contest.id),
        already_won_user_ids=already,
        one_prize_per_person=contest.one_individual_prize_per_person,
    )
    entries = _entries_of(ranked, {g.award.attempt_id for g in given})
    awards = [
        Award(
            contest=contest,
            part=Award.Part.ROUND,
            round=round_,
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
            source_id=g.award.attempt_id,
        )
        for g in given
    ]
    Award.objects.filter(round=round_, part=Award.Part.ROUND).delete()
    Award.objects.bulk_create(awards)
    run.awards = awards
    collective = _tier_specs(selectors.collective_tiers(contest.id, round_.id))
    run.awards += _write_collective(
        contest,
        round_,
        collective,
        participation=selectors.round_participation(round_.id),
        prize_units=[a.unit_id for a in awards],
        always=False,
        warnings=run.warnings,
    )


def _write_collective(
    contest: Contest,
    round_: Round | None,
    tiers: list[decisions.TierSpec],
    *,
    participation,
    prize_units: list[int | None],
    always: bool,
    warnings: list[str],
) -> list[Award]:
    """(Re)write the unit rankings and collective / special awards of a round
    (``round_``) or of the whole contest (None)."""
    Award.objects.filter(
        contest=contest,
        round=round_,
        part__in=(Award.Part.COLLECTIVE, Award.Part.SPECIAL),
    ).delete()
    UnitResult.objects.filter(contest=contest, round=round_).delete()
    plans, missing = decisions.collective_plans(
        tiers, contest.collective_unit_kind, always=always
    )
    warnings += [WARN_NO_UNIT_KIND.format(tier=t.name) for t in missing]
    if not plans:
        return []
    participation = list(participation)
    tree_rows = selectors.unit_tree()
    min_rate = (
        None
        if contest.collective_min_participation_pct is None
        else Fraction(contest.collective_min_participation_pct, 100)
    )
    unit_results: list[UnitResult] = []
    awards: list[Award] = []
    rows_by_kind: dict[str, list] = {}
    for plan in plans:
        rows = rows_by_kind.get(plan.unit_kind)
        if rows is None:
            rows = rows_by_kind[plan.unit_kind] = decisions.unit_rows(
                tree_rows,
                kind=plan.unit_kind,
                root_id=contest.unit_root_id,
                participation=participation,
                prize_units=prize_units,
            )
        try:
            ranked, unranked, prizes = decisions.rank_plan(
                plan,
                rows,
                order=contest.collective_order or DEFAULT_UNIT_ORDER,
                weights=contest.collective_weights or None,
                min_rate=min_rate,
            )
        except (TypeError, ValueError) as error:
            warnings.append(WARN_BAD_COLLECTIVE.format(error=error))
            continue
        if plan.rule == "":
            warnings += [
                WARN_UNRANKED_UNIT.format(unit=u.row.name, reason=u.reason)
                for u in unranked
            ]
        common = {"contest": contest, "round": round_, "unit_kind": plan.unit_kind}
        unit_results += [
            UnitResult(
                **common,
                rule=plan.rule,
                unit_id=u.row.unit_id,
                staff_count=u.row.staff_count,
                contestants=u.row.contestants,
                prizes=u.row.prizes,
                avg_best_score_milli=u.row.avg_best_score_milli,
                weighted_score=u.weighted_score,
                rank=u.rank,
            )
            for u in ranked
        ]
        unit_results += [
            UnitResult(
                **common,
                rule=plan.rule,
                unit_id=u.row.unit_id,
                staff_count=u.row.staff_count,
                contestants=u.row.contestants,
                prizes=u.row.prizes,
                avg_best_score_milli=u.row.avg_best_score_milli,
                reason=u.reason,
            )
            for u in unranked
        ]
        ranks = {u.row.unit_id: u.rank for u in ranked}
        part = Award.Part.COLLECTIVE if plan.rule == "" else Award.Part.SPECIAL
        awards += [
            Award(
                contest=contest,
                part=part,
                round=round_,
                group="",
                tier_name=plan.tiers[p.tier_index].name,
                tier_index=p.tier_index,
                rank=ranks[p.unit_id],
                winner_unit_id=p.unit_id,
                amount_vnd=p.amount_vnd,
            )
            for p in prizes
        ]
    UnitResult.objects.bulk_create(unit_results, batch_size=2000)
    Award.objects.bulk_create(awards)
    return awards
