"""Pure decisions around the ranking: the prediction's true answer, which key put
one contestant above another, a contest-wide standing row, and what a regrade
changed in the prizes. No Django here (see awards.ranking for the orders)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from accounts import tree
from core.formatting import micros

from .ranking import (
    AttemptRow,
    CollectivePrizeAward,
    Group,
    PrizeAward,
    PrizeTier,
    RankedAttempt,
    RankedUnit,
    UnitRow,
    UnrankedUnit,
    allocate_collective_prizes,
    allocate_prizes,
    rank_units,
    rank_units_by_key,
)

# Contest.PredictionTarget values (repeated: no Django import here).
PEOPLE_ALL_CORRECT = "people_all_correct"
ATTEMPTS_ALL_CORRECT = "attempts_all_correct"
PERCENT_ALL_CORRECT = "percent_all_correct"
PARTICIPANTS = "participants"
PREDICTION_TARGETS = (
    PEOPLE_ALL_CORRECT,
    ATTEMPTS_ALL_CORRECT,
    PERCENT_ALL_CORRECT,
    PARTICIPANTS,
)


# The ranking keys in order, as printed on the results pages.
KEY_SCORE = "score"
KEY_GAP = "gap"
KEY_DURATION = "duration"
KEY_SUBMITTED = "submitted_at"
KEY_ID = "id"


def prediction_true_answer(
    target: str,
    *,
    participants: int,
    people_all_correct: int,
    attempts_all_correct: int,
) -> int:
    """The true answer of the prediction question of a closed round.

    people_all_correct: people with at least one finished attempt with every
    answer correct; attempts_all_correct: such attempts; participants: people with
    at least one finished attempt; percent_all_correct: 100 x people_all_correct /
    participants rounded half up to a whole percent (0 without participants), since
    a prediction is a whole number.
    """
    if target == PEOPLE_ALL_CORRECT:
        return people_all_correct
    if target == ATTEMPTS_ALL_CORRECT:
        return attempts_all_correct
    if target == PARTICIPANTS:
        return participants
    if target == PERCENT_ALL_CORRECT:
        if participants <= 0:
            return 0
        return int(Fraction(100 * people_all_correct, participants) + Fraction(1, 2))
    raise ValueError(f"unknown prediction target {target!r}")


def deciding_key(upper: RankedAttempt, lower: RankedAttempt) -> str:
    """The first ranking key on which ``upper`` (ranked higher) beats ``lower``:
    score, gap (a missing prediction loses to any given one; not used when the
    round has no true answer: both gaps None), duration, submitted_at, else id."""
    a, b = upper.row, lower.row
    if a.score != b.score:
        return KEY_SCORE
    if upper.gap != lower.gap:
        return KEY_GAP
    if a.duration_ms != b.duration_ms:
        return KEY_DURATION
    if micros(a.submitted_at) != micros(b.submitted_at):
        return KEY_SUBMITTED
    return KEY_ID


@dataclass(frozen=True, slots=True)
class PersonTotals:
    """A person's counted attempts over a contest's closed rounds, summed."""

    user_id: int
    rounds: int
    total_score: int
    total_duration_ms: int
    last_submitted_at: datetime | int
    total_gap: int | None  # None: a prediction is missing in a round that had one
    group: Group = None
    unit_id: int | None = None


def contest_row(totals: PersonTotals) -> AttemptRow:
    """The flat row awards.ranking.rank_attempts ranks a contest standing by, with
    ``true_answer=0`` when the contest has a prediction question (the gap is then the
    total gap) and None otherwise. Order: total correct ↓, total gap ↑ (missing
    last), total duration ↑, last submit ↑, user id ↑ (attempt_id = user_id)."""
    return AttemptRow(
        attempt_id=totals.user_id,
        user_id=totals.user_id,
        score=totals.total_score,
        prediction=totals.total_gap,
        duration_ms=totals.total_duration_ms,
        submitted_at=totals.last_submitted_at,
        group=totals.group,
        unit_id=totals.unit_id,
    )


@dataclass(frozen=True, slots=True)
class PrizeChange:
    """One winner whose prize differs between two allocations: ``before`` and
    ``after`` are prize labels, "" for no prize."""

    winner: int
    scope: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "gained"
        if not self.after:
            return "lost"
        return "changed"


def prize_changes(
    before: Iterable[tuple[int, str, str]], after: Iterable[tuple[int, str, str]]
) -> list[PrizeChange]:
    """Compare two allocations given as (winner, scope, label) triples (scope: the
    round or part the prize belongs to); return who gained, lost or changed which
    prize, by scope then winner. Identical allocations give []."""
    old: Mapping[tuple[str, int], str] = {(s, w): label for w, s, label in before}
    new: Mapping[tuple[str, int], str] = {(s, w): label for w, s, label in after}
    changes = [
        PrizeChange(winner=w, scope=s, before=old.get((s, w), ""), after=label)
        for (s, w), label in new.items()
        if old.get((s, w)) != label
    ]
    changes += [
        PrizeChange(winner=w, scope=s, before=label, after="")
        for (s, w), label in old.items()
        if (s, w) not in new
    ]
    return sorted(changes, key=lambda c: (c.scope, c.winner))


# ------------------------------------------------------------ prize allocation


@dataclass(frozen=True, slots=True)
class GroupAward:
    """An individual prize with the ranking group it was allocated in (None when
    the contest has no groups) and the tier it came from."""

    award: PrizeAward
    group: int | None
    tier: PrizeTier


def allocate_individual(
    ranked: Sequence[RankedAttempt],
    tiers: Sequence[PrizeTier],
    group_ids: Sequence[int],
    *,
    excluded_user_ids: set[int] | frozenset[int],
    already_won_user_ids: set[int] | frozenset[int],
    one_prize_per_person: bool,
) -> list[GroupAward]:
    """Allocate individual tiers over a ranking (of a round or of the contest).

    Without ranking groups, the tiers with no group are given down the whole
    ranking. With groups, each group gets, separately, the tiers with no group plus
    its own, in (position, id) order, down its own ranking; people outside every
    group win nothing (see unassigned_count). Exclusions and, when asked, earlier
    winners are skipped (awards.ranking.allocate_prizes).
    """
    options = {
        "per_group": False,
        "excluded_user_ids": excluded_user_ids,
        "already_won_user_ids": already_won_user_ids,
        "one_prize_per_person": one_prize_per_person,
    }
    ordered = sorted(tiers, key=lambda t: (t.position, t.id))
    if not group_ids:
        chosen = [t for t in ordered if t.ranking_group is None]
        return [
            GroupAward(award, None, chosen[award.tier_index])
            for award in allocate_prizes(ranked, chosen, **options)
        ]
    by_group: dict[int, list[RankedAttempt]] = {g: [] for g in group_ids}
    for entry in ranked:
        members = by_group.get(entry.row.group)
        if members is not None:
            members.append(entry)
    out: list[GroupAward] = []
    for group in group_ids:
        chosen = [t for t in ordered if t.ranking_group in (None, group)]
        out.extend(
            GroupAward(award, group, chosen[award.tier_index])
            for award in allocate_prizes(by_group[group], chosen, **options)
        )
    return out


def unassigned_count(ranked: Iterable[RankedAttempt], group_ids: Sequence[int]) -> int:
    """How many ranked people belong to no ranking group of a contest that has
    groups (they are ranked, but no group's prizes are theirs)."""
    if not group_ids:
        return 0
    known = set(group_ids)
    return sum(1 for entry in ranked if entry.row.group not in known)


# ------------------------------------------------------------- collective rows

UnitTreeRow = tuple[
    int, int | None, int | None, str, str
]  # id, parent, staff, kind, name


def unit_rows(
    tree_rows: Sequence[UnitTreeRow],
    *,
    kind: str,
    root_id: int | None,
    participation: Iterable[tuple[int, int | None, int]],
    prize_units: Iterable[int | None],
) -> list[UnitRow]:
    """The competing units (``kind``, inside ``root_id``'s subtree when given) with
    the totals of their whole subtree.

    participation: (user_id, unit_id, score) of counted attempts; a person counts
    once per unit (distinct contestants) with their best score (the average is of
    best scores). prize_units: the unit of each individual prize won. staff_count
    is the unit's own or, when empty, the sum of its children's (accounts.tree).
    A unit nested in another of the same kind counts for both.
    """
    parents = {uid: parent for uid, parent, _, _, _ in tree_rows}
    effective = tree.effective_staff_counts(
        (uid, parent, staff) for uid, parent, staff, _, _ in tree_rows
    )
    scope = tree.descendants(parents, [root_id]) if root_id is not None else None
    names: dict[int, str] = {}
    for uid, _, _, unit_kind, name in tree_rows:
        if unit_kind == kind and (scope is None or uid in scope):
            names[uid] = name
    credited_memo: dict[int, tuple[int, ...]] = {}

    def credited(unit_id: int) -> tuple[int, ...]:
        found = credited_memo.get(unit_id)
        if found is None:
            chain, node, seen = [], unit_id, set()
            while node is not None and node not in seen:
                seen.add(node)
                if node in names:
                    chain.append(node)
                node = parents.get(node)
            found = credited_memo[unit_id] = tuple(chain)
        return found

    best: dict[tuple[int, int], int] = {}
    for user_id, unit_id, score in participation:
        if unit_id is None:
            continue
        for competing in credited(unit_id):
            key = (competing, user_id)
            if score > best.get(key, -1):
                best[key] = score
    contestants: dict[int, int] = dict.fromkeys(names, 0)
    score_sum: dict[int, int] = dict.fromkeys(names, 0)
    for (competing, _user), score in best.items():
        contestants[competing] += 1
        score_sum[competing] += score
    prizes: dict[int, int] = dict.fromkeys(names, 0)
    for unit_id in prize_units:
        if unit_id is not None:
            for competing in credited(unit_id):
                prizes[competing] += 1
    return [
        UnitRow(
            unit_id=uid,
            name=name,
            staff_count=effective.get(uid),
            contestants=contestants[uid],
            prizes=prizes[uid],
            avg_best_score_milli=(
                score_sum[uid] * 1000 // contestants[uid] if contestants[uid] else None
            ),
        )
        for uid, name in sorted(names.items())
    ]


@dataclass(frozen=True, slots=True)
class CollectivePlan:
    """One collective allocation: the units of ``unit_kind`` ranked by the
    contest's order (``rule`` "") or by one key (a special prize), and its tiers."""

    unit_kind: str
    rule: str
    tiers: tuple[PrizeTier, ...]


def collective_plans(
    tiers: Sequence[PrizeTier], default_kind: str, *, always: bool
) -> tuple[list[CollectivePlan], list[PrizeTier]]:
    """Group collective tiers by (unit kind, rule): each group is ranked and
    allocated on its own (departments vs districts; "the unit with the most
    contestants"). ``always``: add the contest's own ranking even without tiers
    (the standing organizers follow). Returns (plans, tiers with no unit kind)."""
    plans: dict[tuple[str, str], list[PrizeTier]] = {}
    missing_kind: list[PrizeTier] = []
    if always and default_kind:
        plans[(default_kind, "")] = []
    for tier in sorted(tiers, key=lambda t: (t.position, t.id)):
        kind = tier.unit_kind or default_kind
        if not kind:
            missing_kind.append(tier)
            continue
        plans.setdefault((kind, tier.rule), []).append(tier)
    return (
        [CollectivePlan(k, r, tuple(ts)) for (k, r), ts in plans.items()],
        missing_kind,
    )


def rank_plan(
    plan: CollectivePlan,
    rows: Sequence[UnitRow],
    *,
    order: Sequence[str],
    weights: Mapping[str, int] | None,
    min_rate: Fraction | None,
) -> tuple[list[RankedUnit], list[UnrankedUnit], list[CollectivePrizeAward]]:
    """Rank the units of one plan and give its tiers down the ranking; a unit
    without a single contestant is ranked but never awarded. Raises ValueError on
    unknown ranking keys (the contest's configuration)."""
    if plan.rule in ("", "rate"):
        ranking = rank_units(
            rows,
            order=order if plan.rule == "" else ("rate",),
            weights=weights if plan.rule == "" else None,
            min_rate=min_rate,
        )
        ranked, unranked = ranking.ranked, ranking.unranked
    else:
        ranked, unranked = rank_units_by_key(rows, plan.rule), []
    competing = [u for u in ranked if u.row.contestants > 0]
    return ranked, unranked, allocate_collective_prizes(competing, plan.tiers)
