"""What closing decides, as pure functions over typed inputs: read → decide →
write. awards.inputs reads a round's (or a contest's) inputs into the values
below; the functions here rank, allocate the individual prizes and rank the units
and give the collective prizes; awards.services.writing persists the outcome.

No Django here: plain values in, plain values out, testable without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import NamedTuple

from core.prizes import PrizeTier

from . import decisions
from .ranking import AttemptRow, RankedAttempt, rank_attempts

# Award.Part values (repeated: no Django import here).
PART_ROUND = "round"
PART_CONTEST = "contest"
PART_COLLECTIVE = "collective"
PART_SPECIAL = "special"

WARN_NO_GROUP = (
    "{n} thí sinh không thuộc nhóm xếp hạng nào: có tên trong bảng xếp hạng chung "
    "nhưng không được xét giải của nhóm."
)
WARN_NO_UNIT_KIND = "Giải tập thể «{tier}»: chưa chọn cấp đơn vị xét giải."
WARN_UNRANKED_UNIT = "Đơn vị «{unit}» không được xếp hạng: {reason}."
WARN_BAD_COLLECTIVE = "Không xếp hạng tập thể được: {error}."
WARN_ZERO_COUNT = "Giải «{tier}» có số lượng 0: chưa trao (theo Thể lệ quy định sau)."

# ---------------------------------------------------------------------- inputs


class Participation(NamedTuple):
    """A counted attempt as a collective ranking sees it."""

    user_id: int
    unit_id: int | None
    score: int


@dataclass(frozen=True, slots=True)
class RoundCounts:
    participants: int
    attempts_finished: int
    people_all_correct: int
    attempts_all_correct: int


@dataclass(frozen=True, slots=True)
class CollectiveRules:
    """How a contest ranks its units and the unit tree to total them over (empty
    when no collective ranking is due)."""

    unit_kind: str
    root_id: int | None
    order: tuple[str, ...]
    weights: dict[str, int] | None
    min_rate: Fraction | None
    tiers: tuple[PrizeTier, ...]
    unit_tree: tuple[decisions.UnitTreeRow, ...]


@dataclass(frozen=True, slots=True)
class PrizeRules:
    """Who may win what in one scope (a round, or the whole contest)."""

    groups: dict[int, str]  # ranking group id → name, in the contest's order
    tiers: tuple[PrizeTier, ...]  # individual tiers, in prize order
    excluded_user_ids: frozenset[int]
    already_won_user_ids: frozenset[int]
    one_prize_per_person: bool
    collective: CollectiveRules


@dataclass(frozen=True, slots=True)
class RoundInputs:
    """A round as its close decides it (``prediction_target`` None: the contest
    asks no prediction)."""

    round_id: int
    prediction_target: str | None
    counts: RoundCounts
    rows: list[AttemptRow]
    prizes: PrizeRules


class ContestRow(NamedTuple):
    """A counted attempt of one of the contest's closed rounds."""

    round_id: int
    user_id: int
    score: int
    prediction: int | None
    duration_ms: int
    submitted_at: datetime
    group: int | None
    unit_id: int | None


@dataclass(frozen=True, slots=True)
class ContestInputs:
    """The contest-wide standing's inputs: ``true_answers`` round id → that
    round's true answer (None: no prediction asked); ``round_prize_units`` the
    unit of every individual round prize."""

    contest_id: int
    true_answers: dict[int, int | None]
    rows: list[ContestRow]
    round_prize_units: list[int | None]
    prizes: PrizeRules


# --------------------------------------------------------------------- outcome


@dataclass(frozen=True, slots=True)
class AwardDraft:
    """One Award row to write; the scope (contest, round) is the writer's."""

    part: str
    tier_name: str
    tier_index: int
    rank: int
    amount_vnd: int
    group: str = ""
    winner_user_id: int | None = None
    winner_unit_id: int | None = None
    unit_id: int | None = None
    source_id: int | None = None


@dataclass(frozen=True, slots=True)
class UnitResultDraft:
    """One UnitResult row: ranked (``rank``) or left out (``reason``)."""

    unit_kind: str
    rule: str
    unit_id: int
    staff_count: int | None
    contestants: int
    prizes: int
    avg_best_score_milli: int | None
    weighted_score: int | None = None
    rank: int | None = None
    reason: str = ""


