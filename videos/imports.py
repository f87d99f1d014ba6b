"""Importing the fan-page interaction counts from Excel: all rows or none.

Sheet layout (first sheet, header in row 1, any column order, accents optional):
Mã đơn vị | Bày tỏ cảm xúc | Chia sẻ | Bình luận. Other columns (e.g. Tên đơn vị,
Tên video) are ignored. Each error names the Excel row and column.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core import workbooks
from core.formatting import folded_words

from . import messages as msg
from .models import COUNT_MAX, VideoClip, VideoPart
from .services import apply_interactions

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
_COUNT_RE = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+")

# Normalised header keyword -> field. A header matches when it contains the keyword.
COLUMNS = {
    "code": ("ma don vi", "Mã đơn vị"),
    "reactions": ("cam xuc", "Bày tỏ cảm xúc"),
    "shares": ("chia se", "Chia sẻ"),
    "comments": ("binh luan", "Bình luận"),
}


def _count(value) -> int | None:
    """A count 0…COUNT_MAX from a cell, or None when the cell holds anything else
    (a fraction, a negative, text, a number too large to store)."""
    count = _read_count(value)
    return count if count is None or count <= COUNT_MAX else None


def _read_count(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip().replace(" ", "")
    # "1234", or with thousands separators "1.234" / "1,234"; never a fraction.
    # Longer than any storable count: refused before int() (which refuses
    # thousands of digits with an error of its own).
    if len(text) <= 2 * len(str(COUNT_MAX)) and _COUNT_RE.fullmatch(text):
        return int(text.replace(".", "").replace(",", ""))
    return None


@dataclass(frozen=True)
class ImportOutcome:
    updated: int


def import_interactions(
    part: VideoPart, fileobj, *, filename: str = ""
) -> ImportOutcome:
    """Read the counts from an .xlsx file and store them for every listed clip.

    Raises ValidationError with one message per bad row (Excel row numbers) and
    changes nothing unless every row is valid. Safe to re-run with the same file.
    """
    name = filename or getattr(fileobj, "name", "") or "tệp"
    workbook = _open_workbook(_read_limited(fileobj), name)
    try:
        sheet = workbook.worksheets[0]
        # The cells were checked above; a <dimension> claiming more is ignored.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions = _header_positions(sheet.title, header)
        clips = {
            clip.unit.code.upper(): clip
            for clip in VideoClip.objects.filter(part=part).select_related("unit")
        }
        counts, errors = _read_counts(rows, header, positions, clips)
    finally:
        workbook.close()
    if errors:
        raise ValidationError(errors, code="bad_rows")
    if not counts:
        raise ValidationError(msg.EXCEL_EMPTY % {"sheet": sheet.title}, code="empty")
    return ImportOutcome(updated=apply_interactions(part, counts))


def _read_limited(fileobj) -> bytes:
    """The file's bytes, refused past MAX_IMPORT_BYTES (its declared size first)."""
    too_large = ValidationError(
        msg.EXCEL_TOO_LARGE % {"limit_mb": MAX_IMPORT_BYTES // (1024 * 1024)},
        code="too_large",
    )
    size = getattr(fileobj, "size", None)
    if size is not None and size > MAX_IMPORT_BYTES:
        raise too_large
    data = fileobj.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise too_large
    return data


def _open_workbook(data: bytes, name: str):
    """The workbook, read only. Checked by content and extent before openpyxl
    reads a cell: a far cell (XFD1048576) would make it pad every row to the
    last column."""
    from openpyxl import load_workbook

    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=MAX_UNZIPPED_BYTES)
        if sheets:
            workbooks.check_extent(
                data, sheets[0], max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS
            )
    except workbooks.WorkbookError as exc:
        if exc.reason == workbooks.FAR_CELL:
            raise ValidationError(exc.message, code="too_large") from exc
        raise ValidationError(msg.NOT_EXCEL % {"name": name}, code="not_excel") from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ValidationError(msg.NOT_EXCEL % {"name": name}, code="not_excel") from exc


def _header_positions(title: str, header: tuple) -> dict[str, int]:
    """Column index of each field; refused when one is missing."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = folded_words(cell)
        for field, (keyword, _label) in COLUMNS.items():
            if keyword in text and field not in positions:
                positions[field] = index
    missing = [label for f, (_k, label) in COLUMNS.items() if f not in positions]
    if missing:
        raise ValidationError(
            msg.EXCEL_BAD_HEADERS % {"sheet": title, "missing": ", ".join(missing)},
            code="bad_headers",
        )
    return positions


def _read_counts(
    rows, header: tuple, positions: dict[str, int], clips: dict[str, VideoClip]
) -> tuple[dict[int, tuple[int, int, int]], list[str]]:
    """The counts per clip id, and one error per bad row or cell."""
    errors: list[str] = []
    counts: dict[int, tuple[int, int, int]] = {}
    first_row: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=2):
        if row_number > MAX_ROWS + 1:
            break
        cells = list(row) + [None] * (len(header) - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        code = str(cells[positions["code"]] or "").strip()
        if not code:
            errors.append(msg.EXCEL_MISSING_CODE % {"row": row_number})
            continue
        key = code.upper()
        if key in first_row:
            errors.append(
                msg.EXCEL_DUPLICATE_UNIT
                % {"row": row_number, "code": code, "first": first_row[key]}
            )
            continue
        first_row[key] = row_number
        clip = clips.get(key)
        if clip is None:
            errors.append(msg.EXCEL_UNKNOWN_UNIT % {"row": row_number, "code": code})
            continue
        values = []
        for field in ("reactions", "shares", "comments"):
            raw = cells[positions[field]]
            value = _count(raw)
            if value is None:
                errors.append(
                    msg.EXCEL_BAD_COUNT
                    % {
                        "row": row_number,
                        "column": header[positions[field]],
                        "value": raw,
                    }
                )
            values.append(value)
        if None not in values:
            counts[clip.pk] = (values[0], values[1], values[2])
    return counts, errors
