"""Question statistics (review.stats) on hand-checked cases, and against a
straight transcription of Moodle's walkers over individual attempts."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review import stats
from review.stats import Cell


def _one(cells, key=0):
    (q,) = stats.question_stats(cells, {1: key})
    return q


def test_four_attempts_by_hand():
    # x: 1,1,0,0 with rest-scores 3,2,2,0. var x = 1/3, var y = 19/12,
    # cov = 1/2, so D = 100 * (1/2) / sqrt(19/36) = 300 / sqrt(19); sorted x and
    # y pair the ones with 3 and 2: covmax = 1/2, E = 100.
    q = _one([Cell(1, 0, 3, 1), Cell(1, 0, 2, 1), Cell(1, 1, 2, 1), Cell(1, 2, 0, 1)])
    assert q.attempts == 4
    assert q.correct == 2
    assert q.facility == 0.5
    assert q.discrimination == pytest.approx(300 / math.sqrt(19))
    assert q.efficiency == pytest.approx(100)
    assert q.chosen == {0: 2, 1: 1, 2: 1}


def test_efficiency_below_100_when_the_order_is_not_perfect():
    # x: 1,0,1,0 with rest 3,2,1,0: cov = (4 - 2*6/4)/3 = 1/3; covmax pairs the
    # ones with 3 and 2: (5 - 3)/3 = 2/3, so E = 50.
    q = _one([Cell(1, 0, 3, 1), Cell(1, 1, 2, 1), Cell(1, 0, 1, 1), Cell(1, 1, 0, 1)])
    assert q.efficiency == pytest.approx(50)


def test_no_variance_leaves_the_indices_empty_as_moodle_does():
    q = _one([Cell(1, 0, 3, 5), Cell(1, 0, 1, 5)])
    assert q.facility == 1
    assert q.discrimination is None
    assert q.efficiency is None


def _moodle(marks: list[int], rests: list[int]) -> tuple[float | None, float | None]:
    """Moodle's secondary_steps_walker / secondary_question_walker, as written."""
    s = len(marks)
    mean_x, mean_y = sum(marks) / s, sum(rests) / s
    sx, sy = sorted(marks), sorted(rests)
    var_x = sum((x - mean_x) ** 2 for x in marks) / (s - 1)
    var_y = sum((y - mean_y) ** 2 for y in rests) / (s - 1)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(marks, rests, strict=True))
    cov /= s - 1
    cov_max = sum((x - mean_x) * (y - mean_y) for x, y in zip(sx, sy, strict=True))
    cov_max /= s - 1
    d = 100 * cov / math.sqrt(var_x * var_y) if var_x * var_y else None
    e = 100 * cov / cov_max if cov_max else None
    return d, e


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), min_size=2))
def test_sums_equal_moodles_walk_over_each_attempt(rows):
    marks = [int(answer == 0) for answer, _rest in rows]
    rests = [rest for _answer, rest in rows]
    q = _one([Cell(1, answer, rest, 1) for answer, rest in rows])
    d, e = _moodle(marks, rests)
    assert q.facility == pytest.approx(sum(marks) / len(marks))
    if d is None:
        assert q.discrimination is None
    else:
        assert q.discrimination == pytest.approx(d, abs=1e-6)
    if e is None or abs(e) > 1e9:
        return
    assert q.efficiency == pytest.approx(e, abs=1e-6)


def _planted(key_right: bool):
    """30 attempts: the strong third (rest 8-9) chooses position 1, the rest
    mostly position 0. Key 0 is a planted wrong key; key 1 is right."""
    cells = [Cell(1, 1, 9, 6), Cell(1, 1, 8, 4), Cell(1, 0, 4, 12), Cell(1, 2, 3, 8)]
    return _one(cells, key=1 if key_right else 0)


def test_a_distractor_the_strongest_prefer_flags_a_likely_wrong_key():
    q = _planted(key_right=False)
    assert stats.FLAG_WRONG_KEY in q.flags
    assert q.discrimination < 0
    assert stats.likely_wrong_key_choice(q) == 1


def test_the_right_key_is_not_flagged():
    q = _planted(key_right=True)
    assert q.flags == ()
    assert q.discrimination > 0


def test_too_few_attempts_never_flag_a_key():
    q = _one([Cell(1, 1, 3, 2), Cell(1, 0, 0, 2)], key=0)
    assert stats.FLAG_WRONG_KEY not in q.flags


@pytest.mark.parametrize(
    ("right", "wrong", "flag"),
    [(96, 4, stats.FLAG_TOO_EASY), (19, 81, stats.FLAG_TOO_HARD), (50, 50, None)],
)
def test_easy_and_hard_thresholds(right, wrong, flag):
    q = _one([Cell(1, 0, 5, right), Cell(1, 1, 2, wrong)])
    assert [f for f in q.flags if f != stats.FLAG_WRONG_KEY] == ([flag] if flag else [])


def test_the_strong_third_keeps_a_tie_whole():
    # 9 attempts: a third is 3, but 5 share the top rest-score: all 5 are in.
    q = _one([Cell(1, 0, 7, 5), Cell(1, 1, 2, 4)])
    assert q.strong == 5
