"""Workbooks in the documented layout: the empty template and bank exports,
written by core.sheets.

Every text cell is written as a string, never a formula: a question that starts with
"=" stays text in Excel (no formula injection) and re-imports unchanged.
"""

import io
from collections.abc import Iterable

from core.sheets import CONTENT_TYPE, Book, Column, Escape, Look

from . import layout
from .importing.xlsx import SHEET_NAME

__all__ = [
    "CONTENT_TYPE",
    "TEMPLATE_FILENAME",
    "questions_workbook",
    "template_workbook",
    "write_questions",
]

TEMPLATE_FILENAME = "mau-ngan-hang-cau-hoi.xlsx"

_WIDTHS = {
    layout.TOPIC: 28,
    layout.QUESTION: 60,
    layout.CORRECT: 14,
    layout.DIFFICULTY: 14,
    layout.EXPLANATION: 40,
    layout.DOCUMENT: 40,
}
COLUMNS = [Column(header, _WIDTHS.get(header, 24)) for header in layout.HEADERS]
# White bold headers on dark blue; values kept as they are (they import back).
LOOK = Look(header_fill="1F4E79", header_color="FFFFFF", escape=Escape.QUOTE_PREFIX)
_GUIDE_TEXT = {"text_wrap": True, "valign": "top", "num_format": "@"}


def write_questions(rows: Iterable[tuple[str, ...]], stream) -> None:
    """Stream a workbook of `rows` (selectors.export_rows) into a binary stream."""
    with Book(stream, LOOK) as book:
        sheet = book.sheet(SHEET_NAME, COLUMNS)
        for row in rows:
            sheet.row(row)


def questions_workbook(rows: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.BytesIO()
    write_questions(rows, buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The empty template: headers, text-formatted columns, drop-downs, a guide sheet.

    The question sheet holds no example rows, so a forgotten example is never
    imported; the examples live on the "Hướng dẫn" sheet.
    """
    buffer = io.BytesIO()
    with Book(buffer, LOOK) as book:
        sheet = book.sheet(SHEET_NAME, COLUMNS)
        # Text format: Excel keeps "10/6/2024" and "01" as typed.
        sheet.text_columns()
        last = layout.MAX_ROWS + 1
        sheet.choices(
            layout.HEADERS.index(layout.CORRECT), list(layout.LETTERS), last_row=last
        )
        sheet.choices(
            layout.HEADERS.index(layout.DIFFICULTY),
            list(layout.DIFFICULTY_LABELS.values()),
            last_row=last,
        )
        _guide(book)
    return buffer.getvalue()


def _guide(book: Book) -> None:
    guide = book.sheet("Hướng dẫn", [Column("", 28), Column("", 100)], header=False)
    guide.texts(["Cách điền ngân hàng câu hỏi"], bold=True, font_size=14)
    guide.texts(
        [
            "",
            "Điền câu hỏi vào trang “Câu hỏi”, mỗi câu một dòng, từ dòng 2. Giữ "
            "nguyên dòng tiêu đề. Khi nhập, cổng kiểm tra toàn bộ tệp: có một dòng "
            "sai thì không nhập câu nào và báo từng dòng sai.",
        ],
        **_GUIDE_TEXT,
    )
    guide.blank()
    guide.texts(["Cột", "Cách điền"], bold=True, **_GUIDE_TEXT)
    for column, help_text in layout.COLUMN_HELP:
        guide.texts([column, help_text], **_GUIDE_TEXT)
    guide.blank()
    guide.texts(["Ví dụ (không nhập từ trang này)"], bold=True, **_GUIDE_TEXT)
    guide.texts(list(layout.HEADERS), **_GUIDE_TEXT)
    guide.texts(
        [
            "Chương trình Chuyển đổi số quốc gia",
            "Quyết định số 749/QĐ-TTg phê duyệt “Chương trình Chuyển đổi số quốc "
            "gia đến năm 2025, định hướng đến năm 2030” được ban hành ngày nào?",
            "03/6/2020",
            "15/6/2021",
            "06/01/2022",
            "",
            "",
            "",
            "A",
            "Dễ",
            "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ.",
            "Quyết định số 749/QĐ-TTg ngày 03/6/2020",
        ],
        **_GUIDE_TEXT,
    )
