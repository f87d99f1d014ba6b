"""Excel exports of the video part (openpyxl write-only): results and the full
judge score sheet, with Vietnamese headers and the contest's title on top."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import VideoPart
from .scoring import format_fraction
from .selectors import criteria, results, score_sheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESULT_HEADERS = [
    "Hạng",
    "Mã đơn vị",
    "Đơn vị",
    "Tên video",
    "Số giám khảo",
    "Số điểm được tính",
    "Điểm giám khảo (trung bình)",
    "Điểm tương tác",
    "Tỷ lệ tương tác (%)",
    "Điểm tổng kết",
    "Giải",
    "Số tiền (đồng)",
]


def safe_text(value) -> str:
    """Text that Excel never evaluates as a formula (= + - @ at the start)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _decimal(value: Fraction, places: int) -> Decimal:
    return Decimal(format_fraction(value, places))


def _bold(ws, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _title_rows(ws, part: VideoPart, subtitle: str) -> None:
    ws.append(_bold(ws, [safe_text(part.contest.title)]))
    ws.append([safe_text(part.contest.organizer_name)])
    ws.append([subtitle])
    ws.append([])


def _save(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def results_workbook(part: VideoPart) -> bytes:
    """One sheet "Kết quả": the ranking with its keys, prizes and the prize total."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Kết quả")
    _title_rows(ws, part, "Phần thi video clip — Kết quả xếp hạng")
    ws.append(_bold(ws, RESULT_HEADERS))
    total = 0
    for row in results(part):
        total += row.amount_vnd
        ws.append(
            [
                row.rank,
                safe_text(row.clip.unit.code),
                safe_text(row.clip.unit.name),
                safe_text(row.clip.title),
                row.judge_count,
                row.counted_judges,
                _decimal(row.jury_points, 2),
                row.interaction_points,
                _decimal(row.public_share * 100, 2),
                _decimal(row.final_score, 2),
                safe_text(row.tier_name),
                row.amount_vnd,
            ]
        )
    ws.append([])
    ws.append(_bold(ws, ["Tổng cộng", *[""] * 10, total]))
    return _save(wb)


def score_sheet_workbook(part: VideoPart) -> bytes:
    """One sheet "Bảng điểm": a row per judge and clip, a column per criterion
    (points with one decimal), the total and the judge's comment."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Bảng điểm")
    _title_rows(ws, part, "Phần thi video clip — Bảng điểm chi tiết của Ban Giám khảo")
    crits = criteria(part)
    ws.append(
        _bold(
            ws,
            [
                "STT",
                "Giám khảo",
                "Mã đơn vị",
                "Đơn vị dự thi",
                "Tên video",
                *[f"{c.name} (tối đa {c.max_points})" for c in crits],
                "Tổng điểm",
                "Nhận xét",
            ],
        )
    )
    for number, row in enumerate(score_sheet(part), start=1):
        ws.append(
            [
                number,
                safe_text(row.judge.full_name or row.judge.get_username()),
                safe_text(row.clip.unit.code),
                safe_text(row.clip.unit.name),
                safe_text(row.clip.title),
                *[
                    Decimal(row.points[c.pk]) / 10 if c.pk in row.points else None
                    for c in crits
                ],
                Decimal(row.total) / 10 if row.total is not None else None,
                safe_text(row.comment),
            ]
        )
    return _save(wb)
