"""Reads for closing: everything a round's (or a contest's) ranking and prizes
depend on, loaded once into a typed value (awards.deciding) for the pure
decisions. Flat rows with a server-side cursor, never a model instance per
attempt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from fractions import Fraction

from django.db.models import Count, F, Max, Q

from contests.models import Attempt, Contest, Round
from contests.models import PrizeTier as TierRow
from core.prizes import PrizeTier
from review import selectors as review_selectors

from .deciding import (
    CollectiveRules,
    ContestInputs,
    ContestRow,
    PrizeRules,
    RoundCounts,
    RoundInputs,
)
from .models import Award, RoundClosing, RoundResult
from .ranking import DEFAULT_UNIT_ORDER, AttemptRow, RankedAttempt
from .selectors import ITERATOR_CHUNK, excluded_user_ids, ranking_groups, unit_tree


def round_inputs(round_: Round) -> RoundInputs:
    """Everything closing ``round_`` depends on (call it inside the closing
    transaction, after the last attempts are finalised)."""
    contest = round_.contest
    return RoundInputs(
        round_id=round_.id,
        prediction_target=(
            contest.prediction_target if contest.prediction_enabled else None
        ),
        counts=round_counts(round_.id),
        rows=list(counted_rows(round_.id)),
        prizes=round_prize_rules(round_),
    )


def round_prize_rules(round_: Round) -> PrizeRules:
    """The round's tiers, groups, exclusions and earlier winners."""
    contest = round_.contest
    already = (
        earlier_round_winner_ids(round_)
        if contest.one_individual_prize_per_person
        else set()
    )
    return _prize_rules(
        contest,
        tiers=_tiers(contest.id, round_.id, TierRow.Part.INDIVIDUAL),
        collective=_tiers(contest.id, round_.id, TierRow.Part.COLLECTIVE),
        already_won=already,
        always_collective=False,
        # The fair play review's exclusions in this round (recorded decisions).
        also_excluded=review_selectors.excluded_user_ids(round_.id),
    )


def contest_inputs(contest: Contest, round_ids: list[int]) -> ContestInputs:
    """Everything the contest-wide results over ``round_ids`` depend on."""
    true_answers = dict(
        RoundClosing.objects.filter(round_id__in=round_ids).values_list(
            "round_id", "true_answer"
        )
    )
    already = (
        _round_winner_ids(contest.id)
        if contest.one_individual_prize_per_person
        else set()
    )
    prizes = _prize_rules(
        contest,
        tiers=_tiers(contest.id, None, TierRow.Part.INDIVIDUAL),
        collective=_tiers(contest.id, None, TierRow.Part.COLLECTIVE),
        already_won=already,
        always_collective=True,
    )
    return ContestInputs(
        contest_id=contest.id,
        true_answers=true_answers,
        rows=list(_contest_counted_rows(round_ids)),
        round_prize_units=_round_prize_unit_ids(contest.id),
        prizes=prizes,
    )


def _prize_rules(
    contest: Contest,
    *,
    tiers: tuple[PrizeTier, ...],
    collective: tuple[PrizeTier, ...],
    already_won: set[int],
    always_collective: bool,
    also_excluded: set[int] | frozenset[int] = frozenset(),
) -> PrizeRules:
    # The unit tree is one query over every unit: read only when units are ranked.
    needs_tree = bool(collective) or (
        always_collective and bool(contest.collective_unit_kind)
    )
    pct = contest.collective_min_participation_pct
    return PrizeRules(
        groups=ranking_groups(contest.id),
        tiers=tiers,
        excluded_user_ids=frozenset(excluded_user_ids(contest.id) | also_excluded),
        already_won_user_ids=frozenset(already_won),
        one_prize_per_person=contest.one_individual_prize_per_person,
        collective=CollectiveRules(
            unit_kind=contest.collective_unit_kind,
            root_id=contest.unit_root_id,
            order=tuple(contest.collective_order or DEFAULT_UNIT_ORDER),
            weights=contest.collective_weights or None,
            min_rate=None if pct is None else Fraction(pct, 100),
            tiers=collective,
            unit_tree=tuple(unit_tree()) if needs_tree else (),
        ),
    )


# --------------------------------------------------------------------- loaders


# What a counted attempt is ranked by, after the attempt's (or round's) id.
_RANKED_FIELDS = (
    "user_id",
    "score",
    "prediction",
    "duration_ms",
    "submitted_at",
    "ranking_group_id",
    "unit_id",
)


