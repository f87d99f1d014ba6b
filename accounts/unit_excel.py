"""The unit roster as an Excel file: checking and reading an upload, the blank
template, the export. Bytes in, plain values out; no database access here."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from unidecode import unidecode

from core import workbooks
from core.errors import Invalid
from core.sheets import Book, Escape, Look
from core.sheets import Column as SheetColumn

MAX_FILE_BYTES = 5 * 1024 * 1024
# A 5 MB .xlsx can unzip to gigabytes (a "zip bomb"): bound what openpyxl reads.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("code", "Mã đơn vị", True, ("ma", "code", "ma dv")),
    Column("name", "Tên đơn vị", True, ("ten", "name", "ten dv")),
    Column("kind", "Loại", False, ("loai don vi", "kind")),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        False,
        ("ma cap tren", "ma dv cap tren", "parent", "parent code", "parent_code"),
    ),
    Column(
        "staff_count",
        "Tổng số CBCCVCLĐ",
        False,
        ("so cbccvcld", "tong so", "staff count", "staff_count"),
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def normalize_header(text: Any) -> str:
    """'Mã đơn vị (*)' → 'ma don vi': accents, case, punctuation and spacing off."""
    plain = unidecode(str(text or "")).lower().replace("_", " ")
    plain = "".join(ch if ch.isalnum() or ch == " " else " " for ch in plain)
    return " ".join(plain.split())


_HEADER_LOOKUP = {
    normalize_header(name): column.key
    for column in COLUMNS
    for name in (column.header, *column.aliases)
}


def header_key(text: Any) -> str | None:
    return _HEADER_LOOKUP.get(normalize_header(text))


@dataclass
class Sheet:
    """The first worksheet: its header row and the non-empty rows below it, each
    with its Excel row number (the header is row 1)."""

    headers: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


class NotAnXlsxFile(Invalid):
    """The upload is not a readable .xlsx within the limits. str() is Vietnamese."""


def check_size(size: int) -> None:
    """Refuse an oversized file before reading it. Raises NotAnXlsxFile."""
    if size > MAX_FILE_BYTES:
        raise NotAnXlsxFile(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": f"{MAX_FILE_BYTES / 1024 / 1024:g}",
            }
        )


# The roster's own wording for the shared workbook checks (core.workbooks).
def _refusal(error: workbooks.WorkbookError) -> str:
    if error.reason == workbooks.OLD_XLS:
        return _(
            "Tệp là Excel 97-2003 (.xls), không được hỗ trợ: hãy mở bằng Excel "
            "và lưu lại dưới dạng .xlsx."
        )
    if error.reason == workbooks.NOT_XLSX:
        return _("Tệp không phải là tệp Excel .xlsx.")
    if error.reason == workbooks.UNZIPPED_TOO_LARGE:
        return _("Tệp quá lớn khi giải nén; giới hạn là %(limit)s MB.") % {
            "limit": MAX_UNZIPPED_BYTES // 1024 // 1024
        }
    if error.reason == workbooks.UNREADABLE:
        return _("Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx).")
    return error.message  # a far cell: names the sheet and the cell


def check_xlsx(data: bytes) -> None:
    """Reject by content, not by name: size, zip signature, workbook structure,
    unzipped size, the first sheet's extent, merged cells below the header.
    Raises NotAnXlsxFile with a message for the organizer; reads no cell."""
    check_size(len(data))
    if not data:
        raise NotAnXlsxFile(_("Tệp rỗng."))
    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=MAX_UNZIPPED_BYTES)
        if sheets:
            workbooks.check_extent(
                data, sheets[0], max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS
            )
            _check_merged(workbooks.inspect_sheet(data, sheets[0]))
    except workbooks.WorkbookError as exc:
        raise NotAnXlsxFile(_refusal(exc)) from exc


def _check_merged(facts: workbooks.SheetFacts) -> None:
    """A merged parent (or any) cell fills only its first row: the rows under it
    would lose their value without a word."""
    spans = [
        span
        for span in facts.merged
        if (place := workbooks.parse_ref(span.partition(":")[2] or span))
        and place[0] >= 2
    ]
    if spans:
        raise NotAnXlsxFile(
            _(
                "Các ô %(ranges)s được gộp: chỉ dòng đầu của vùng gộp có giá trị, "
                "các dòng khác sẽ mất mã hoặc tên. Hãy bỏ gộp ô và ghi đủ cho "
                "từng dòng."
            )
            % {"ranges": ", ".join(spans[:10])}
        )


def shown_number(value: float, number_format: str) -> str:
    """A number as Excel shows it in a cell of that format, for codes: "000" makes
    1 read "001", "00.00" makes 1.02 read "01.02"; General shows 1 or 1.02."""
    section = number_format.split(";")[0].replace("\\", "").replace('"', "")
    match = re.fullmatch(r"([0#]+)(?:\.([0#]+))?", section)
    if match:
        zeros = match.group(1).count("0")
        decimals = len(match.group(2) or "")
        width = zeros + (decimals + 1 if decimals else 0)
        return f"{value:0{width}.{decimals}f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"


def _code_formats(data: bytes, sheet_name: str, columns: list[int]) -> dict:
    """(row, column) -> number format of the numeric cells of the code columns.
    openpyxl (read-only, after the extent check) has the formats calamine lacks."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        sheet = book[sheet_name]
        formats = {}
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                column = getattr(cell, "column", None)  # None on an empty cell
                if (
                    column is not None
                    and column - 1 in columns
                    and isinstance(cell.value, int | float)
                ):
                    formats[(cell.row, column - 1)] = cell.number_format
        return formats
    finally:
        book.close()


