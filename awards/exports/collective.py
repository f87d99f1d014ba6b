"""The collective ranking (whole contest, and each round that ranks units), every
unit listed, unranked ones with the reason, and the prizes."""

from __future__ import annotations

from collections.abc import Iterator

from accounts.models import Unit
from contests.models import Contest, Round

from .. import selectors
from ..models import Award
from . import queries
from .base import (
    H_AMOUNT,
    H_PRIZE,
    H_STT,
    H_UNIT,
    Column,
    Progress,
    Report,
    Table,
    heading,
    render,
)

UNIT_RANKING_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column(H_UNIT, 40),
    Column("Tổng số CBCCVCLĐ", 12, "int"),
    Column("Số thí sinh", 11, "int"),
    Column("Tỷ lệ tham gia", 11, "percent"),
    Column("Số giải cá nhân", 11, "int"),
    Column("Điểm TB lần thi tốt nhất", 12),
    Column("Hạng", 7, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
    Column("Ghi chú", 36),
]


def _average(milli: int | None) -> str:
    return f"{milli / 1000:.2f}".replace(".", ",") if milli is not None else ""


class Collective(Report):
    def __init__(self, contest: Contest):
        self.contest = contest

    def tables(self) -> Iterator[Table]:
        written = False
        for scope in queries.ranked_scopes(self.contest):
            for table in self._scope_tables(scope):
                written = True
                yield table
        if not written:
            yield Table(
                "Tập thể",
                UNIT_RANKING_COLUMNS,
                heading(self.contest, "XẾP HẠNG TẬP THỂ — CHƯA CÓ KẾT QUẢ"),
                [],
                signatures=False,
            )

    def _scope_tables(self, scope: Round | None) -> Iterator[Table]:
        contest = self.contest
        rows = selectors.unit_results(contest.id, scope.id if scope else None)
        prizes = queries.unit_prizes(contest, scope)
        kinds = sorted({(r.unit_kind, r.rule) for r in rows})
        if not kinds and scope is not None:
            return
        for kind, rule in kinds or [(contest.collective_unit_kind, "")]:
            label = Unit.Kind(kind).label if kind else ""
            what = "XẾP HẠNG TẬP THỂ"
            if kind:
                what += f" — {label}"
            if rule:
                what += f" — tiêu chí riêng: {rule}"
            what += f" — {scope}" if scope else " — TOÀN CUỘC THI"
            part = Award.Part.COLLECTIVE if rule == "" else Award.Part.SPECIAL
            lines = []
            for number, unit_row in enumerate(
                (r for r in rows if (r.unit_kind, r.rule) == (kind, rule)), 1
            ):
                award = prizes.get((unit_row.unit_id, part))
                staff = unit_row.staff_count
                lines.append(
                    [
                        number,
                        unit_row.unit.name,
                        staff,
                        unit_row.contestants,
                        unit_row.contestants / staff if staff else None,
                        unit_row.prizes,
                        _average(unit_row.avg_best_score_milli),
                        unit_row.rank,
                        award.tier_name if award else "",
                        award.amount_vnd if award else None,
                        unit_row.reason,
                    ]
                )
            yield Table(
                f"{scope or 'Toàn cuộc thi'} {label}",
                UNIT_RANKING_COLUMNS,
                heading(contest, what),
                lines,
                total={H_AMOUNT: sum(line[9] or 0 for line in lines)},
            )


def write_collective(
    contest: Contest, path: str, *, progress: Progress | None = None
) -> int:
    """The collective ranking, a sheet per scope and unit kind. Returns the rows."""
    return render(Collective(contest), path, progress=progress)
