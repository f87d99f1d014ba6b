"""Pure ranking rules: hand-checked cases and properties. No database, no Django."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.ranking import (
    REASON_BAD_STAFF_COUNT,
    REASON_BELOW_THRESHOLD,
    REASON_NO_STAFF_COUNT,
    AttemptRow,
    CollectivePrizeAward,
    PrizeAward,
    PrizeTier,
    UnitRow,
    allocate_collective_prizes,
    allocate_prizes,
    counted_attempts,
    prediction_gap,
    rank_attempts,
    rank_units,
    unit_key_values,
    unit_with_most_contestants,
    weighted_unit_score,
)

BEN_TRE_TIERS = [
    PrizeTier("Nhất", 1, 1_000_000),
    PrizeTier("Nhì", 1, 800_000),
    PrizeTier("Ba", 1, 600_000),
]
WITH_KK = [*BEN_TRE_TIERS, PrizeTier("Khuyến khích", 2, 300_000)]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def attempt(
    attempt_id: int,
    *,
    user_id: int | None = None,
    score: int = 10,
    prediction: int | None = None,
    duration_ms: int = 60_000,
    submitted_at: datetime | int = 1_000,
    group: str | None = None,
) -> AttemptRow:
    return AttemptRow(
        attempt_id=attempt_id,
        user_id=attempt_id if user_id is None else user_id,
        score=score,
        prediction=prediction,
        duration_ms=duration_ms,
        submitted_at=submitted_at,
        group=group,
    )


def unit(
    unit_id: int,
    *,
    staff_count: int | None = 100,
    contestants: int = 50,
    prizes: int = 0,
    avg: int | None = None,
    group: str | None = None,
) -> UnitRow:
    return UnitRow(
        unit_id=unit_id,
        name=f"Đơn vị {unit_id}",
        staff_count=staff_count,
        contestants=contestants,
        prizes=prizes,
        avg_best_score_milli=avg,
        group=group,
    )


def order_of(rows: list[AttemptRow], true_answer: int | None = None) -> list[int]:
    return [r.row.attempt_id for r in rank_attempts(rows, true_answer=true_answer)]


def allocate(ranked, tiers=BEN_TRE_TIERS, **options) -> list[PrizeAward]:
    settings = {
        "per_group": False,
        "excluded_user_ids": set(),
        "already_won_user_ids": set(),
        "one_prize_per_person": True,
    }
    return allocate_prizes(ranked, tiers, **{**settings, **options})


def winners(awards: list[PrizeAward]) -> list[tuple[int, str]]:
    return [(award.user_id, award.tier_name) for award in awards]


# --- Individual order: each key decides alone, whatever the later keys say ----------

TRUE_ANSWER = 100


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_more_correct_answers_rank_first_whatever_the_later_keys(reverse):
    winner = attempt(2, score=11, prediction=0, duration_ms=900_000, submitted_at=9)
    loser = attempt(1, score=10, prediction=100, duration_ms=1, submitted_at=1)
    rows = [winner, loser][:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [2, 1]


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_closer_prediction_breaks_equal_score(reverse):
    winner = attempt(2, prediction=97, duration_ms=900_000, submitted_at=9)
    loser = attempt(1, prediction=104, duration_ms=1, submitted_at=1)
    rows = [winner, loser][:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [2, 1]


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_missing_prediction_ranks_after_every_given_prediction(reverse):
    far_off = attempt(2, prediction=10**9, duration_ms=900_000, submitted_at=9)
    missing = attempt(1, prediction=None, duration_ms=1, submitted_at=1)
    rows = [far_off, missing][:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [2, 1]


def test_prediction_is_ignored_when_there_is_no_true_answer():
    exact = attempt(1, prediction=100, duration_ms=90_000)
    missing = attempt(2, prediction=None, duration_ms=30_000)
    ranked = rank_attempts([exact, missing], true_answer=None)
    assert [r.row.attempt_id for r in ranked] == [2, 1]
    assert [r.gap for r in ranked] == [None, None]


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_shorter_duration_breaks_equal_score_and_gap(reverse):
    # Gap 3 on either side of the true answer is the same gap.
    winner = attempt(2, prediction=103, duration_ms=59_999, submitted_at=9)
    loser = attempt(1, prediction=97, duration_ms=60_000, submitted_at=1)
    rows = [winner, loser][:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [2, 1]


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_earlier_submission_breaks_equal_score_gap_and_duration(reverse):
    winner = attempt(2, prediction=100, submitted_at=1_000)
    loser = attempt(1, prediction=100, submitted_at=1_001)
    rows = [winner, loser][:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [2, 1]


@pytest.mark.parametrize("reverse", [False, True], ids=["given", "reversed"])
def test_lower_attempt_id_breaks_a_complete_tie(reverse):
    rows = [attempt(7, prediction=5), attempt(3, prediction=5)]
    rows = rows[:: -1 if reverse else 1]
    assert order_of(rows, TRUE_ANSWER) == [3, 7]


@pytest.mark.parametrize(
    ("prediction", "true_answer", "gap"),
    [
        (103, 100, 3),
        (97, 100, 3),
        (100, 100, 0),
        (0, 1_000_000, 1_000_000),
        (None, 100, None),
        (100, None, None),
    ],
)
def test_prediction_gap_is_the_absolute_difference_or_none(
    prediction, true_answer, gap
):
    assert prediction_gap(prediction, true_answer) == gap


def test_ranks_are_distinct_positions_and_keys_explain_them():
    rows = [
        attempt(1, score=9, prediction=90, duration_ms=5_000, submitted_at=30),
        attempt(2, score=10, prediction=None, duration_ms=4_000, submitted_at=20),
        attempt(3, score=10, prediction=95, duration_ms=6_000, submitted_at=10),
    ]
    ranked = rank_attempts(rows, true_answer=100)
    assert [(r.rank, r.row.attempt_id) for r in ranked] == [(1, 3), (2, 2), (3, 1)]
    assert [r.keys for r in ranked] == [
        (10, 5, 6_000, 10),
        (10, None, 4_000, 20),
        (9, 10, 5_000, 30),
    ]


def test_group_rank_counts_within_each_group():
    rows = [
        attempt(1, score=10, group="Nhóm 1"),
        attempt(2, score=9, group="Nhóm 2"),
        attempt(3, score=8, group="Nhóm 1"),
        attempt(4, score=7, group=None),
    ]
    ranked = rank_attempts(rows)
    assert [(r.rank, r.group_rank) for r in ranked] == [(1, 1), (2, 1), (3, 2), (4, 1)]


def test_aware_datetimes_and_epoch_micros_share_one_clock():
    hanoi = timezone(timedelta(hours=7))
    later_in_hanoi = datetime(2024, 6, 10, 8, 0, 0, 1, tzinfo=hanoi)
    micros = (datetime(2024, 6, 10, 1, 0, tzinfo=UTC) - EPOCH) // timedelta(
        microseconds=1
    )
    rows = [attempt(1, submitted_at=later_in_hanoi), attempt(2, submitted_at=micros)]
    assert order_of(rows) == [2, 1]


def test_naive_submit_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        rank_attempts([attempt(1, submitted_at=datetime(2024, 6, 10, 8, 0))])


# --- Which attempt counts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "counted_id"),
    [
        pytest.param(
            [attempt(1, user_id=9, score=8), attempt(2, user_id=9, score=9)],
            2,
            id="higher_score",
        ),
        pytest.param(
            [
                attempt(1, user_id=9, duration_ms=50_000),
                attempt(2, user_id=9, duration_ms=40_000),
            ],
            2,
            id="shorter_duration",
        ),
        pytest.param(
            [
                attempt(1, user_id=9, submitted_at=200),
                attempt(2, user_id=9, submitted_at=100),
            ],
            2,
            id="earlier_submit",
        ),
        pytest.param(
            [attempt(5, user_id=9), attempt(4, user_id=9)], 4, id="lower_attempt_id"
        ),
    ],
)
def test_best_policy_counts_the_best_attempt(attempts, counted_id):
    assert [r.attempt_id for r in counted_attempts(attempts, "best")] == [counted_id]
    reversed_input = counted_attempts(attempts[::-1], "best")
    assert [r.attempt_id for r in reversed_input] == [counted_id]


def test_first_policy_counts_the_earliest_attempt_even_if_worse():
    rows = [
        attempt(1, user_id=9, score=20, submitted_at=300),
        attempt(2, user_id=9, score=3, submitted_at=100),
        attempt(3, user_id=9, score=3, submitted_at=100),
    ]
    assert [r.attempt_id for r in counted_attempts(rows, "first")] == [2]


def test_counted_attempts_keeps_one_row_per_user_ordered_by_user():
    rows = [attempt(i, user_id=u) for i, u in [(1, 30), (2, 10), (3, 30), (4, 20)]]
    assert [r.user_id for r in counted_attempts(rows, "best")] == [10, 20, 30]


def test_unknown_counting_policy_is_refused():
    with pytest.raises(ValueError, match="policy"):
        counted_attempts([attempt(1)], "last")  # type: ignore[arg-type]


# --- Individual prizes --------------------------------------------------------------


def test_tiers_go_down_the_order_with_their_amounts():
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 6)])
    awards = allocate(ranked)
    assert [
        (a.user_id, a.tier_name, a.tier_index, a.prize_rank, a.amount_vnd)
        for a in awards
    ] == [
        (1, "Nhất", 0, 1, 1_000_000),
        (2, "Nhì", 1, 2, 800_000),
        (3, "Ba", 2, 3, 600_000),
    ]


def test_encouragement_tier_takes_several_winners():
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 8)])
    assert winners(allocate(ranked, WITH_KK)) == [
        (1, "Nhất"),
        (2, "Nhì"),
        (3, "Ba"),
        (4, "Khuyến khích"),
        (5, "Khuyến khích"),
    ]


def test_fewer_contestants_than_prizes_leaves_lower_tiers_unawarded():
    ranked = rank_attempts([attempt(1, score=5), attempt(2, score=4)])
    assert winners(allocate(ranked, WITH_KK)) == [(1, "Nhất"), (2, "Nhì")]


def test_tier_with_zero_count_gives_nothing_and_keeps_its_index():
    tiers = [PrizeTier("Nhất", 0, 1), PrizeTier("Nhì", 2, 1)]
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 4)])
    assert [(a.user_id, a.tier_index) for a in allocate(ranked, tiers)] == [
        (1, 1),
        (2, 1),
    ]


def test_per_group_gives_the_same_tiers_in_each_group():
    rows = [
        attempt(1, score=20, group="Nhóm 1"),
        attempt(2, score=19, group="Nhóm 1"),
        attempt(3, score=18, group="Nhóm 2"),
        attempt(4, score=17, group="Nhóm 1"),
        attempt(5, score=16, group="Nhóm 1"),
        attempt(6, score=15, group="Nhóm 2"),
    ]
    awards = allocate(rank_attempts(rows), per_group=True)
    by_group = sorted((a.group, a.prize_rank, a.user_id, a.tier_name) for a in awards)
    assert by_group == [
        ("Nhóm 1", 1, 1, "Nhất"),
        ("Nhóm 1", 2, 2, "Nhì"),
        ("Nhóm 1", 3, 4, "Ba"),
        ("Nhóm 2", 1, 3, "Nhất"),
        ("Nhóm 2", 2, 6, "Nhì"),
    ]


def test_without_groups_the_award_has_no_group():
    ranked = rank_attempts([attempt(1, group="Nhóm 1")])
    assert [a.group for a in allocate(ranked)] == [None]


def test_excluded_user_is_skipped_and_the_next_person_moves_up():
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 6)])
    awards = allocate(ranked, excluded_user_ids={1, 3})
    assert winners(awards) == [(2, "Nhất"), (4, "Nhì"), (5, "Ba")]


def test_previous_winner_is_skipped_when_one_prize_per_person():
    week1 = rank_attempts([attempt(i, score=20 - i) for i in range(1, 5)])
    won = {a.user_id for a in allocate(week1)}
    week2 = rank_attempts([attempt(10 + i, user_id=i, score=i) for i in range(1, 6)])
    awards = allocate(week2, already_won_user_ids=won, one_prize_per_person=True)
    assert won == {1, 2, 3}
    assert winners(awards) == [(5, "Nhất"), (4, "Nhì")]


def test_previous_winner_may_win_again_when_the_contest_allows():
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 4)])
    awards = allocate(ranked, already_won_user_ids={1}, one_prize_per_person=False)
    assert winners(awards)[0] == (1, "Nhất")


def test_person_with_two_ranked_attempts_wins_once():
    rows = [
        attempt(1, user_id=7, score=20),
        attempt(2, user_id=7, score=19),
        attempt(3, user_id=8, score=18),
    ]
    awards = allocate(rank_attempts(rows), one_prize_per_person=False)
    assert winners(awards) == [(7, "Nhất"), (8, "Nhì")]


def test_nobody_below_the_minimum_score_wins():
    ranked = rank_attempts([attempt(1, score=15), attempt(2, score=9)])
    assert winners(allocate(ranked, min_score=10)) == [(1, "Nhất")]


def test_allocation_follows_rank_not_input_order():
    ranked = rank_attempts([attempt(i, score=20 - i) for i in range(1, 5)])
    assert allocate(ranked[::-1]) == allocate(ranked)


def test_negative_tier_count_is_refused():
    with pytest.raises(ValueError, match="must be >= 0"):
        PrizeTier("Nhất", -1, 1_000_000)


# --- Collective ranking -------------------------------------------------------------


@pytest.mark.parametrize("staff_count", [None, 0])
def test_unit_without_staff_count_is_reported_not_ranked(staff_count):
    ranked, unranked = rank_units([unit(1, staff_count=staff_count), unit(2)])
    assert [u.row.unit_id for u in ranked] == [2]
    assert [(u.row.unit_id, u.reason) for u in unranked] == [(1, REASON_NO_STAFF_COUNT)]


def test_negative_staff_count_is_reported_not_ranked():
    _, unranked = rank_units([unit(1, staff_count=-5)])
    assert unranked[0].reason == REASON_BAD_STAFF_COUNT.format(staff_count=-5)


def test_higher_participation_rate_ranks_first():
    small = unit(1, staff_count=10, contestants=9, prizes=0)
    large = unit(2, staff_count=1_000, contestants=800, prizes=5)
    ranked, _ = rank_units([large, small])
    assert [(u.row.unit_id, u.rate) for u in ranked] == [
        (1, Fraction(9, 10)),
        (2, Fraction(4, 5)),
    ]


def test_participation_rate_compares_exactly_not_in_floats():
    # Both rates are the same float (1/3); only exact arithmetic sees 2 is higher.
    third = unit(1, staff_count=3, contestants=1, prizes=9)
    above = unit(2, staff_count=3 * 10**17 - 1, contestants=10**17, prizes=0)
    assert 10**17 / (3 * 10**17 - 1) == 1 / 3
    ranked, _ = rank_units([third, above])
    assert [u.row.unit_id for u in ranked] == [2, 1]


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        pytest.param(
            [
                unit(1, staff_count=200, contestants=100, prizes=1),
                unit(2, staff_count=100, contestants=50, prizes=2),
            ],
            [2, 1],
            id="prizes_break_equal_rate",
        ),
        pytest.param(
            [
                unit(1, staff_count=100, contestants=50, prizes=3),
                unit(2, staff_count=200, contestants=100, prizes=3),
            ],
            [2, 1],
            id="contestants_break_equal_rate_and_prizes",
        ),
        pytest.param(
            [unit(8, prizes=3), unit(4, prizes=3)], [4, 8], id="unit_id_breaks_a_tie"
        ),
    ],
)
def test_default_unit_order_tie_breaks(units, expected):
    assert [u.row.unit_id for u in rank_units(units).ranked] == expected
    assert [u.row.unit_id for u in rank_units(units[::-1]).ranked] == expected


def test_custom_order_puts_prizes_before_rate():
    high_rate = unit(1, staff_count=10, contestants=10, prizes=0)
    many_prizes = unit(2, staff_count=100, contestants=10, prizes=4)
    default, _ = rank_units([high_rate, many_prizes])
    custom, _ = rank_units([high_rate, many_prizes], order=["prizes", "rate"])
    assert [u.row.unit_id for u in default] == [1, 2]
    assert [u.row.unit_id for u in custom] == [2, 1]


def test_average_score_order_puts_a_missing_average_last():
    rows = [unit(1, avg=None), unit(2, avg=12_500), unit(3, avg=15_250)]
    ranked, _ = rank_units(rows, order=["avg_score"])
    assert [u.row.unit_id for u in ranked] == [3, 2, 1]


def test_unit_below_threshold_is_reported_and_one_at_it_is_ranked():
    ranked, unranked = rank_units(
        [unit(1, staff_count=3, contestants=1), unit(2, staff_count=4, contestants=2)],
        min_rate=Fraction(1, 2),
    )
    assert [u.row.unit_id for u in ranked] == [2]
    reason = REASON_BELOW_THRESHOLD.format(rate="33,3%", threshold="50,0%")
    assert [(u.row.unit_id, u.reason) for u in unranked] == [(1, reason)]
    assert reason == "Tỷ lệ tham gia 33,3% thấp hơn ngưỡng 50,0%"


def test_float_threshold_is_refused():
    with pytest.raises(TypeError, match="float"):
        rank_units([unit(1)], min_rate=0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"order": ["speed"]}, {"weights": {"likes": 1}}])
def test_unknown_unit_key_is_refused(bad):
    with pytest.raises(ValueError, match="unknown unit key"):
        rank_units([unit(1)], **bad)


def test_weighted_score_is_the_documented_integer_sum():
    row = unit(1, staff_count=300, contestants=200, prizes=3, avg=14_750)
    # rate: 200 * 1000 // 300 = 666 per-mille (rounded down).
    assert unit_key_values(row) == {
        "rate": 666,
        "prizes": 3,
        "contestants": 200,
        "avg_score": 14_750,
    }
    weights = {"rate": 10, "prizes": 100, "avg_score": 1}
    assert weighted_unit_score(row, weights) == 6_660 + 300 + 14_750
    ranked, _ = rank_units([row], weights=weights)
    assert ranked[0].weighted_score == 21_710


def test_weighted_score_decides_before_the_order_keys():
    high_rate = unit(1, staff_count=10, contestants=9, prizes=0)
    prize_heavy = unit(2, staff_count=100, contestants=50, prizes=5)
    ranked, _ = rank_units([high_rate, prize_heavy], weights={"rate": 1, "prizes": 100})
    assert [(u.row.unit_id, u.weighted_score) for u in ranked] == [(2, 1000), (1, 900)]


def test_weighted_tie_falls_back_to_the_order_keys():
    lower_rate = unit(1, staff_count=100, contestants=50, prizes=2)
    higher_rate = unit(2, staff_count=100, contestants=60, prizes=2)
    ranked, _ = rank_units([lower_rate, higher_rate], weights={"prizes": 10})
    assert [(u.row.unit_id, u.weighted_score) for u in ranked] == [(2, 20), (1, 20)]


def test_unit_group_rank_restarts_in_each_group():
    rows = [
        unit(1, contestants=90, group="Sở, ngành"),
        unit(2, contestants=80, group="Huyện"),
        unit(3, contestants=70, group="Sở, ngành"),
    ]
    ranked, _ = rank_units(rows)
    assert [(u.row.unit_id, u.rank, u.group_rank) for u in ranked] == [
        (1, 1, 1),
        (2, 2, 1),
        (3, 3, 2),
    ]


def test_collective_prizes_per_group():
    rows = [
        unit(1, contestants=90, group="Sở, ngành"),
        unit(2, contestants=80, group="Huyện"),
        unit(3, contestants=70, group="Sở, ngành"),
        unit(4, contestants=60, group="Huyện"),
        unit(5, contestants=50, group="Huyện"),
    ]
    tiers = [PrizeTier("Nhất", 1, 2_000_000), PrizeTier("Nhì", 1, 1_500_000)]
    awards = allocate_collective_prizes(rank_units(rows).ranked, tiers, per_group=True)
    assert awards == [
        CollectivePrizeAward(1, "Nhất", 0, 1, 2_000_000, "Sở, ngành"),
        CollectivePrizeAward(2, "Nhất", 0, 1, 2_000_000, "Huyện"),
        CollectivePrizeAward(3, "Nhì", 1, 2, 1_500_000, "Sở, ngành"),
        CollectivePrizeAward(4, "Nhì", 1, 2, 1_500_000, "Huyện"),
    ]


def test_collective_prizes_without_groups_follow_the_overall_order():
    rows = [unit(i, contestants=100 - i) for i in range(1, 6)]
    ranked = rank_units(rows).ranked
    awards = allocate_collective_prizes(ranked, BEN_TRE_TIERS)
    assert [(a.unit_id, a.tier_name, a.group) for a in awards] == [
        (1, "Nhất", None),
        (2, "Nhì", None),
        (3, "Ba", None),
    ]


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        pytest.param(
            [unit(1, contestants=5), unit(2, contestants=9)], 2, id="most_contestants"
        ),
        pytest.param(
            [unit(7, contestants=9), unit(3, contestants=9)], 3, id="tie_lowest_id"
        ),
        pytest.param(
            [unit(1, contestants=3, staff_count=None)], 1, id="staff_count_irrelevant"
        ),
        pytest.param([unit(1, contestants=0)], None, id="nobody_took_part"),
        pytest.param([], None, id="no_units"),
    ],
)
def test_unit_with_most_contestants(units, expected):
    best = unit_with_most_contestants(units)
    assert (best.unit_id if best else None) == expected


# --- Properties ---------------------------------------------------------------------


@st.composite
def attempt_rows(draw, *, max_size: int = 30) -> list[AttemptRow]:
    size = draw(st.integers(0, max_size))
    ids = draw(
        st.lists(st.integers(1, 10**6), min_size=size, max_size=size, unique=True)
    )
    return [
        AttemptRow(
            attempt_id=attempt_id,
            user_id=draw(st.integers(1, 12)),
            score=draw(st.integers(0, 5)),
            prediction=draw(st.none() | st.integers(0, 20)),
            duration_ms=draw(st.integers(0, 5)),
            submitted_at=draw(st.integers(0, 5)),
            group=draw(st.sampled_from([None, "Nhóm 1", "Nhóm 2"])),
        )
        for attempt_id in ids
    ]


true_answers = st.none() | st.integers(0, 20)
tier_lists = st.lists(
    st.builds(
        PrizeTier, st.sampled_from(["Nhất", "Nhì", "KK"]), st.integers(0, 4), st.just(1)
    ),
    max_size=4,
)
user_sets = st.sets(st.integers(1, 12), max_size=6)


@given(st.data(), attempt_rows(), true_answers)
def test_any_permutation_of_attempts_gives_the_same_ranking(data, rows, true_answer):
    shuffled = data.draw(st.permutations(rows))
    assert rank_attempts(shuffled, true_answer=true_answer) == rank_attempts(
        rows, true_answer=true_answer
    )
    for policy in ("best", "first"):
        assert counted_attempts(shuffled, policy) == counted_attempts(rows, policy)


@given(attempt_rows(), true_answers)
def test_more_correct_answers_always_rank_higher(rows, true_answer):
    ranked = rank_attempts(rows, true_answer=true_answer)
    assert [r.rank for r in ranked] == list(range(1, len(rows) + 1))
    scores = [r.row.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


@given(st.data(), attempt_rows(), true_answers)
def test_one_more_correct_answer_never_lowers_a_rank(data, rows, true_answer):
    if not rows:
        return
    i = data.draw(st.integers(0, len(rows) - 1))
    better = [*rows[:i], attempt_with(rows[i], score=rows[i].score + 1), *rows[i + 1 :]]

    def rank_of(rows_: list[AttemptRow]) -> int:
        ranked = rank_attempts(rows_, true_answer=true_answer)
        return next(r.rank for r in ranked if r.row.attempt_id == rows[i].attempt_id)

    assert rank_of(better) <= rank_of(rows)


def attempt_with(row: AttemptRow, **changes) -> AttemptRow:
    fields = {name: getattr(row, name) for name in AttemptRow.__dataclass_fields__}
    return AttemptRow(**{**fields, **changes})


@given(attempt_rows(), true_answers, tier_lists, st.booleans(), user_sets, user_sets)
def test_nobody_wins_twice_when_the_contest_forbids_it(
    rows, true_answer, tiers, per_group, excluded, already_won
):
    awards = allocate(
        rank_attempts(rows, true_answer=true_answer),
        tiers,
        per_group=per_group,
        excluded_user_ids=excluded,
        already_won_user_ids=already_won,
        one_prize_per_person=True,
    )
    user_ids = [a.user_id for a in awards]
    assert len(user_ids) == len(set(user_ids))
    assert not set(user_ids) & already_won


@given(attempt_rows(), tier_lists, st.booleans(), st.booleans(), user_sets)
def test_awards_never_exceed_tier_counts_and_excluded_never_win(
    rows, tiers, per_group, one_prize, excluded
):
    ranked = rank_attempts(rows)
    awards = allocate(
        ranked,
        tiers,
        per_group=per_group,
        excluded_user_ids=excluded,
        one_prize_per_person=one_prize,
    )
    assert not {a.user_id for a in awards} & excluded
    groups = {a.group for a in awards}
    for group in groups:
        in_group = [a for a in awards if a.group == group]
        assert len(in_group) <= sum(t.count for t in tiers)
        for index, tier in enumerate(tiers):
            assert sum(a.tier_index == index for a in in_group) <= tier.count
    if not per_group:
        eligible_people = {r.row.user_id for r in ranked} - excluded
        assert len(awards) == min(len(eligible_people), sum(t.count for t in tiers))


@given(st.data(), attempt_rows(), tier_lists, st.booleans())
def test_allocation_ignores_the_input_order(data, rows, tiers, per_group):
    ranked = rank_attempts(rows)
    shuffled = data.draw(st.permutations(ranked))
    options = {"per_group": per_group}
    assert allocate(shuffled, tiers, **options) == allocate(ranked, tiers, **options)


unit_rows = st.lists(
    st.builds(
        UnitRow,
        unit_id=st.integers(1, 10**6),
        name=st.just("Đơn vị"),
        staff_count=st.none() | st.integers(-1, 40),
        contestants=st.integers(0, 40),
        prizes=st.integers(0, 4),
        avg_best_score_milli=st.none() | st.integers(0, 20_000),
        group=st.sampled_from([None, "Sở, ngành", "Huyện"]),
    ),
    max_size=20,
    unique_by=lambda row: row.unit_id,
)
unit_orders = st.lists(
    st.sampled_from(["rate", "prizes", "contestants", "avg_score"]),
    min_size=1,
    max_size=4,
    unique=True,
)
unit_weights = st.none() | st.dictionaries(
    st.sampled_from(["rate", "prizes", "contestants", "avg_score"]),
    st.integers(-5, 5),
)


@given(
    st.data(), unit_rows, unit_orders, unit_weights, st.none() | st.just(Fraction(1, 2))
)
def test_any_permutation_of_units_gives_the_same_unit_ranking(
    data, rows, order, weights, min_rate
):
    shuffled = data.draw(st.permutations(rows))
    options = {"order": order, "weights": weights, "min_rate": min_rate}
    assert rank_units(shuffled, **options) == rank_units(rows, **options)
    ranked, unranked = rank_units(rows, **options)
    assert len(ranked) + len(unranked) == len(rows)
    assert all(u.row.staff_count and u.row.staff_count > 0 for u in ranked)
    if min_rate is not None:
        assert all(u.rate >= min_rate for u in ranked)


@given(unit_rows, tier_lists, st.booleans())
def test_collective_awards_never_exceed_tier_counts_and_units_win_once(
    rows, tiers, per_group
):
    awards = allocate_collective_prizes(rank_units(rows).ranked, tiers, per_group)
    assert len({a.unit_id for a in awards}) == len(awards)
    for group in {a.group for a in awards}:
        assert sum(a.group == group for a in awards) <= sum(t.count for t in tiers)
