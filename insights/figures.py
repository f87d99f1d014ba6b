"""Pure figures of the dashboard and the Monday report: plain values in, plain
values out, no Django.

Counts arrive per unit (summable ones: attempts, score bands) or already rolled
up per subtree (distinct people, which cannot be summed); this module walks the
tree, compares two weeks and picks the lagging units.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

# Score bands of the Monday report, by the share of correct answers.
BANDS = ("Dưới 50%", "50% - 79%", "80% - 99%", "100%")
PERFECT_BAND = 3
# Units shown as lagging behind: the lowest participation rates below the root.
LAGGING_COUNT = 10
# Score histogram of the dashboard: tenths of the correct-answer share, 10 = all.
SCORE_BINS = 11
PREDICTION_BINS = 12


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week (weeks run Monday to Sunday)."""
    return day - datetime.timedelta(days=day.weekday())


def closed_week(today: datetime.date) -> datetime.date:
    """The Monday of the last whole week before ``today``."""
    return week_start(today) - datetime.timedelta(days=7)


def band_of(score: int, question_count: int) -> int:
    """0: below 50 %, 1: 50-79 %, 2: 80-99 %, 3: every answer correct."""
    if score >= question_count:
        return 3
    if score * 5 >= question_count * 4:
        return 2
    if score * 2 >= question_count:
        return 1
    return 0


def rate(part: int, whole: int | None) -> Fraction | None:
    """part / whole, None when the whole is unknown or zero."""
    if not whole:
        return None
    return Fraction(part, whole)


def roll_up(
    per_unit: Mapping[int, list[int]],
    parents: Mapping[int, int | None],
    subtree: set[int],
    width: int,
) -> dict[int, list[int]]:
    """Summable counts per unit → the sums of each unit's subtree, for units of
    ``subtree`` (an attempt counts under its unit and every unit above it)."""
    out: dict[int, list[int]] = {uid: [0] * width for uid in subtree}
    for unit_id, values in per_unit.items():
        node, seen = unit_id, set()
        while node is not None and node in subtree and node not in seen:
            seen.add(node)
            row = out[node]
            for i, value in enumerate(values):
                row[i] += value
            node = parents.get(node)
    return out


@dataclass(frozen=True, slots=True)
class WeekLine:
    """One unit's subtree in one week. ``contestants``: distinct people with an
    attempt up to the week's end; ``people`` / ``attempts``: within the week;
    ``bands``: the week's attempts per score band."""

    unit_id: int | None
    name: str
    code: str
    depth: int
    staff: int | None
    contestants: int
    people: int
    attempts: int
    bands: tuple[int, ...]

    @property
    def rate(self) -> Fraction | None:
        return rate(self.contestants, self.staff)

    @property
    def perfect(self) -> int:
        return self.bands[PERFECT_BAND]

    @property
    def perfect_share(self) -> Fraction | None:
        return rate(self.perfect, self.attempts)


@dataclass(frozen=True, slots=True)
class Change:
    """A line of this week beside the same line of the week before."""

    now: WeekLine
    before: WeekLine | None

    def _diff(self, name: str):
        if self.before is None:
            return None
        a, b = getattr(self.now, name), getattr(self.before, name)
        if a is None or b is None:
            return None
        return a - b

    @property
    def contestants(self) -> int | None:
        return self._diff("contestants")

    @property
    def people(self) -> int | None:
        return self._diff("people")

    @property
    def attempts(self) -> int | None:
        return self._diff("attempts")

    @property
    def rate(self) -> Fraction | None:
        return self._diff("rate")

    @property
    def perfect_share(self) -> Fraction | None:
        return self._diff("perfect_share")


def line_from(stored: Mapping | None, *, unit_id, name, code, depth) -> WeekLine:
    """A WeekLine from a stored unit entry ({"s", "c", "p", "a", "b"})."""
    stored = stored or {}
    return WeekLine(
        unit_id=unit_id,
        name=name,
        code=code,
        depth=depth,
        staff=stored.get("s"),
        contestants=stored.get("c", 0),
        people=stored.get("p", 0),
        attempts=stored.get("a", 0),
        bands=tuple(stored.get("b", [0] * len(BANDS))),
    )


def lagging(lines: Iterable[WeekLine], count: int = LAGGING_COUNT) -> list[WeekLine]:
    """The units with the lowest participation rate (known staff only), lowest
    first; ties by name."""
    known = [line for line in lines if line.rate is not None]
    return sorted(known, key=lambda line: (line.rate, line.name))[:count]


def histogram(
    values: Iterable[int], bins: int = PREDICTION_BINS
) -> dict[str, list[int]] | None:
    """Equal-width integer bins over the values' range: {"edges": lower bounds
    (and the last upper bound + 1), "counts"}; None without values."""
    data = list(values)
    if not data:
        return None
    low, high = min(data), max(data)
    width = max(1, -(-(high - low + 1) // bins))
    count = -(-(high - low + 1) // width)
    counts = [0] * count
    for value in data:
        counts[(value - low) // width] += 1
    return {"edges": [low + i * width for i in range(count + 1)], "counts": counts}
