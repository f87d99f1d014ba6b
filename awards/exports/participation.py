"""Participation in a unit's subtree (e.g. the Bắc Sơn district): a summary per
unit (staff, distinct contestants of its subtree, rate, attempts, prizes) and the
list of its contestants with their attempts, best score and prizes."""

from __future__ import annotations

from collections.abc import Iterator

from accounts.models import Unit
from contests.models import Contest

from .. import selectors
from . import queries
from .base import (
    H_BIRTH,
    H_CCCD,
    H_NAME,
    H_PHONE,
    H_PRIZE,
    H_STT,
    H_UNIT,
    Column,
    Progress,
    Report,
    Table,
    heading,
    person,
    render,
)

UNIT_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Mã đơn vị", 12),
    Column(H_UNIT, 44),
    Column("Tổng số CBCCVCLĐ", 12, "int"),
    Column("Số thí sinh", 11, "int"),
    Column("Tỷ lệ tham gia", 11, "percent"),
    Column("Số lượt thi", 11, "int"),
    Column("Số giải cá nhân", 11, "int"),
]
PEOPLE_COLUMNS = [
    Column(H_STT, 7, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 36),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column("Số lượt thi", 9, "int"),
    Column("Số câu đúng cao nhất", 11, "int"),
    Column(H_PRIZE, 26),
]


class Participation(Report):
    def __init__(self, contest: Contest, root: Unit, *, personal: bool):
        self.contest, self.root, self.personal = contest, root, personal

    def tables(self) -> Iterator[Table]:
        contest, root = self.contest, self.root
        report = selectors.participation_report(contest, root)
        yield Table(
            "Tổng hợp theo đơn vị",
            UNIT_COLUMNS,
            heading(contest, f"BÁO CÁO THAM GIA — {root.name}"),
            (
                [
                    number,
                    line.code,
                    "    " * line.depth + line.name,
                    line.staff_count,
                    line.contestants,
                    float(line.rate) if line.rate is not None else None,
                    line.attempts,
                    line.prizes,
                ]
                for number, line in enumerate(report.lines, 1)
            ),
        )
        yield Table(
            "Danh sách thí sinh",
            PEOPLE_COLUMNS,
            heading(contest, f"DANH SÁCH THÍ SINH — {root.name}"),
            self._people(report.unit_ids, report.won),
        )

    def _people(self, unit_ids, won) -> Iterator[list]:
        rows = queries.participant_rows(self.contest, unit_ids)
        for number, (user_id, *fields, n, best, unit) in enumerate(rows, 1):
            who = person(*fields, personal=self.personal)
            yield [
                number,
                who.name,
                who.birth,
                unit or "",
                who.phone,
                who.cccd,
                n,
                best,
                "; ".join(won.get(user_id, [])),
            ]


def write_participation(
    contest: Contest,
    root: Unit,
    path: str,
    *,
    personal: bool,
    progress: Progress | None = None,
) -> int:
    """The participation report of ``root``'s subtree. Returns the rows."""
    return render(
        Participation(contest, root, personal=personal), path, progress=progress
    )