def read_sheet(data: bytes) -> Sheet:
    """Check the file by its content (size, zip, workbook, unzipped size, the
    first sheet's extent), then read its first worksheet. Raises NotAnXlsxFile.

    Read with calamine (Rust), as the question importer does: openpyxl's
    read-only mode took 2 s of a 5,000-unit roster's 3.5 s."""
    check_size(len(data))
    if not data:
        raise NotAnXlsxFile(_("Tệp rỗng."))
    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=MAX_UNZIPPED_BYTES)
        if not sheets:
            return Sheet(headers=[])
        # The header plus MAX_ROWS rows; a roster has 5 columns, a sheet far wider
        # is refused before it is read.
        rows = workbooks.read_rows(
            data, sheets[0], max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS
        )
        _check_merged(workbooks.inspect_sheet(data, sheets[0]))
    except workbooks.WorkbookError as exc:
        raise NotAnXlsxFile(_refusal(exc)) from exc
    if not rows:
        return Sheet(headers=[])
    _codes_as_shown(data, sheets[0].name, rows)
    sheet = Sheet(headers=[None if v == "" else v for v in rows[0]])
    for number, values in enumerate(rows[1:], 2):
        if all(_blank(v) for v in values):
            continue
        sheet.rows.append((number, tuple(None if v == "" else v for v in values)))
    return sheet


def _codes_as_shown(data: bytes, sheet_name: str, rows: list[list]) -> None:
    """Codes are text: a code typed as a number reads as Excel shows it ("001",
    "01.02"), never as the number (1, 1.02)."""
    columns = [
        index
        for index, header in enumerate(rows[0])
        if header_key(header) in {"code", "parent_code"}
    ]
    numeric = any(
        isinstance(cells[i], int | float) and not isinstance(cells[i], bool)
        for cells in rows[1:]
        for i in columns
        if i < len(cells)
    )
    if not numeric:
        return
    formats = _code_formats(data, sheet_name, columns)
    for number, cells in enumerate(rows[1:], 2):
        for index in columns:
            value = cells[index] if index < len(cells) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells[index] = shown_number(
                    value, formats.get((number, index), "General")
                )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# 0 -> "A": the one helper every importer names columns with.
column_letter = workbooks.column_letter


# --- writing ---
ROSTER_COLUMNS = [
    SheetColumn(
        column.header, width, "number" if column.key == "staff_count" else "text"
    )
    for column, width in zip(COLUMNS, (18, 48, 34, 20, 20), strict=True)
]
# Bold headers on light blue; values kept as they are, so an export imports back
# unchanged (a text starting with = + - @ carries Excel's quote prefix).
ROSTER_LOOK = Look(header_fill="DDEBF7", escape=Escape.QUOTE_PREFIX)
LAST_ROW = MAX_ROWS + 1


def write_roster(rows, kind_labels: list[str]) -> bytes:
    """An .xlsx with the import headers and one line per unit (code, name, kind
    label, parent code, staff count): the export, and with no rows the template."""
    buffer = io.BytesIO()
    with Book(buffer, ROSTER_LOOK) as book:
        sheet = book.sheet(_("Đơn vị"), ROSTER_COLUMNS)
        sheet.choices(
            2, kind_labels, last_row=LAST_ROW, error=_("Chọn một loại trong danh sách.")
        )
        sheet.whole_numbers(
            4, last_row=LAST_ROW, error=_("Tổng số CBCCVCLĐ là số nguyên không âm.")
        )
        for row in rows:
            sheet.row(list(row))
        guide = book.sheet(
            _("Hướng dẫn"), [SheetColumn("", 110)], header=False, freeze=False
        )
        guide.lines(guide_lines(kind_labels))
    return buffer.getvalue()


def guide_lines(kind_labels: list[str]) -> list[str]:
    return [
        _("Hướng dẫn nhập danh sách đơn vị"),
        "",
        _("Chỉ trang tính đầu tiên được đọc. Dòng 1 là tiêu đề, giữ nguyên tên cột."),
        _("Mã đơn vị (bắt buộc): duy nhất; mã đã có thì đơn vị đó được cập nhật."),
        _("Tên đơn vị (bắt buộc)."),
        _("Loại: một trong: %(kinds)s. Để trống: giữ loại cũ, đơn vị mới là “Khác”.")
        % {"kinds": "; ".join(kind_labels)},
        _(
            "Mã đơn vị cấp trên: mã của một đơn vị trong tệp hoặc đã có trên hệ "
            "thống; để trống với đơn vị cấp cao nhất."
        ),
        _(
            "Tổng số CBCCVCLĐ: số nguyên không âm. Được để trống với đơn vị có đơn "
            "vị trực thuộc (khi đó bằng tổng của các đơn vị trực thuộc); bắt buộc "
            "với đơn vị không có đơn vị trực thuộc."
        ),
        _(
            "Tệp được nhập tất cả hoặc không gì cả: nếu có một dòng lỗi, không đơn "
            "vị nào thay đổi, và mỗi lỗi được báo theo số dòng Excel và tên cột."
        ),
        _(
            "Đơn vị đã có trên hệ thống nhưng không có trong tệp được giữ nguyên "
            "(không bị xoá)."
        ),
    ]
