"""Prize tiers and the one allocator: rounds, contests, collectives, video clips
and the live final all hand out prizes the same way, going down a ranking.

Pure: no Django. A tier is given in prize order; the allocator walks the ranked
candidates once, best first, filling the tiers in order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from itertools import accumulate
from typing import Generic, TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class PrizeTier:
    """One prize level, e.g. PrizeTier("Nhất", 1, 1_000_000); a count of 0 is
    allowed (the tier gives nothing).

    The keyword-only fields say where a configured tier applies (a contest's
    contests.PrizeTier row): ``id`` and ``position`` its order, ``ranking_group``
    the group it is for (None: every group), ``unit_kind`` and ``rule`` which
    units a collective tier ranks. Allocation itself reads only name, count and
    amount.
    """

    name: str
    count: int
    amount_vnd: int
    _: KW_ONLY
    id: int = 0
    position: int = 0
    ranking_group: int | None = None
    unit_kind: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        if self.count < 0 or self.amount_vnd < 0:
            raise ValueError(f"prize tier {self.name!r}: count and amount must be >= 0")


@dataclass(frozen=True, slots=True)
class Pick(Generic[_T]):
    """One prize given: the candidate, the tier (and its index in the tiers
    given) and ``prize_rank`` 1.. within the allocation (within its group when
    allocating per group)."""

    candidate: _T
    tier_index: int
    tier: PrizeTier
    prize_rank: int


def allocate(
    ranked: Iterable[_T],
    tiers: Sequence[PrizeTier],
    *,
    winner_of: Callable[[_T], Hashable],
    eligible: Callable[[_T], bool] | None = None,
    group_of: Callable[[_T], Hashable] | None = None,
) -> list[Pick[_T]]:
    """Hand out ``tiers`` in order down ``ranked`` (best first).

    Nobody (``winner_of``) wins twice in one allocation; candidates that are not
    ``eligible`` are skipped; prizes nobody qualifies for stay unawarded. With
    ``group_of`` the same tiers are given separately in each group. One pass
    filling the tiers in order is the same as going down the order once per tier,
    because nobody wins twice.
    """
    bounds = list(accumulate(tier.count for tier in tiers))
    total = bounds[-1] if bounds else 0
    given: dict[Hashable, int] = {}
    winners: set[Hashable] = set()
    picks: list[Pick[_T]] = []
    for candidate in ranked:
        group = group_of(candidate) if group_of is not None else None
        done = given.get(group, 0)
        if done == total:
            if group_of is not None:
                continue
            break
        who = winner_of(candidate)
        if who in winners or (eligible is not None and not eligible(candidate)):
            continue
        winners.add(who)
        given[group] = done + 1
        index = bisect_right(bounds, done)
        picks.append(Pick(candidate, index, tiers[index], done + 1))
    return picks
