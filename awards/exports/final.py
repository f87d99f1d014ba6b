"""The live final's prizes (Rung chuông vàng): candidate numbers and the question
each player fell at. The wording of a player's result is shared with the live
results page (templates/live/results.html reads ``final_result``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from contests.models import Contest

from ..models import Award
from . import queries
from .base import (
    H_AMOUNT,
    H_NAME,
    H_PRIZE,
    H_SCORE,
    H_STT,
    H_UNIT,
    Column,
    Table,
    heading,
    prize_count,
)

STILL_IN = "Trụ lại đến cuối"
OUT_AT = "Bị loại ở câu {number}"
OUT = "Bị loại"

FINAL_COLUMNS = [
    Column(H_STT, 6, "int"),
    Column("Trận thi", 24),
    Column("Số báo danh", 10, "int"),
    Column(H_NAME, 26),
    Column(H_UNIT, 34),
    Column("Kết quả", 22),
    Column(H_SCORE, 9, "int"),
    Column("Hạng", 7, "int"),
    Column(H_PRIZE, 18),
    Column(H_AMOUNT, 14, "money"),
]


def final_result(is_in: bool, out_at: int | None) -> str:
    """How a live final ended for a player, as the results page and sheet say it."""
    if is_in:
        return STILL_IN
    return OUT_AT.format(number=out_at) if out_at else OUT


def _rows(finals: Sequence[Award]) -> Iterator[list]:
    players = queries.final_players([a.source_id for a in finals if a.source_id])
    for number, award in enumerate(sorted(finals, key=lambda a: (a.group, a.rank)), 1):
        sbd, name, is_in, out_at, correct = players.get(
            award.source_id, (None, "", False, None, None)
        )
        if not name and award.winner_user_id:
            name = str(award.winner_user)
        yield [
            number,
            award.group,
            sbd,
            name,
            award.unit.name if award.unit_id else "",
            final_result(is_in, out_at),
            correct,
            award.rank,
            award.tier_name,
            award.amount_vnd,
        ]


def final_table(contest: Contest, finals: Sequence[Award]) -> Table:
    return Table(
        "Chung kết trực tiếp",
        FINAL_COLUMNS,
        heading(contest, "DANH SÁCH ĐẠT GIẢI THI TRỰC TIẾP (RUNG CHUÔNG VÀNG)"),
        _rows(finals),
        total={
            H_PRIZE: prize_count(len(finals)),
            H_AMOUNT: sum(a.amount_vnd for a in finals),
        },
    )
