"""A closed round's full ranking with every key, streamed (one row per person)."""

from __future__ import annotations

from collections.abc import Iterator

from contests.models import Round

from .. import selectors
from . import queries
from .base import (
    H_BIRTH,
    H_CCCD,
    H_DURATION,
    H_NAME,
    H_PHONE,
    H_PREDICTION,
    H_SCORE,
    H_UNIT,
    Column,
    Progress,
    Report,
    Table,
    heading,
    person,
    render,
    round_span,
)

RANKING_COLUMNS = [
    Column("Hạng", 8, "int"),
    Column("Hạng trong nhóm", 9, "int"),
    Column(H_NAME, 26),
    Column(H_BIRTH, 12, "date"),
    Column(H_UNIT, 34),
    Column(H_PHONE, 15),
    Column(H_CCCD, 15),
    Column(H_SCORE, 9, "int"),
    Column(H_PREDICTION, 10, "int"),
    Column("Chênh lệch dự đoán", 11, "int"),
    Column(H_DURATION, 13, "duration"),
    Column("Nộp bài lúc", 20, "datetime"),
]
ORDER = (
    "thứ tự: số câu đúng ↓, chênh lệch dự đoán ↑, thời gian làm bài ↑, "
    "thời điểm nộp bài ↑"
)


class Ranking(Report):
    def __init__(self, round_: Round, *, personal: bool):
        self.round, self.personal = round_, personal

    def tables(self) -> Iterator[Table]:
        round_ = self.round
        closing = selectors.round_closing(round_.id)
        extra = ""
        if closing is not None and closing.true_answer is not None:
            extra = f"Đáp án câu dự đoán: {closing.true_answer}"
        yield Table(
            str(round_),
            RANKING_COLUMNS,
            heading(
                round_.contest,
                f"BẢNG XẾP HẠNG — {round_span(round_)} — {ORDER}",
                extra,
            ),
            self._rows(),
            signatures=False,
        )

    def _rows(self) -> Iterator[list]:
        personal = self.personal
        for rank, group_rank, *fields in queries.ranking_rows(self.round):
            who = person(*fields[:5], personal=personal)
            unit, score, prediction, gap, duration, submitted = fields[5:]
            yield [
                rank,
                group_rank,
                who.name,
                who.birth,
                unit or "",
                who.phone,
                who.cccd,
                score,
                prediction,
                gap,
                duration,
                submitted,
            ]


def write_ranking(
    round_: Round, path: str, *, personal: bool, progress: Progress | None = None
) -> int:
    """A closed round's full ranking with every key. Returns the rows."""
    return render(Ranking(round_, personal=personal), path, progress=progress)
