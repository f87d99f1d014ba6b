"""The pure rules: who a reveal eliminates or rescues, the final order, prizes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from live import rules
from live.rules import Standing, Tier


@pytest.mark.parametrize(
    ("kind", "answers", "eliminated", "rescued"),
    [
        # Wrong or missing answers eliminate those standing.
        ("normal", {1: 0, 2: 1}, {2, 3}, set()),
        ("final", {1: 0, 2: 0, 3: 0}, set(), set()),
        # Everyone standing wrong: nobody leaves.
        ("normal", {1: 2, 2: 2}, set(), set()),
        # Rescue: the eliminated with the right answer come back; nobody leaves.
        ("rescue", {4: 0, 5: 1, 1: 1}, set(), {4}),
        # Audience: nothing changes.
        ("audience", {1: 3}, set(), set()),
    ],
)
def test_reveal_outcome(kind, answers, eliminated, rescued):
    outcome = rules.reveal_outcome(
        kind=kind, key=0, standing={1, 2, 3}, out={4, 5}, answers=answers
    )
    assert outcome.eliminated == eliminated
    assert outcome.rescued == rescued


@given(
    st.dictionaries(st.integers(1, 30), st.integers(0, 3), max_size=30),
    st.sets(st.integers(1, 30), min_size=1),
)
def test_a_normal_question_never_leaves_nobody_standing(answers, standing):
    outcome = rules.reveal_outcome(
        kind="normal", key=0, standing=standing, out=set(), answers=answers
    )
    assert outcome.eliminated < standing
    assert all(answers.get(p) != 0 for p in outcome.eliminated)


def row(pid, *, is_in=False, out=None, correct=0, ms=0):
    return Standing(pid, pid, is_in, out, correct, ms)


def test_final_order_survivors_then_latest_eliminated_then_correct_then_time():
    rows = [
        row(1, out=2, correct=1),
        row(2, is_in=True, correct=3, ms=9000),
        row(3, out=5, correct=4, ms=5000),
        row(4, out=5, correct=4, ms=4000),
        row(5, out=5, correct=5, ms=9999),
    ]
    assert [r.player_id for r in rules.final_order(rows)] == [2, 5, 4, 3, 1]


@given(
    st.permutations([row(i, out=i % 3 + 1, correct=i % 4, ms=i) for i in range(1, 9)])
)
def test_input_order_never_changes_the_final_order(rows):
    assert rules.final_order(rows) == rules.final_order(
        sorted(rows, key=lambda r: r.number)
    )


def test_prizes_go_down_the_order_tier_by_tier_and_stop_when_players_run_out():
    order = [row(i) for i in (7, 3, 9)]
    tiers = [Tier(1, "Giải Nhì", 1, 5), Tier(0, "Giải Nhất", 1, 9), Tier(2, "KK", 5, 0)]
    prizes = rules.allocate(order, tiers)
    assert [(p.player_id, p.rank, p.tier.name) for p in prizes] == [
        (7, 1, "Giải Nhất"),
        (3, 2, "Giải Nhì"),
        (9, 3, "KK"),
    ]
