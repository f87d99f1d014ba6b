"""The unit-tree arithmetic, without a database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts import tree

# province P: upper A (own count 500) with leaves A1, A2; upper B (empty) with B1 (30)
# and B2 (empty leaf); upper C empty with no children.
ROWS = [
    ("P", None, None),
    ("A", "P", 500),
    ("A1", "A", 10),
    ("A2", "A", 20),
    ("B", "P", None),
    ("B1", "B", 30),
    ("B2", "B", None),
    ("C", "P", None),
]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("A", 500),  # its own count wins over its children's 30
        ("A1", 10),
        ("B", 30),  # empty: the sum of the children that are known
        ("B2", None),  # an empty leaf is unknown, not zero
        ("C", None),
        ("P", 530),  # 500 + 30; C contributes nothing
    ],
)
def test_effective_staff_count_is_own_or_sum_of_children(unit, expected):
    assert tree.effective_staff_counts(ROWS)[unit] == expected


def test_effective_staff_count_survives_a_cycle_in_the_data():
    rows = [("X", "Y", None), ("Y", "X", 7), ("R", None, 3)]
    counts = tree.effective_staff_counts(rows)
    assert counts == {"R": 3, "X": None, "Y": 7}


def test_effective_staff_count_walks_a_deep_tree_without_recursion():
    rows = [(0, None, None)] + [(i, i - 1, None) for i in range(1, 5000)]
    rows.append((5000, 4999, 12))
    assert tree.effective_staff_counts(rows)[0] == 12


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_root_without_counts_above_leaves_sums_the_leaves(leaf_counts):
    rows = [("root", None, None), ("mid", "root", None)]
    rows += [(f"leaf{i}", "mid", n) for i, n in enumerate(leaf_counts)]
    assert tree.effective_staff_counts(rows)["root"] == sum(leaf_counts)


def test_descendants_include_the_roots_and_everything_below():
    parents = {k: p for k, p, _ in ROWS}
    assert tree.descendants(parents, ["B"]) == {"B", "B1", "B2"}
    assert tree.descendants(parents, ["A1", "C"]) == {"A1", "C"}
    assert tree.descendants(parents, ["missing"]) == set()


@pytest.mark.parametrize(
    ("parents", "cycles"),
    [
        ({"a": None, "b": "a"}, []),
        ({"a": "b", "b": "a"}, [["a", "b"]]),
        ({"a": "a"}, [["a"]]),
        ({"r": None, "a": "b", "b": "c", "c": "a", "d": "a"}, [["a", "b", "c"]]),
        ({"a": "b", "b": "a", "x": "y", "y": "x"}, [["a", "b"], ["x", "y"]]),
    ],
)
def test_find_cycles_reports_each_loop_once(parents, cycles):
    assert tree.find_cycles(parents) == cycles


def test_tree_order_lists_children_under_their_parent_sorted_by_name():
    rows = [
        (1, None, "Tỉnh"),
        (2, 1, "Ngành Y tế"),
        (3, 1, "Ngành Giáo dục"),
        (4, 3, "Trường A"),
    ]
    assert tree.tree_order(rows) == [(1, 0), (3, 1), (4, 2), (2, 1)]
