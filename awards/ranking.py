"""Pure ranking rules: individual order, prize allocation, collective (unit) ranking.

No Django here. Selectors feed flat rows in, services write the results out in bulk.
Every order is total (a unique id is the last key), so the same rows give the same
ranking whatever order they arrive in, and closing a round twice changes nothing.
Each ranking is one sort with a flat tuple key: O(n log n), one small tuple per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from operator import attrgetter, itemgetter
from typing import Literal, NamedTuple

from core.formatting import micros, percent
from core.prizes import PrizeTier, allocate

Instant = datetime | int
CountPolicy = Literal["best", "first"]
# A ranking group: its name or id (the database feeds ranking_group_id); None is a
# group too.
Group = int | str | None

UNIT_KEYS = ("rate", "prizes", "contestants", "avg_score")
DEFAULT_UNIT_ORDER = ("rate", "prizes", "contestants")

REASON_NO_STAFF_COUNT = "Đơn vị chưa có tổng số CBCCVCLĐ (staff_count)"
REASON_BAD_STAFF_COUNT = "Tổng số CBCCVCLĐ (staff_count) không hợp lệ: {staff_count}"
REASON_BELOW_THRESHOLD = "Tỷ lệ tham gia {rate} thấp hơn ngưỡng {threshold}"


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """An attempt as loaded from the database. ``score``: correct answers;
    ``submitted_at``: aware datetime or int epoch microseconds (UTC), both forms may
    be mixed; ``attempt_id`` unique within a call."""

    attempt_id: int
    user_id: int
    score: int
    prediction: int | None
    duration_ms: int
    submitted_at: Instant
    group: Group = None
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class RankedAttempt:
    """An attempt with its place. ``rank``: 1..n over the round, all distinct;
    ``group_rank``: 1..k among rows of the same ``group`` (None is a group too);
    ``gap``: |prediction - true answer|, None when missing or not used."""

    rank: int
    group_rank: int
    gap: int | None
    row: AttemptRow

    @property
    def keys(self) -> tuple[int, int | None, int, Instant]:
        """(score, gap, duration_ms, submitted_at): stored to answer "why am I 4th"."""
        return (self.row.score, self.gap, self.row.duration_ms, self.row.submitted_at)


def prediction_gap(prediction: int | None, true_answer: int | None) -> int | None:
    """Return |prediction - true_answer|; None when no prediction was given (ranked
    after every given one) or when there is no true answer (the key is not used)."""
    if prediction is None or true_answer is None:
        return None
    return abs(prediction - true_answer)


def _best_key(row: AttemptRow) -> tuple[int, int, int, int]:
    return (-row.score, row.duration_ms, micros(row.submitted_at), row.attempt_id)


def _first_key(row: AttemptRow) -> tuple[int, int]:
    return (micros(row.submitted_at), row.attempt_id)


def _attempt_key(true_answer: int | None) -> Callable[[AttemptRow], tuple]:
    if true_answer is None:
        return _best_key

    def key(row: AttemptRow) -> tuple[int, bool, int, int, int, int]:
        # A missing prediction sorts after every given one: (True, 0) > (False, gap).
        p = row.prediction
        gap = 0 if p is None else abs(p - true_answer)
        when = micros(row.submitted_at)
        return (-row.score, p is None, gap, row.duration_ms, when, row.attempt_id)

    return key


def rank_attempts(
    rows: Iterable[AttemptRow], *, true_answer: int | None = None
) -> list[RankedAttempt]:
    """Rank the counted attempts of a round; return them best first.

    Order: score desc, prediction gap asc (missing prediction last), duration_ms asc,
    submitted_at asc, attempt_id asc. ``true_answer=None`` ignores the prediction key
    entirely: a contest without a prediction question, or the provisional standing
    of an open round. The result depends only on the set of rows, not their order.
    """
    in_group: dict[Group, int] = {}
    ranked: list[RankedAttempt] = []
    for rank, row in enumerate(sorted(rows, key=_attempt_key(true_answer)), 1):
        in_group[row.group] = group_rank = in_group.get(row.group, 0) + 1
        gap = prediction_gap(row.prediction, true_answer)
        ranked.append(RankedAttempt(rank, group_rank, gap, row))
    return ranked


def counted_attempts(
    rows: Iterable[AttemptRow], policy: CountPolicy
) -> list[AttemptRow]:
    """Choose per user the attempt that counts; return one row per user, by user_id.

    "best": score desc, duration_ms asc, submitted earlier, attempt_id asc.
    "first": earliest submitted_at, then attempt_id. One pass, one entry per user.
    """
    if policy == "best":
        key: Callable[[AttemptRow], tuple] = _best_key
    elif policy == "first":
        key = _first_key
    else:
        raise ValueError(f"unknown counting policy {policy!r}; use 'best' or 'first'")
    chosen: dict[int, tuple[tuple, AttemptRow]] = {}
    for row in rows:
        k = key(row)
        current = chosen.get(row.user_id)
        if current is None or k < current[0]:
            chosen[row.user_id] = (k, row)
    return [chosen[user_id][1] for user_id in sorted(chosen)]


@dataclass(frozen=True, slots=True)
class PrizeAward:
    """An individual prize. ``prize_rank``: 1.. in the allocation, per group when
    allocated per group (then ``group`` is set, else None). Same for units below."""

    user_id: int
    attempt_id: int
    tier_name: str
    tier_index: int
    prize_rank: int
    amount_vnd: int
    group: Group


@dataclass(frozen=True, slots=True)
class CollectivePrizeAward:
    unit_id: int
    tier_name: str
    tier_index: int
    prize_rank: int
    amount_vnd: int
    group: Group


def allocate_prizes(
    ranked: Iterable[RankedAttempt],
    tiers: Sequence[PrizeTier],
    *,
    per_group: bool,
    excluded_user_ids: set[int] | frozenset[int],
    already_won_user_ids: set[int] | frozenset[int],
    one_prize_per_person: bool,
    min_score: int = 0,
) -> list[PrizeAward]:
    """Give the tiers' prizes going down the ranking by ``rank`` (input order free).

    With ``per_group`` the same tiers are given separately in each group. Skipped:
    excluded users, scores below ``min_score`` and, when ``one_prize_per_person``,
    users in ``already_won_user_ids`` (earlier rounds). Nobody wins twice in one
    allocation; prizes nobody qualifies for stay unawarded. Awards come best first.
    """

    def eligible(entry: RankedAttempt) -> bool:
        user_id = entry.row.user_id
        if entry.row.score < min_score or user_id in excluded_user_ids:
            return False
        return not (one_prize_per_person and user_id in already_won_user_ids)

    picks = allocate(
        sorted(ranked, key=attrgetter("rank")),
        tiers,
        group_of=attrgetter("row.group") if per_group else None,
        winner_of=attrgetter("row.user_id"),
        eligible=eligible,
    )
    return [
        PrizeAward(
            user_id=p.candidate.row.user_id,
            attempt_id=p.candidate.row.attempt_id,
            tier_name=p.tier.name,
            tier_index=p.tier_index,
            prize_rank=p.prize_rank,
            amount_vnd=p.tier.amount_vnd,
            group=p.candidate.row.group if per_group else None,
        )
        for p in picks
    ]


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A competing unit with its subtree's totals: ``contestants`` distinct people,
    ``prizes`` individual prizes won, ``avg_best_score_milli`` mean best score x 1000
    (None without contestants)."""

    unit_id: int
    name: str
    staff_count: int | None
    contestants: int
    prizes: int
    avg_best_score_milli: int | None = None
    group: Group = None


