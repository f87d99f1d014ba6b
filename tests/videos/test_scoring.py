"""videos.scoring: pure, exact, hand-checked; properties by hypothesis."""

import datetime
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from videos.scoring import (
    ClipEntry,
    Rules,
    Tier,
    allocate_prizes,
    counted_totals,
    format_fraction,
    jury_score,
    rank_clips,
)

T0 = datetime.datetime(2024, 7, 1, 8, 0, tzinfo=datetime.UTC)


def at(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("totals", "drop", "expected"),
    [
        # No judges: 0.
        ((), True, Fraction(0)),
        # One or two judges: nothing is dropped even when dropping is on.
        ((800,), True, Fraction(800)),
        ((800, 700), True, Fraction(750)),
        # Three judges, dropping: only the middle one is left.
        ((860, 800, 940), True, Fraction(860)),
        # Three judges, not dropping: (860 + 800 + 940) / 3 = 2600 / 3.
        ((860, 800, 940), False, Fraction(2600, 3)),
        # Five judges, dropping one 950 and one 600: (700 + 800 + 800) / 3 = 2300 / 3.
        ((800, 950, 600, 700, 800), True, Fraction(2300, 3)),
        # Equal extremes: only one copy of each is dropped: (900 + 900) / 2.
        ((900, 900, 900, 900), True, Fraction(900)),
    ],
)
def test_jury_score_is_the_exact_mean_after_dropping(totals, drop, expected):
    assert jury_score(totals, drop) == expected


def test_fewer_than_three_judges_are_never_dropped():
    assert counted_totals([1, 2], drop_extremes=True) == [1, 2]
    assert counted_totals([3, 1, 2], drop_extremes=True) == [2]


def test_hand_checked_ranking_with_public_weight():
    # Max total 100 points = 1000 tenths; jury 70 %, public 30 %; reaction 1,
    # share 2, comment 1.
    rules = Rules(1000, drop_extremes=True, jury_weight=70, public_weight=30)
    entries = [
        # jury 860 (median of 800/860/940); interaction 100 + 2·20 + 30 = 170
        ClipEntry(1, at(0), (860, 800, 940), reactions=100, shares=20, comments=30),
        # jury 750; interaction 300 + 2·50 + 50 = 450 (the best)
        ClipEntry(2, at(1), (700, 900, 750), reactions=300, shares=50, comments=50),
        # jury 875; interaction 80 + 2·10 + 10 = 110
        ClipEntry(3, at(2), (895, 800, 875), reactions=80, shares=10, comments=10),
    ]
    ranked = rank_clips(entries, rules)
    # final = 70 · jury / 1000 + 30 · points / 450
    # clip 2: 70 · 0.75 + 30 · 1 = 52.5 + 30 = 82.5 = 165/2
    # clip 1: 70 · 0.86 + 30 · 170/450 = 60.2 + 34/3 = 1073/15 ≈ 71.53
    # clip 3: 70 · 0.875 + 30 · 110/450 = 61.25 + 22/3 = 823/12 ≈ 68.58
    assert [(s.clip_id, s.rank, s.final_score) for s in ranked] == [
        (2, 1, Fraction(165, 2)),
        (1, 2, Fraction(1073, 15)),
        (3, 3, Fraction(823, 12)),
    ]
    assert [s.interaction_points for s in ranked] == [450, 170, 110]
    assert [s.counted_judges for s in ranked] == [1, 1, 1]


def test_no_interactions_anywhere_gives_every_clip_public_share_zero():
    rules = Rules(100, jury_weight=70, public_weight=30)
    ranked = rank_clips([ClipEntry(1, at(0), (50,)), ClipEntry(2, at(0), (40,))], rules)
    assert [s.public_share for s in ranked] == [0, 0]
    # 70 · 50/100 = 35; 70 · 40/100 = 28
    assert [s.final_score for s in ranked] == [35, 28]


def test_ties_break_by_jury_score_then_submission_then_clip_id():
    rules = Rules(100, jury_weight=50, public_weight=50)
    entries = [
        # The best interaction is clip 15's 10 points.
        # final = 50·80/100 + 50·0/10 = 40
        ClipEntry(10, at(0), (80,)),
        # final = 50·60/100 + 50·4/10 = 30 + 20 = 50
        ClipEntry(11, at(5), (60,), reactions=4),
        # final = 50·80/100 + 50·2/10 = 40 + 10 = 50
        ClipEntry(12, at(3), (80,), reactions=2),
        # same final and jury as 12, submitted earlier
        ClipEntry(13, at(1), (80,), reactions=2),
        # same as 13 in every key but a larger id
        ClipEntry(14, at(1), (80,), reactions=2),
        # final = 0 + 50·10/10 = 50, jury 0
        ClipEntry(15, at(0), (0,), reactions=10),
    ]
    ranked = rank_clips(entries, rules)
    # Finals: 10 → 40; 11 → 50 (jury 60); 12, 13, 14 → 50 (jury 80); 15 → 50 (jury 0).
    # Among the 50s: jury 80 first (13 then 14 by id, both at(1), then 12 at(3)),
    # then jury 60 (11), then jury 0 (15); 10 last.
    assert [s.clip_id for s in ranked] == [13, 14, 12, 11, 15, 10]
    assert [s.rank for s in ranked] == [1, 2, 3, 4, 5, 6]


