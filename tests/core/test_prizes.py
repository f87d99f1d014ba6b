"""The one prize allocator (core.prizes): rounds, contests, collectives, videos
and the live final all give their tiers through it. Pure: no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.prizes import PrizeTier, allocate

TIERS = [PrizeTier("Nhất", 1, 300), PrizeTier("Nhì", 2, 200)]


def test_tiers_go_down_the_ranking_in_order_and_stop_when_full():
    picks = allocate(["a", "b", "c", "d"], TIERS, winner_of=str)
    assert [(p.candidate, p.tier.name, p.tier_index, p.prize_rank) for p in picks] == [
        ("a", "Nhất", 0, 1),
        ("b", "Nhì", 1, 2),
        ("c", "Nhì", 1, 3),
    ]


def test_ineligible_and_repeated_winners_are_skipped():
    picks = allocate(
        ["a", "x", "a", "b", "c"], TIERS, winner_of=str, eligible=lambda c: c != "x"
    )
    assert [p.candidate for p in picks] == ["a", "b", "c"]


def test_each_group_gets_the_same_tiers():
    ranked = [("a", 1), ("b", 2), ("c", 1), ("d", 2), ("e", 1), ("f", 1)]
    picks = allocate(ranked, TIERS, winner_of=lambda c: c[0], group_of=lambda c: c[1])
    assert [(p.candidate[0], p.prize_rank) for p in picks] == [
        ("a", 1),
        ("b", 1),
        ("c", 2),
        ("d", 2),
        ("e", 3),
    ]


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="count and amount"):
        PrizeTier("Nhất", -1, 0)


@given(
    n=st.integers(0, 12),
    counts=st.lists(st.integers(0, 3), max_size=4),
)
def test_nobody_wins_twice_and_prizes_never_exceed_the_tiers(n, counts):
    tiers = [PrizeTier(f"T{i}", c, 1) for i, c in enumerate(counts)]
    picks = allocate(range(n), tiers, winner_of=int)
    assert len(picks) == min(n, sum(counts))
    assert len({p.candidate for p in picks}) == len(picks)
    assert [p.tier_index for p in picks] == sorted(p.tier_index for p in picks)
