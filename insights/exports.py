"""The Monday report as Excel: one module, tables from the stored report, written
by the awards reports' renderer (core.sheets underneath)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from awards.exports.base import H_STT, H_UNIT, Column, Report, Table, heading, render

from .figures import Change
from .reports import WeeklyView

UNIT_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Mã đơn vị", 12),
    Column(H_UNIT, 40),
    Column("Tổng số CBCCVCLĐ", 12, "int"),
    Column("Số thí sinh lũy kế", 12, "int"),
    Column("Tỷ lệ tham gia", 11, "percent"),
    Column("Thay đổi tỷ lệ", 11, "percent"),
    Column("Số người thi trong tuần", 12, "int"),
    Column("Số lượt thi trong tuần", 12, "int"),
    Column("Số lượt thi tuần trước", 12, "int"),
    Column("Tỷ lệ bài đạt điểm tối đa", 12, "percent"),
]
BAND_COLUMNS = [
    Column("Khoảng điểm (tỷ lệ câu đúng)", 26),
    Column("Số lượt thi trong tuần", 14, "int"),
    Column("Số lượt thi tuần trước", 14, "int"),
]


def _number(value) -> float | None:
    return None if value is None else float(value)


def _row(number, code: str, change: Change) -> list:
    now, before = change.now, change.before
    return [
        number,
        code,
        now.name,
        now.staff,
        now.contestants,
        _number(now.rate),
        _number(change.rate),
        now.people,
        now.attempts,
        before.attempts if before else None,
        _number(now.perfect_share),
    ]


class WeeklyReportSheets(Report):
    def __init__(self, view: WeeklyView):
        self.view = view

    def tables(self) -> Iterator[Table]:
        view = self.view
        span = f"{view.week_start:%d/%m/%Y} - {view.week_end:%d/%m/%Y}"
        what = f"BÁO CÁO TUẦN {span} — {view.root.now.name}"
        rows = [_row("", view.root.now.code, view.root)]
        rows += [
            _row(number, change.now.code, change)
            for number, change in enumerate(view.lines, 1)
        ]
        yield Table("Theo đơn vị", UNIT_COLUMNS, heading(view.contest, what), rows)
        yield Table(
            "Đơn vị chậm",
            UNIT_COLUMNS[:6],
            heading(view.contest, f"ĐƠN VỊ CÓ TỶ LỆ THAM GIA THẤP — {span}"),
            (
                [
                    n,
                    line.code,
                    line.name,
                    line.staff,
                    line.contestants,
                    _number(line.rate),
                ]
                for n, line in enumerate(view.lagging, 1)
            ),
            counted=False,
        )
        yield Table(
            "Phổ điểm",
            BAND_COLUMNS,
            heading(view.contest, f"PHỔ ĐIỂM — {span}"),
            view.bands,
            counted=False,
            signatures=False,
        )


def write_weekly(view: WeeklyView, target: IO[bytes]) -> int:
    """The report of ``view`` as .xlsx into ``target``; returns the unit rows."""
    return render(WeeklyReportSheets(view), target)