def test_prizes_follow_the_tiers_and_leave_unfilled_slots_empty():
    rules = Rules(100)
    ranked = rank_clips([ClipEntry(i, at(i), (100 - i,)) for i in range(1, 4)], rules)
    tiers = [
        Tier("Giải Nhất", 1, 4_000_000),
        Tier("Giải Nhì", 1, 3_500_000),
        Tier("Giải Ba", 2, 3_000_000),
    ]
    prizes = allocate_prizes(ranked, tiers)
    assert [(p.clip_id, p.tier_index, p.tier_name, p.amount_vnd) for p in prizes] == [
        (1, 0, "Giải Nhất", 4_000_000),
        (2, 1, "Giải Nhì", 3_500_000),
        (3, 2, "Giải Ba", 3_000_000),
    ]


def test_rules_refuse_weights_not_summing_to_100():
    with pytest.raises(ValueError, match="sum to 100"):
        Rules(100, jury_weight=70, public_weight=20)


def test_duplicate_clip_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        rank_clips([ClipEntry(1, T0, ()), ClipEntry(1, T0, ())], Rules(10))


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(1073, 15), 2, "71.53"),
        (Fraction(823, 12), 2, "68.58"),
        (Fraction(165, 2), 2, "82.50"),
        (Fraction(1, 200), 2, "0.01"),  # half rounds up
        (Fraction(875, 10), 1, "87.5"),
        (Fraction(0), 0, "0"),
    ],
)
def test_format_fraction_rounds_half_up(value, places, text):
    assert format_fraction(value, places) == text


# --- Properties --------------------------------------------------------------------

MAX_TOTAL = 1000
totals_st = st.lists(st.integers(0, MAX_TOTAL), max_size=7)
clip_st = st.tuples(
    totals_st,
    st.integers(0, 10_000),
    st.integers(0, 1_000),
    st.integers(0, 1_000),
    st.integers(0, 60 * 24),
)
weights_st = st.integers(0, 100)


def _entries(raw):
    return [
        ClipEntry(i + 1, at(minute), tuple(totals), reactions=r, shares=s, comments=c)
        for i, (totals, r, s, c, minute) in enumerate(raw)
    ]


@settings(max_examples=150, deadline=None)
@given(
    raw=st.lists(clip_st, min_size=1, max_size=8),
    jury_weight=weights_st,
    drop=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_input_order_never_changes_the_ranking(raw, jury_weight, drop, seed):
    rules = Rules(MAX_TOTAL, drop, jury_weight, 100 - jury_weight)
    entries = _entries(raw)
    shuffled = list(entries)
    rng = random.Random(seed)
    rng.shuffle(shuffled)
    # Shuffle each clip's judge totals too: which judge scored first is irrelevant.
    shuffled = [
        ClipEntry(
            e.clip_id,
            e.submitted_at,
            tuple(rng.sample(e.judge_totals, len(e.judge_totals))),
            e.reactions,
            e.shares,
            e.comments,
        )
        for e in shuffled
    ]
    assert rank_clips(shuffled, rules) == rank_clips(entries, rules)


@settings(max_examples=150, deadline=None)
@given(
    raw=st.lists(clip_st, min_size=1, max_size=6),
    extra=st.integers(0, MAX_TOTAL),
    jury_weight=weights_st,
    drop=st.booleans(),
)
def test_adding_a_judge_score_in_range_keeps_scores_within_bounds(
    raw, extra, jury_weight, drop
):
    rules = Rules(MAX_TOTAL, drop, jury_weight, 100 - jury_weight)
    entries = _entries(raw)
    first = entries[0]
    grown = [
        ClipEntry(
            first.clip_id,
            first.submitted_at,
            (*first.judge_totals, extra),
            first.reactions,
            first.shares,
            first.comments,
        ),
        *entries[1:],
    ]
    for scores in (rank_clips(entries, rules), rank_clips(grown, rules)):
        for s in scores:
            assert 0 <= s.jury_score <= MAX_TOTAL
            assert 0 <= s.public_share <= 1
            assert 0 <= s.final_score <= 100
    after = next(s for s in rank_clips(grown, rules) if s.clip_id == first.clip_id)
    # The new mean lies between the lowest and highest score the clip now has.
    everything = (*first.judge_totals, extra)
    assert min(everything) <= after.jury_score <= max(everything)


@settings(max_examples=100, deadline=None)
@given(
    raw=st.lists(clip_st, min_size=1, max_size=8),
    counts=st.lists(st.integers(1, 3), min_size=1, max_size=4),
)
def test_prizes_go_to_distinct_clips_in_rank_order(raw, counts):
    ranked = rank_clips(_entries(raw), Rules(MAX_TOTAL))
    prizes = allocate_prizes(
        ranked, [Tier(f"T{i}", n, 1) for i, n in enumerate(counts)]
    )
    assert len(prizes) == min(len(ranked), sum(counts))
    assert len({p.clip_id for p in prizes}) == len(prizes)
    assert [p.rank for p in prizes] == list(range(1, len(prizes) + 1))
    assert [p.tier_index for p in prizes] == sorted(p.tier_index for p in prizes)