@dataclass(slots=True)
class Prizes:
    """What one scope's allocation gave, with the warnings for the organizer."""

    individual: list[AwardDraft] = field(default_factory=list)
    unit_results: list[UnitResultDraft] = field(default_factory=list)
    collective: list[AwardDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def awards(self) -> list[AwardDraft]:
        return self.individual + self.collective


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    ranked: list[RankedAttempt]
    true_answer: int | None
    prizes: Prizes


@dataclass(frozen=True, slots=True)
class ContestStanding:
    """A person's contest-wide standing row: ranked as decisions.contest_row, with
    how many rounds they were counted in."""

    entry: RankedAttempt
    rounds: int


@dataclass(frozen=True, slots=True)
class ContestOutcome:
    standing: list[ContestStanding]
    prizes: Prizes


# ---------------------------------------------------------------------- rounds


def decide_round(inputs: RoundInputs) -> RoundOutcome:
    """Rank a round (with the prediction's true answer when asked) and allocate
    its individual and per-round collective prizes."""
    true_answer = None
    if inputs.prediction_target is not None:
        counts = inputs.counts
        true_answer = decisions.prediction_true_answer(
            inputs.prediction_target,
            participants=counts.participants,
            people_all_correct=counts.people_all_correct,
            attempts_all_correct=counts.attempts_all_correct,
        )
    ranked = rank_attempts(inputs.rows, true_answer=true_answer)
    return RoundOutcome(ranked, true_answer, decide_round_prizes(ranked, inputs.prizes))


def decide_round_prizes(ranked: Sequence[RankedAttempt], rules: PrizeRules) -> Prizes:
    """A round's prizes from its ranking (also re-allocating a later round's
    prizes from its stored ranking after a regrade)."""
    prizes = Prizes()
    prizes.individual = decide_individual(
        ranked, rules, part=PART_ROUND, warnings=prizes.warnings, warn_always=True
    )
    _decide_collective(
        prizes,
        rules.collective,
        participation=[
            Participation(e.row.user_id, e.row.unit_id, e.row.score) for e in ranked
        ],
        prize_units=[a.unit_id for a in prizes.individual],
        always=False,
    )
    return prizes


def decide_individual(
    ranked: Sequence[RankedAttempt],
    rules: PrizeRules,
    *,
    part: str,
    warnings: list[str],
    warn_always: bool,
) -> list[AwardDraft]:
    """The individual prizes of a ranking; warns of zero-count tiers and of
    people in no ranking group (always, or only when there are tiers)."""
    warnings += [
        WARN_ZERO_COUNT.format(tier=t.name) for t in rules.tiers if t.count == 0
    ]
    group_ids = list(rules.groups)
    unassigned = decisions.unassigned_count(ranked, group_ids)
    if unassigned and (warn_always or rules.tiers):
        warnings.append(WARN_NO_GROUP.format(n=unassigned))
    given = decisions.allocate_individual(
        ranked,
        rules.tiers,
        group_ids,
        excluded_user_ids=rules.excluded_user_ids,
        already_won_user_ids=rules.already_won_user_ids,
        one_prize_per_person=rules.one_prize_per_person,
    )
    winners = {g.award.attempt_id for g in given}
    entries = {e.row.attempt_id: e for e in ranked if e.row.attempt_id in winners}
    drafts = []
    for g in given:
        entry = entries[g.award.attempt_id]
        drafts.append(
            AwardDraft(
                part=part,
                tier_name=g.tier.name,
                tier_index=g.award.tier_index,
                rank=entry.group_rank if g.group is not None else entry.rank,
                amount_vnd=g.award.amount_vnd,
                group=rules.groups.get(g.group, "") if g.group is not None else "",
                winner_user_id=g.award.user_id,
                unit_id=entry.row.unit_id,
                source_id=g.award.attempt_id if part == PART_ROUND else None,
            )
        )
    return drafts


# ------------------------------------------------------------------ collective


def _decide_collective(
    prizes: Prizes,
    rules: CollectiveRules,
    *,
    participation: Iterable[Participation],
    prize_units: list[int | None],
    always: bool,
) -> None:
    """Rank the units and give the collective and special prizes of a round or of
    the contest into ``prizes``. ``always``: rank the contest's units even without
    collective tiers (the standing organizers follow)."""
    plans, missing = decisions.collective_plans(
        rules.tiers, rules.unit_kind, always=always
    )
    prizes.warnings += [WARN_NO_UNIT_KIND.format(tier=t.name) for t in missing]
    if not plans:
        return
    participation = list(participation)
    rows_by_kind: dict[str, list] = {}
    for plan in plans:
        rows = rows_by_kind.get(plan.unit_kind)
        if rows is None:
            rows = rows_by_kind[plan.unit_kind] = decisions.unit_rows(
                rules.unit_tree,
                kind=plan.unit_kind,
                root_id=rules.root_id,
                participation=participation,
                prize_units=prize_units,
            )
        try:
            ranked, unranked, given = decisions.rank_plan(
                plan,
                rows,
                order=rules.order,
                weights=rules.weights,
                min_rate=rules.min_rate,
            )
        except (TypeError, ValueError) as error:
            prizes.warnings.append(WARN_BAD_COLLECTIVE.format(error=error))
            continue
        if plan.rule == "":
            prizes.warnings += [
                WARN_UNRANKED_UNIT.format(unit=u.row.name, reason=u.reason)
                for u in unranked
            ]
        prizes.unit_results += [
            _unit_result(plan, u.row, weighted_score=u.weighted_score, rank=u.rank)
            for u in ranked
        ]
        prizes.unit_results += [
            _unit_result(plan, u.row, reason=u.reason) for u in unranked
        ]
        ranks = {u.row.unit_id: u.rank for u in ranked}
        part = PART_COLLECTIVE if plan.rule == "" else PART_SPECIAL
        prizes.collective += [
            AwardDraft(
                part=part,
                tier_name=plan.tiers[p.tier_index].name,
                tier_index=p.tier_index,
                rank=ranks[p.unit_id],
                amount_vnd=p.amount_vnd,
                winner_unit_id=p.unit_id,
            )
            for p in given
        ]


def _unit_result(
    plan: decisions.CollectivePlan, row, **ranking: int | str | None
) -> UnitResultDraft:
    return UnitResultDraft(
        unit_kind=plan.unit_kind,
        rule=plan.rule,
        unit_id=row.unit_id,
        staff_count=row.staff_count,
        contestants=row.contestants,
        prizes=row.prizes,
        avg_best_score_milli=row.avg_best_score_milli,
        **ranking,
    )


# --------------------------------------------------------------------- contest


@dataclass(slots=True)
class _Totals:
    """A person's running totals over the contest's rounds."""

    rounds: int
    score: int
    duration_ms: int
    gap: int | None  # None: a prediction is missing in a round that asked one
    last: ContestRow  # the row of their last submit: its group and unit count


def person_totals(inputs: ContestInputs) -> list[decisions.PersonTotals]:
    """Each person's counted attempts over the closed rounds, summed. A round that
    asked no prediction adds 0 to the gap; a missing prediction makes the total
    unknown (ranked after every known one). The person's latest group and unit
    (by submit time, then round) speak for them contest-wide."""
    totals: dict[int, _Totals] = {}
    for row in inputs.rows:
        truth = inputs.true_answers.get(row.round_id)
        missing = truth is not None and row.prediction is None
        gap = None if missing else (0 if truth is None else abs(row.prediction - truth))
        seen = totals.get(row.user_id)
        if seen is None:
            totals[row.user_id] = _Totals(1, row.score, row.duration_ms, gap, row)
            continue
        seen.rounds += 1
        seen.score += row.score
        seen.duration_ms += row.duration_ms
        seen.gap = None if gap is None or seen.gap is None else seen.gap + gap
        if (row.submitted_at, row.round_id) > (
            seen.last.submitted_at,
            seen.last.round_id,
        ):
            seen.last = row
    return [
        decisions.PersonTotals(
            user_id=user_id,
            rounds=t.rounds,
            total_score=t.score,
            total_duration_ms=t.duration_ms,
            last_submitted_at=t.last.submitted_at,
            total_gap=t.gap,
            group=t.last.group,
            unit_id=t.last.unit_id,
        )
        for user_id, t in totals.items()
    ]


def decide_contest(inputs: ContestInputs) -> ContestOutcome:
    """The contest-wide standing, its individual prizes and the contest-wide
    collective ranking and prizes."""
    uses_prediction = any(v is not None for v in inputs.true_answers.values())
    people = person_totals(inputs)
    rounds = {p.user_id: p.rounds for p in people}
    ranked = rank_attempts(
        (decisions.contest_row(p) for p in people),
        true_answer=0 if uses_prediction else None,
    )
    prizes = Prizes()
    prizes.individual = decide_individual(
        ranked,
        inputs.prizes,
        part=PART_CONTEST,
        warnings=prizes.warnings,
        warn_always=False,
    )
    _decide_collective(
        prizes,
        inputs.prizes.collective,
        participation=[
            Participation(r.user_id, r.unit_id, r.score) for r in inputs.rows
        ],
        prize_units=[
            *inputs.round_prize_units,
            *(a.unit_id for a in prizes.individual),
        ],
        always=True,
    )
    standing = [ContestStanding(e, rounds[e.row.user_id]) for e in ranked]
    return ContestOutcome(standing, prizes)
