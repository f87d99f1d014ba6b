"""The Monday report as pages, mails and Excel read it: a stored week (and the
week before) sliced to one subtree of the unit tree. No query here beyond what
the caller passes in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from contests.models import Contest

from . import figures
from .figures import Change, WeekLine
from .models import WeeklyReport
from .selectors import ContestTree

WHOLE_CONTEST = "Toàn cuộc thi"


@dataclass(frozen=True)
class WeeklyView:
    contest: Contest
    week_start: datetime.date
    computed_at: datetime.datetime
    root: Change  # the subtree's (or the whole contest's) own line
    lines: list[Change]  # the units just below it
    lagging: list[WeekLine]
    unit_id: int | None

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    @property
    def bands(self) -> list[tuple[str, int, int | None]]:
        """(label, attempts this week, attempts the week before) per score band."""
        before = self.root.before
        return [
            (label, self.root.now.bands[i], before.bands[i] if before else None)
            for i, label in enumerate(figures.BANDS)
        ]


def _line(units: ContestTree, report: WeeklyReport | None, uid, depth) -> WeekLine:
    stored = report.data["units"].get(str(uid)) if report else None
    return figures.line_from(
        stored,
        unit_id=uid,
        name=units.names.get(uid, ""),
        code=units.codes.get(uid, ""),
        depth=depth,
    )


def weekly_view(
    contest: Contest,
    units: ContestTree,
    report: WeeklyReport,
    previous: WeeklyReport | None,
    *,
    unit_id: int | None,
) -> WeeklyView:
    """``unit_id``'s subtree (None: the whole contest) in ``report``, each line
    beside the same line of ``previous``."""
    if unit_id is None:
        root = Change(
            figures.line_from(
                report.data["total"],
                unit_id=None,
                name=WHOLE_CONTEST,
                code="",
                depth=0,
            ),
            figures.line_from(
                previous.data["total"], unit_id=None, name="", code="", depth=0
            )
            if previous
            else None,
        )
        roots = units.roots
        below = units.children(roots[0]) if len(roots) == 1 else roots
    else:
        depth = units.depth_of(unit_id)
        root = Change(
            _line(units, report, unit_id, depth),
            _line(units, previous, unit_id, depth) if previous else None,
        )
        below = units.children(unit_id)
    lines = [
        Change(
            _line(units, report, uid, 1),
            _line(units, previous, uid, 1) if previous else None,
        )
        for uid in below
    ]
    return WeeklyView(
        contest=contest,
        week_start=report.week_start,
        computed_at=report.computed_at,
        root=root,
        lines=lines,
        lagging=figures.lagging(change.now for change in lines),
        unit_id=unit_id,
    )