def counted_rows(round_id: int) -> Iterator[AttemptRow]:
    """The counted attempts of a round as flat rows (partial index
    contests_attempt_counted), streamed with a server-side cursor."""
    rows = (
        Attempt.objects.filter(round_id=round_id, is_counted=True)
        .order_by()
        .values_list("id", *_RANKED_FIELDS)
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
    for aid, uid, score, prediction, duration, submitted, group, unit in rows:
        yield AttemptRow(aid, uid, score, prediction, duration, submitted, group, unit)


def round_counts(round_id: int) -> RoundCounts:
    """What the prediction question can ask about, over the round's finished
    attempts, in one aggregate query."""
    all_correct = Q(score=F("question_count"))
    row = (
        Attempt.objects.filter(round_id=round_id)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .aggregate(
            participants=Count("user_id", distinct=True),
            attempts=Count("id"),
            people_all=Count("user_id", distinct=True, filter=all_correct),
            attempts_all=Count("id", filter=all_correct),
        )
    )
    return RoundCounts(
        participants=row["participants"],
        attempts_finished=row["attempts"],
        people_all_correct=row["people_all"],
        attempts_all_correct=row["attempts_all"],
    )


def open_attempts(round_id: int) -> tuple[int, datetime | None]:
    """(how many attempts of the round are still open, their latest deadline)."""
    row = Attempt.objects.filter(
        round_id=round_id, status=Attempt.Status.IN_PROGRESS
    ).aggregate(n=Count("id"), last=Max("deadline"))
    return row["n"], row["last"]


def earlier_round_winner_ids(round_: Round) -> set[int]:
    """People who won an individual prize in a round of the same contest that
    closes before this one (same close time: lower number)."""
    earlier = Q(round__closes_at__lt=round_.closes_at) | Q(
        round__closes_at=round_.closes_at, round__number__lt=round_.number
    )
    return set(
        Award.objects.filter(
            earlier,
            contest_id=round_.contest_id,
            part=Award.Part.ROUND,
            winner_user__isnull=False,
        ).values_list("winner_user_id", flat=True)
    )


def stored_ranking(round_id: int) -> list[RankedAttempt]:
    """A closed round's ranking rebuilt from its result rows (re-allocating prizes
    after an earlier round changed needs no re-ranking)."""
    rows = (
        RoundResult.objects.filter(round_id=round_id)
        .order_by("rank")
        .values_list(
            "attempt_id",
            "user_id",
            "score",
            "prediction",
            "duration_ms",
            "submitted_at",
            "ranking_group_id",
            "unit_id",
            "rank",
            "group_rank",
            "gap",
        )
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
    return [
        RankedAttempt(
            rank, grank, gap, AttemptRow(aid, uid, score, pred, dur, sub, group, unit)
        )
        for aid, uid, score, pred, dur, sub, group, unit, rank, grank, gap in rows
    ]


def _round_winner_ids(contest_id: int) -> set[int]:
    return set(
        Award.objects.filter(
            contest_id=contest_id, part=Award.Part.ROUND, winner_user__isnull=False
        ).values_list("winner_user_id", flat=True)
    )


def _tiers(contest_id: int, round_id: int | None, part: str) -> tuple[PrizeTier, ...]:
    """The tiers of ``part`` of a round (round_id: those for every round and for
    that round) or of the whole contest (round_id None), in prize order."""
    qs = TierRow.objects.filter(contest_id=contest_id, part=part)
    if round_id is None:
        qs = qs.filter(scope=TierRow.Scope.CONTEST)
    else:
        qs = qs.filter(scope=TierRow.Scope.ROUND).filter(
            Q(round__isnull=True) | Q(round_id=round_id)
        )
    return tuple(
        PrizeTier(
            name,
            count,
            amount,
            id=tier_id,
            position=position,
            ranking_group=group,
            unit_kind=kind,
            rule=rule,
        )
        for tier_id, name, count, amount, position, group, kind, rule in qs.order_by(
            "position", "id"
        ).values_list(
            "id",
            "name",
            "count",
            "amount_vnd",
            "position",
            "ranking_group_id",
            "unit_kind",
            "rule",
        )
    )


def _contest_counted_rows(round_ids: list[int]) -> Iterator[ContestRow]:
    rows = (
        Attempt.objects.filter(round_id__in=round_ids, is_counted=True)
        .order_by()
        .values_list("round_id", *_RANKED_FIELDS)
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
    return (ContestRow(*row) for row in rows)


def _round_prize_unit_ids(contest_id: int) -> list[int | None]:
    """The unit of every individual round prize of a contest: one per prize."""
    return list(
        Award.objects.filter(
            contest_id=contest_id, part=Award.Part.ROUND, winner_user__isnull=False
        ).values_list("unit_id", flat=True)
    )