@dataclass(frozen=True, slots=True)
class RankedUnit:
    """A ranked unit: ranks as in RankedAttempt, the exact ``rate``, and the
    ``weighted_score`` (None unless weights were given)."""

    rank: int
    group_rank: int
    rate: Fraction
    weighted_score: int | None
    row: UnitRow


@dataclass(frozen=True, slots=True)
class UnrankedUnit:
    """A unit left out of the ranking, with the reason to show the organizer."""

    row: UnitRow
    reason: str


class UnitRanking(NamedTuple):
    ranked: list[RankedUnit]
    unranked: list[UnrankedUnit]


def unit_key_values(row: UnitRow) -> dict[str, int]:
    """Integer value of each key for the weighted score (needs staff_count > 0):
    rate = contestants * 1000 // staff_count (per-mille, rounded down);
    prizes, contestants = the counts; avg_score = avg_best_score_milli, 0 if None."""
    return {
        "rate": row.contestants * 1000 // (row.staff_count or 0),
        "prizes": row.prizes,
        "contestants": row.contestants,
        "avg_score": row.avg_best_score_milli or 0,
    }


def weighted_unit_score(row: UnitRow, weights: Mapping[str, int]) -> int:
    """Sum of weight x unit_key_values(row)[key] over the keys in ``weights``."""
    values = unit_key_values(row)
    return sum(weight * values[name] for name, weight in weights.items())


def _unit_rate(row: UnitRow, min_rate: Fraction | int | None) -> Fraction | str:
    """The unit's exact participation rate, or the reason it is not ranked."""
    if row.staff_count is None or row.staff_count == 0:
        return REASON_NO_STAFF_COUNT
    if row.staff_count < 0:
        return REASON_BAD_STAFF_COUNT.format(staff_count=row.staff_count)
    rate = Fraction(row.contestants, row.staff_count)
    if min_rate is not None and rate < min_rate:
        threshold = percent(Fraction(min_rate))
        return REASON_BELOW_THRESHOLD.format(rate=percent(rate), threshold=threshold)
    return rate


