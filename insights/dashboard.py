"""The organizer dashboard as the page reads it: one stored snapshot and the
unit tree in, the tables and the charts' numbers out (no attempt query)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from . import figures
from .models import DailySnapshot
from .selectors import ContestTree

# Chart labels: the page's tables carry the same numbers.
SCORE_LABELS = [f"{i * 10}%" for i in range(figures.SCORE_BINS)]


@dataclass(frozen=True, slots=True)
class UnitLine:
    unit_id: int
    name: str
    code: str
    staff: int | None
    contestants: int
    attempts: int

    @property
    def rate(self) -> Fraction | None:
        return figures.rate(self.contestants, self.staff)


@dataclass
class Dashboard:
    snapshot: DailySnapshot
    level: int
    levels: list[int]
    units: list[UnitLine]
    lagging: list[UnitLine]
    charts: dict = field(default_factory=dict)

    @property
    def data(self) -> dict:
        return self.snapshot.data

    @property
    def totals(self) -> dict:
        return self.data["totals"]

    @property
    def attempts_per_person(self) -> Fraction | None:
        return figures.rate(self.totals["attempts"], self.totals["people"])

    @property
    def perfect_share(self) -> Fraction | None:
        return figures.rate(self.totals["perfect"], self.totals["attempts"])

    @property
    def scores(self) -> list[tuple[str, int]]:
        return list(zip(SCORE_LABELS, self.data["scores"], strict=True))

    @property
    def predictions(self) -> list[tuple[str, int]]:
        found = self.data.get("predictions")
        if not found:
            return []
        edges = found["edges"]
        return [
            (_span(edges[i], edges[i + 1] - 1), n)
            for i, n in enumerate(found["counts"])
        ]


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} - {high}"


def build(snapshot: DailySnapshot, units: ContestTree, level: int) -> Dashboard:
    """The dashboard of ``snapshot`` with the units ``level`` steps below the
    contest's root (0: the root) and the lagging ones among them."""
    depths = sorted({depth for _, depth in units.order}) or [0]
    level = level if level in depths else min(depths[-1], 1)
    stored = snapshot.data["units"]
    lines = [
        UnitLine(uid, units.names[uid], units.codes.get(uid, ""), *stored[str(uid)])
        for uid, depth in units.order
        if depth == level and str(uid) in stored
    ]
    lagging = sorted(
        (line for line in lines if line.rate is not None),
        key=lambda line: (line.rate, line.name),
    )[: figures.LAGGING_COUNT]
    board = Dashboard(snapshot, level, depths, lines, lagging)
    board.charts = _charts(board)
    return board


def _charts(board: Dashboard) -> dict:
    """The numbers static/js/insights-dashboard.js draws (json_script)."""
    days = board.data["days"]
    return {
        "days": {
            "labels": [f"{d[8:10]}/{d[5:7]}" for d, *_ in days],
            "attempts": [row[1] for row in days],
            "people": [row[2] for row in days],
            "cumulative": [row[4] for row in days],
        },
        "rounds": {
            "labels": [row[1] for row in board.data["rounds"]],
            "attempts": [row[2] for row in board.data["rounds"]],
            "people": [row[3] for row in board.data["rounds"]],
        },
        "scores": {
            "labels": [label for label, _ in board.scores],
            "counts": [n for _, n in board.scores],
        },
        "predictions": {
            "labels": [label for label, _ in board.predictions],
            "counts": [n for _, n in board.predictions],
        },
        "rates": {
            "labels": [line.name for line in board.lagging],
            "rates": [round(float(line.rate) * 100, 1) for line in board.lagging],
        },
    }
