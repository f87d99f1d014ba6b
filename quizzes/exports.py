"""Workbooks in the documented layout: the empty template and bank exports.

Every text cell is written as a string, never a formula: a question that starts with
"=" stays text in Excel (no formula injection) and re-imports unchanged.
"""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import layout
from .importing.xlsx import SHEET_NAME

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-ngan-hang-cau-hoi.xlsx"

_WIDTHS = {
    layout.TOPIC: 28,
    layout.QUESTION: 60,
    layout.CORRECT: 14,
    layout.DIFFICULTY: 14,
    layout.EXPLANATION: 40,
    layout.DOCUMENT: 40,
}
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text_cell(sheet, value: str, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula or an error code, whatever it starts with
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _size_columns(sheet) -> None:
    for index, header in enumerate(layout.HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(
            header, 24
        )


def write_questions(rows: Iterable[tuple[str, ...]], stream) -> None:
    """Stream a workbook of `rows` (selectors.export_rows) into a binary stream."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    _size_columns(sheet)
    sheet.freeze_panes = "A2"
    sheet.append(
        [
            _text_cell(sheet, header, font=_HEADER_FONT, fill=_HEADER_FILL)
            for header in layout.HEADERS
        ]
    )
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    workbook.save(stream)


def questions_workbook(rows: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.BytesIO()
    write_questions(rows, buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The empty template: headers, text-formatted columns, drop-downs, a guide sheet.

    The question sheet holds no example rows, so a forgotten example is never
    imported; the examples live on the "Hướng dẫn" sheet.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(list(layout.HEADERS))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(layout.HEADERS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[letter].width = _WIDTHS.get(header, 24)
        # Text format: Excel keeps "10/6/2024" and "01" as typed.
        sheet.column_dimensions[letter].number_format = "@"
    last = layout.MAX_ROWS + 1
    correct = get_column_letter(layout.HEADERS.index(layout.CORRECT) + 1)
    difficulty = get_column_letter(layout.HEADERS.index(layout.DIFFICULTY) + 1)
    for column, choices in (
        (correct, ",".join(layout.LETTERS)),
        (difficulty, ",".join(layout.DIFFICULTY_LABELS.values())),
    ):
        validation = DataValidation(type="list", formula1=f'"{choices}"')
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)

    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide.append(["Cách điền ngân hàng câu hỏi"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            "",
            "Điền câu hỏi vào trang “Câu hỏi”, mỗi câu một dòng, từ dòng 2. Giữ "
            "nguyên dòng tiêu đề. Khi nhập, cổng kiểm tra toàn bộ tệp: có một dòng "
            "sai thì không nhập câu nào và báo từng dòng sai.",
        ]
    )
    guide.append([])
    guide.append(["Cột", "Cách điền"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column, help_text in layout.COLUMN_HELP:
        guide.append([column, help_text])
    guide.append([])
    guide.append(["Ví dụ (không nhập từ trang này)"])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    guide.append(list(layout.HEADERS))
    guide.append(
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
        ]
    )
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