def rank_units(
    units: Iterable[UnitRow],
    *,
    order: Sequence[str] = DEFAULT_UNIT_ORDER,
    weights: Mapping[str, int] | None = None,
    min_rate: Fraction | int | None = None,
) -> UnitRanking:
    """Rank units for collective prizes; return (ranked best first, unranked).

    rate = contestants / staff_count, exact. A unit with staff_count None or <= 0,
    or with rate < ``min_rate`` when given, is not ranked: it goes to ``unranked``
    (by unit_id) with a Vietnamese reason. Order: weighted_unit_score desc first when
    ``weights`` is given; then the ``order`` keys (from UNIT_KEYS), each desc with a
    missing avg_score last; then unit_id asc. ``group_rank`` restarts per group.
    """
    unknown = sorted({*order, *(weights or {})} - set(UNIT_KEYS))
    if unknown:
        raise ValueError(f"unknown unit key(s) {unknown}; allowed: {list(UNIT_KEYS)}")
    if isinstance(min_rate, float):
        raise TypeError("min_rate must be a Fraction or an int, not a float")
    scored: list[tuple[tuple, Fraction, int | None, UnitRow]] = []
    unranked: list[UnrankedUnit] = []
    for row in units:
        rate = _unit_rate(row, min_rate)
        if isinstance(rate, str):
            unranked.append(UnrankedUnit(row, rate))
            continue
        weighted = None if weights is None else weighted_unit_score(row, weights)
        avg = row.avg_best_score_milli
        desc = {
            "rate": -rate,
            "prizes": -row.prizes,
            "contestants": -row.contestants,
            "avg_score": (avg is None, -(avg or 0)),
        }
        lead = () if weighted is None else (-weighted,)
        key = (*lead, *(desc[name] for name in order), row.unit_id)
        scored.append((key, rate, weighted, row))
    scored.sort(key=itemgetter(0))
    in_group: dict[Group, int] = {}
    ranked: list[RankedUnit] = []
    for rank, (_, rate, weighted, row) in enumerate(scored, 1):
        in_group[row.group] = group_rank = in_group.get(row.group, 0) + 1
        ranked.append(RankedUnit(rank, group_rank, rate, weighted, row))
    unranked.sort(key=lambda item: item.row.unit_id)
    return UnitRanking(ranked, unranked)


def allocate_collective_prizes(
    ranked_units: Iterable[RankedUnit],
    tiers: Sequence[PrizeTier],
    per_group: bool = False,
) -> list[CollectivePrizeAward]:
    """Give collective prizes going down the unit ranking by ``rank``, per group if
    asked: tiers in order, a unit wins at most once, missing units leave prizes out."""
    picks = allocate(
        sorted(ranked_units, key=attrgetter("rank")),
        tiers,
        group_of=attrgetter("row.group") if per_group else None,
        winner_of=attrgetter("row.unit_id"),
    )
    return [
        CollectivePrizeAward(
            unit_id=p.candidate.row.unit_id,
            tier_name=p.tier.name,
            tier_index=p.tier_index,
            prize_rank=p.prize_rank,
            amount_vnd=p.tier.amount_vnd,
            group=p.candidate.row.group if per_group else None,
        )
        for p in picks
    ]


def unit_with_most_contestants(units: Iterable[UnitRow]) -> UnitRow | None:
    """Special prize "đơn vị có nhiều thí sinh nhất": most contestants, ties to the
    lowest unit_id; None when no unit has a contestant. staff_count is irrelevant."""
    best = min(units, key=lambda row: (-row.contestants, row.unit_id), default=None)
    if best is None or best.contestants <= 0:
        return None
    return best


def rank_units_by_key(units: Iterable[UnitRow], key: str) -> list[RankedUnit]:
    """Rank units by one key alone, for a special prize's rule (PrizeTier.rule):
    "contestants" (the unit with the most contestants), "prizes" or "avg_score",
    each desc, then unit_id asc. staff_count is irrelevant and a unit with nothing
    to show (0, or no average) is left out: nobody wins "most contestants" with 0.
    "rate" needs a staff count: use rank_units(order=("rate",)) instead."""
    if key not in UNIT_KEYS or key == "rate":
        allowed = [k for k in UNIT_KEYS if k != "rate"]
        raise ValueError(f"unknown single-key rule {key!r}; allowed: {allowed}")

    def value(row: UnitRow) -> int:
        if key == "avg_score":
            return row.avg_best_score_milli or 0
        return getattr(row, key)

    def rate(row: UnitRow) -> Fraction:
        if not row.staff_count or row.staff_count < 0:
            return Fraction(0)
        return Fraction(row.contestants, row.staff_count)

    chosen = sorted(
        (row for row in units if value(row) > 0),
        key=lambda row: (-value(row), row.unit_id),
    )
    in_group: dict[Group, int] = {}
    ranked: list[RankedUnit] = []
    for rank, row in enumerate(chosen, 1):
        in_group[row.group] = group_rank = in_group.get(row.group, 0) + 1
        ranked.append(RankedUnit(rank, group_rank, rate(row), None, row))
    return ranked
