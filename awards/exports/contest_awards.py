"""Every prize of a contest: individual prizes (every round and contest-wide),
collective and special prizes, the live final's, and a summary of money by part."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from contests.models import Contest

from .. import selectors
from ..models import Award
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
    prize_count,
    render,
)
from .final import final_table
from .individual import INDIVIDUAL_COLUMNS, individual_rows, scope_label

H_SCOPE = "Đợt thi / phần thi"
INDIVIDUAL_WITH_SCOPE = [
    INDIVIDUAL_COLUMNS[0],
    Column(H_SCOPE, 18),
    *INDIVIDUAL_COLUMNS[1:],
]
UNIT_AWARD_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column(H_SCOPE, 22),
    Column(H_UNIT, 40),
    Column("Hạng", 8, "int"),
    Column(H_PRIZE, 26),
    Column(H_AMOUNT, 14, "money"),
]
SUMMARY_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Phần thi", 34),
    Column("Số giải", 10, "int"),
    Column(H_AMOUNT, 16, "money"),
]


def _money(awards) -> dict:
    return {
        H_PRIZE: prize_count(len(awards)),
        H_AMOUNT: sum(a.amount_vnd for a in awards),
    }


class ContestAwards(Report):
    def __init__(self, contest: Contest, *, personal: bool):
        self.contest, self.personal = contest, personal

    def tables(self) -> Iterator[Table]:
        contest = self.contest
        awards = list(selectors.contest_awards(contest.id))
        # The live final's prizes have a sheet of their own (candidate numbers, the
        # question each player fell at), whether a person or a unit won them.
        finals = [a for a in awards if a.part == Award.Part.FINAL]
        others = [a for a in awards if a.part != Award.Part.FINAL]
        individual = [a for a in others if a.winner_user_id]
        units = [a for a in others if not a.winner_user_id and a.winner_unit_id]
        yield Table(
            "Giải cá nhân",
            INDIVIDUAL_WITH_SCOPE,
            heading(contest, "DANH SÁCH CÁ NHÂN ĐẠT GIẢI"),
            individual_rows(individual, personal=self.personal, with_scope=True),
            total=_money(individual),
        )
        yield Table(
            "Giải tập thể",
            UNIT_AWARD_COLUMNS,
            heading(contest, "DANH SÁCH TẬP THỂ ĐẠT GIẢI"),
            (
                [
                    number,
                    scope_label(award),
                    award.winner_unit.name,
                    award.rank,
                    award.tier_name,
                    award.amount_vnd,
                ]
                for number, award in enumerate(units, 1)
            ),
            total=_money(units),
        )
        if finals:
            yield final_table(contest, finals)
        yield self._summary(awards)

    def _summary(self, awards) -> Table:
        counts: Counter = Counter()
        money: Counter = Counter()
        for award in awards:
            counts[award.part] += 1
            money[award.part] += award.amount_vnd
        return Table(
            "Tổng hợp",
            SUMMARY_COLUMNS,
            heading(self.contest, "TỔNG HỢP GIẢI THƯỞNG"),
            [
                [number, str(part.label), counts[part], money[part]]
                for number, part in enumerate((p for p in Award.Part if counts[p]), 1)
            ],
            total={"Số giải": sum(counts.values()), H_AMOUNT: sum(money.values())},
            counted=False,
        )


def write_contest_awards(
    contest: Contest, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """Every prize of a contest, a sheet per kind and a summary. Returns the rows
    of the prize sheets."""
    return render(ContestAwards(contest, personal=personal), path, progress=progress)
