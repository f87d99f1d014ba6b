"""Excel exports of the video part: results and the full judge score sheet, with
Vietnamese headers and the contest's title on top, written by core.sheets."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from io import BytesIO

from core.sheets import CONTENT_TYPE, PLAIN, Book, Column, safe_text

from .models import VideoPart
from .scoring import format_fraction
from .selectors import criteria, results, score_sheet

__all__ = ["XLSX_CONTENT_TYPE", "results_workbook", "safe_text", "score_sheet_workbook"]

XLSX_CONTENT_TYPE = CONTENT_TYPE
H_AMOUNT = "Số tiền (đồng)"
RESULT_COLUMNS = [
    Column("Hạng", None, "number"),
    Column("Mã đơn vị", None),
    Column("Đơn vị", None),
    Column("Tên video", None),
    Column("Số giám khảo", None, "number"),
    Column("Số điểm được tính", None, "number"),
    Column("Điểm giám khảo (trung bình)", None, "number"),
    Column("Điểm tương tác", None, "number"),
    Column("Tỷ lệ tương tác (%)", None, "number"),
    Column("Điểm tổng kết", None, "number"),
    Column("Giải", None),
    Column(H_AMOUNT, None, "number"),
]
RESULT_HEADERS = [c.header for c in RESULT_COLUMNS]
SCORE_SHEET_TITLE = "Phần thi video clip — Bảng điểm chi tiết của Ban Giám khảo"


def _decimal(value: Fraction, places: int) -> Decimal:
    return Decimal(format_fraction(value, places))


def _heading(part: VideoPart, subtitle: str) -> list[str]:
    return [part.contest.title, part.contest.organizer_name, subtitle]


def results_workbook(part: VideoPart) -> bytes:
    """One sheet "Kết quả": the ranking with its keys, prizes and the prize total."""
    buffer = BytesIO()
    with Book(buffer, PLAIN) as book:
        sheet = book.sheet(
            "Kết quả",
            RESULT_COLUMNS,
            _heading(part, "Phần thi video clip — Kết quả xếp hạng"),
            freeze=False,
        )
        total = 0
        for row in results(part):
            total += row.amount_vnd
            sheet.row(
                [
                    row.rank,
                    row.clip.unit.code,
                    row.clip.unit.name,
                    row.clip.title,
                    row.judge_count,
                    row.counted_judges,
                    _decimal(row.jury_points, 2),
                    row.interaction_points,
                    _decimal(row.public_share * 100, 2),
                    _decimal(row.final_score, 2),
                    row.tier_name,
                    row.amount_vnd,
                ]
            )
        sheet.blank()
        sheet.total({H_AMOUNT: total})
    return buffer.getvalue()


def score_sheet_workbook(part: VideoPart) -> bytes:
    """One sheet "Bảng điểm": a row per judge and clip, a column per criterion
    (points with one decimal), the total and the judge's comment."""
    crits = criteria(part)
    columns = [
        Column("STT", None, "number"),
        Column("Giám khảo", None),
        Column("Mã đơn vị", None),
        Column("Đơn vị dự thi", None),
        Column("Tên video", None),
        *[Column(f"{c.name} (tối đa {c.max_points})", None, "number") for c in crits],
        Column("Tổng điểm", None, "number"),
        Column("Nhận xét", None),
    ]
    buffer = BytesIO()
    with Book(buffer, PLAIN) as book:
        sheet = book.sheet(
            "Bảng điểm",
            columns,
            _heading(
                part, "Phần thi video clip — Bảng điểm chi tiết của Ban Giám khảo"
            ),
        )
        for number, row in enumerate(score_sheet(part), start=1):
            sheet.row(
                [
                    number,
                    row.judge.full_name or row.judge.get_username(),
                    row.clip.unit.code,
                    row.clip.unit.name,
                    row.clip.title,
                    *[
                        Decimal(row.points[c.pk]) / 10 if c.pk in row.points else None
                        for c in crits
                    ],
                    Decimal(row.total) / 10 if row.total is not None else None,
                    row.comment,
                ]
            )
    return buffer.getvalue()
