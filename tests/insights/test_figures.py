"""The pure figures (insights.figures), without a database."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from insights import figures
from insights.figures import WeekLine


def test_weeks_run_monday_to_sunday():
    sunday = datetime.date(2026, 12, 6)
    monday = datetime.date(2026, 12, 7)
    assert figures.week_start(sunday) == datetime.date(2026, 11, 30)
    assert figures.week_start(monday) == monday
    assert figures.closed_week(monday) == datetime.date(2026, 11, 30)
    assert figures.closed_week(sunday) == datetime.date(2026, 11, 23)


def test_counts_roll_up_to_every_unit_above_inside_the_subtree():
    parents = {1: None, 2: 1, 3: 2, 4: 2, 5: 1}
    rolled = figures.roll_up(
        {3: [1, 2], 4: [10, 20], 5: [100, 200]}, parents, {2, 3, 4}, 2
    )
    assert rolled == {2: [11, 22], 3: [1, 2], 4: [10, 20]}


@given(
    st.dictionaries(
        st.integers(2, 6), st.lists(st.integers(0, 50), min_size=3, max_size=3)
    )
)
def test_the_root_holds_the_sum_of_every_unit(per_unit):
    parents = {1: None, 2: 1, 3: 1, 4: 2, 5: 4, 6: 3}
    rolled = figures.roll_up(per_unit, parents, set(parents), 3)
    assert rolled[1] == [sum(v[i] for v in per_unit.values()) for i in range(3)]


def line(name, contestants, staff):
    return WeekLine(None, name, "", 1, staff, contestants, 0, 0, (0, 0, 0, 0))


def test_the_lagging_units_are_the_lowest_rates_with_a_known_staff():
    lines = [
        line("B", 1, 10),
        line("A", 1, 10),
        line("C", 0, None),
        line("D", 5, 10),
        line("E", 0, 3),
    ]
    assert [x.name for x in figures.lagging(lines, 3)] == ["E", "A", "B"]
