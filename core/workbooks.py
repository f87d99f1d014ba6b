"""Reading uploaded .xlsx workbooks safely: one home for every importer.

An .xlsx is a zip of XML parts. Two things in it can take a worker down before any
row limit is checked:

- a zip bomb: a few kilobytes that unzip to gigabytes (checked from the zip's
  directory, before anything is unzipped);
- a far cell: a 2 KB file whose only value sits at XFD1048576. Calamine builds the
  sheet as one dense rectangle from A1 to the last cell (17 billion cells here) and
  the process aborts on the allocation; openpyxl pads every row to the last column.

So before a reader materialises a sheet, `check_extent` streams that sheet's XML with
expat (constant memory, no tree, no DTD) and refuses the first cell that carries a
value beyond the caller's row or column limit, naming the sheet and the cell.

Bytes in, plain values or WorkbookError out; no Django models here.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

from core.formatting import number

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx

# Excel's own limits: XFD1048576 is the last cell of a sheet.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

# The parts read to find a sheet are small; a bigger one is not a real workbook.
MAX_INDEX_PART_BYTES = 10 * 1024 * 1024

OLD_XLS = "old_xls"
NOT_XLSX = "not_xlsx"
UNZIPPED_TOO_LARGE = "unzipped_too_large"
UNREADABLE = "unreadable"
FAR_CELL = "far_cell"

MESSAGES = {
    OLD_XLS: _(
        "Tệp là bảng tính Excel 97-2003 (.xls) hoặc được đặt mật khẩu, không phải "
        ".xlsx. Hãy bỏ mật khẩu và lưu lại dưới dạng “Excel Workbook (*.xlsx)”."
    ),
    NOT_XLSX: _(
        "Tệp không phải bảng tính Excel .xlsx (xét theo nội dung, không theo tên "
        "tệp). Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (*.xlsx)”."
    ),
    UNZIPPED_TOO_LARGE: _(
        "Tệp .xlsx khi giải nén quá lớn (%(size)s MB, tối đa %(limit)s MB)."
    ),
    UNREADABLE: _("Không đọc được tệp .xlsx: tệp bị hỏng (%(detail)s)."),
    FAR_CELL: _(
        "Trang tính “%(sheet)s” có dữ liệu ở ô %(cell)s, ngoài vùng được đọc (tối đa "
        "%(max_rows)s dòng và %(max_columns)s cột, tức đến ô %(last_cell)s). Nếu ô "
        "đó thừa, hãy xoá nó (hoặc xoá các dòng, cột thừa sau phần dữ liệu) rồi lưu "
        "lại; nếu dữ liệu thật sự nhiều như vậy, hãy chia thành nhiều tệp."
    ),
}


class WorkbookError(Exception):
    """Why a workbook cannot be read. `reason` is one of the constants above;
    `params` fill the message; str() is the Vietnamese message."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        self.params = params
        super().__init__(reason)

    @property
    def message(self) -> str:
        return (
            str(MESSAGES[self.reason]) % self.params
            if self.params
            else str(MESSAGES[self.reason])
        )

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class SheetRef:
    name: str
    path: str  # the sheet's part inside the zip, e.g. "xl/worksheets/sheet1.xml"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def parse_ref(ref: str) -> tuple[int, int] | None:
    """ "B7" -> (7, 2): the 1-based row and column; None when it is not a cell."""
    match = _REF.match(ref.strip())
    if not match:
        return None
    column = 0
    for char in match.group(1).upper():
        column = column * 26 + ord(char) - ord("A") + 1
    return int(match.group(2)), column


# What an upload is by its content (sniff): the file name is not trusted.
XLSX = "xlsx"
DOCX = "docx"
OLD_OFFICE = "old_office"


def sniff(data: bytes) -> str | None:
    """XLSX, DOCX, OLD_OFFICE (an OLE2 file: .xls, .doc, or a password-protected
    .xlsx) or None (not an Office file at all) by the first bytes and, for a zip,
    its directory. A zip that cannot be opened, or holds neither a workbook nor a
    document, is XLSX: open_xlsx then says what is wrong with it."""
    if data.startswith(OLE2_MAGIC):
        return OLD_OFFICE
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return XLSX
    return (
        DOCX
        if "word/document.xml" in names and "xl/workbook.xml" not in names
        else XLSX
    )


def open_xlsx(data: bytes, *, max_unzipped: int) -> list[SheetRef]:
    """Check that `data` is an .xlsx by its content and that it unzips to at most
    `max_unzipped` bytes; return its worksheets in workbook order. Reads only the
    zip directory and the two small index parts. Raises WorkbookError."""
    kind = sniff(data)
    if kind == OLD_OFFICE:
        raise WorkbookError(OLD_XLS)
    if kind != XLSX:
        raise WorkbookError(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "xl/workbook.xml" not in infos:
                raise WorkbookError(NOT_XLSX)
            total = sum(info.file_size for info in infos.values())
            if total > max_unzipped:
                raise WorkbookError(
                    UNZIPPED_TOO_LARGE,
                    size=total // (1024 * 1024),
                    limit=max_unzipped // (1024 * 1024),
                )
            return _sheet_refs(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise WorkbookError(NOT_XLSX) from exc


def _local(name: str) -> str:
    """The element's name without its namespace ("uri local" from expat)."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def _attr(attributes: dict, local: str) -> str | None:
    for key, value in attributes.items():
        if _local(key) == local:
            return value
    return None


def _parse_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, start) -> None:
    if info.file_size > MAX_INDEX_PART_BYTES:
        raise WorkbookError(UNREADABLE, detail=info.filename)
    parser = _parser()
    parser.StartElementHandler = start
    with archive.open(info) as stream:
        parser.ParseFile(stream)


def _sheet_refs(archive: zipfile.ZipFile, infos: dict) -> list[SheetRef]:
    targets: dict[str, str] = {}

    def relationship(name, attributes):
        if _local(name) == "Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    sheets: list[tuple[str, str]] = []

    def sheet(name, attributes):
        if _local(name) == "sheet":
            sheets.append((attributes.get("name", ""), _attr(attributes, "id") or ""))

    try:
        rels = infos.get("xl/_rels/workbook.xml.rels")
        if rels is not None:
            _parse_small(archive, rels, relationship)
        _parse_small(archive, infos["xl/workbook.xml"], sheet)
    except (expat.ExpatError, _Forbidden) as exc:
        raise WorkbookError(UNREADABLE, detail=type(exc).__name__) from exc
    refs = []
    for name, rel_id in sheets:
        target = targets.get(rel_id, "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        if path in infos:
            refs.append(SheetRef(name=name, path=path))
    return refs


class _Forbidden(Exception):
    """A DTD or an entity declaration: never in a real workbook part."""


def _forbid(*_args):
    raise _Forbidden


def _parser():
    # No DTD, hence no entity expansion ("billion laughs") and no external files.
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    return parser


# A cell's start tag, with any namespace prefix.
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
# The same tag when it has a plain r="A1" attribute (quoted values are skipped
# whole, so an r= inside another attribute's value never matches): the column
# letters and the row of its reference.
_CELL_WITH_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?<=\s)r\s*=\s*"
    rb"[\"'](\$?[A-Z]{1,3}\$?[0-9]{1,7})(?=[\"'])"
)
_DIGITS = b"0123456789$"
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ$"
_CHUNK = 4 * 1024 * 1024


def _count_cells(text: bytes) -> int:
    # bytes.count is many times faster than a regular expression; a prefixed tag
    # (<x:c ...>) is rare and counted by the expression.
    if b":c" in text:
        return len(_CELL_START.findall(text))
    # Tags broken by a tab or a line break are not counted: the counts then differ
    # and the exact check runs, which is always right.
    return text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/")


# A start tag longer than this is not from a spreadsheet program.
_MAX_CARRY = 1024 * 1024


def check_extent(
    data: bytes, sheet: SheetRef, *, max_rows: int, max_columns: int
) -> None:
    """Raise WorkbookError(FAR_CELL) when `sheet` holds a value beyond row `max_rows`
    or column `max_columns` (1-based, header row included), before any reader
    builds the sheet. Memory stays bounded whatever the file holds: the sheet's
    XML is unzipped in 4 MB chunks and nothing else is kept.

    First a scan at regular-expression speed over every cell tag: when every cell
    names its place (r="B7") and all places are within the limits, the sheet is
    fine. Anything else (a far cell, a cell without r="", an odd reference, a
    styled empty cell far away) gets the exact check: expat streams the XML,
    places every cell the way the readers do, and looks only at cells holding a
    value."""
    try:
        if _quick_extent_ok(data, sheet, max_rows=max_rows, max_columns=max_columns):
            return
        _exact_extent(data, sheet, max_rows=max_rows, max_columns=max_columns)
    except WorkbookError:
        raise
    except (
        expat.ExpatError,
        _Forbidden,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        KeyError,
        EOFError,
        zlib.error,
    ) as exc:
        raise WorkbookError(UNREADABLE, detail=type(exc).__name__) from exc


def _chunks(data: bytes, sheet: SheetRef):
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        archive.open(sheet.path) as stream,
    ):
        while chunk := stream.read(_CHUNK):
            yield chunk


def _quick_extent_ok(
    data: bytes, sheet: SheetRef, *, max_rows: int, max_columns: int
) -> bool:
    carry = b""
    columns: set[bytes] = set()
    top_row = 0
    for chunk in [*_chunks(data, sheet), None]:
        if chunk is None:
            text, carry = carry, b""
        else:
            text = carry + chunk
            # Cut before the last "<": a tag never holds one, so no tag is split.
            cut = text.rfind(b"<")
            text, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if len(carry) > _MAX_CARRY:
                return False
        refs = _CELL_WITH_REF.findall(text)
        if len(refs) != _count_cells(text):  # a cell without r="": look closer
            return False
        if refs:
            # Split "BL50001" into letters and digits with bytes methods (C speed).
            joined = b" ".join(refs)
            columns.update(joined.translate(None, _DIGITS).split())
            top_row = max(top_row, *map(int, joined.translate(None, _LETTERS).split()))
    widest = max((parse_ref(c.decode() + "1")[1] for c in columns), default=0)
    return top_row <= max_rows and widest <= max_columns


# The first child of <c> that gives it a value; an empty <c/> is skipped by readers.
_VALUE_TAGS = frozenset({"v", "is", "f"})


def _exact_extent(
    data: bytes, sheet: SheetRef, *, max_rows: int, max_columns: int
) -> None:
    state = {"row": 0, "column": 0, "in_cell": False}

    def far(row: int, column: int) -> None:
        raise WorkbookError(
            FAR_CELL,
            sheet=sheet.name,
            cell=f"{column_letter(column - 1)}{row}",
            max_rows=number(max_rows),
            max_columns=max_columns,
            last_cell=f"{column_letter(max_columns - 1)}{max_rows}",
        )

    def start(name, attributes):
        tag = _local(name)
        if state["in_cell"]:
            # The cell's first child: a value, or something that is not one.
            state["in_cell"] = False
            if tag in _VALUE_TAGS and (
                state["row"] > max_rows or state["column"] > max_columns
            ):
                far(state["row"], state["column"])
        if tag == "c":
            plain = attributes.get("r")
            if plain is None and _attr(attributes, "r") is not None:
                # Readers disagree on a prefixed r: no real workbook has one.
                raise WorkbookError(UNREADABLE, detail="r")
            ref = parse_ref(plain) if plain else None
            if plain and ref is None:
                raise WorkbookError(UNREADABLE, detail=f"r={plain[:20]}")
            if ref is None:
                state["column"] += 1
            else:
                state["row"], state["column"] = ref
            state["in_cell"] = True
        elif tag == "row":
            number = attributes.get("r")
            state["row"] = (
                int(number) if number and number.isdigit() else state["row"] + 1
            )
            state["column"] = 0

    parser = _parser()
    parser.StartElementHandler = start
    for chunk in _chunks(data, sheet):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def pick_sheet(sheets: list[SheetRef], name: str | None = None) -> SheetRef | None:
    """The sheet called `name` when there is one, else the first; None if none."""
    if name is not None:
        for sheet in sheets:
            if sheet.name == name:
                return sheet
    return sheets[0] if sheets else None


def read_rows(
    data: bytes, sheet: SheetRef, *, max_rows: int, max_columns: int
) -> list[list]:
    """The sheet's values from A1, after check_extent: list positions are Excel's
    row and column numbers minus one; empty cells are "". Read with calamine
    (Rust): 20,000 rows in a fraction of a second. Raises WorkbookError."""
    from python_calamine import CalamineWorkbook

    check_extent(data, sheet, max_rows=max_rows, max_columns=max_columns)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    except Exception as exc:  # untrusted bytes: any reader failure is "broken file"
        raise WorkbookError(UNREADABLE, detail=type(exc).__name__) from exc


@dataclass
class SheetFacts:
    """What the readers drop without a word: calamine reads a formula whose result
    was never saved, and an error value (#N/A, #REF!…), as an empty cell, and a
    merged range as a value in its first cell only."""

    unsaved_formulas: list[str]  # cell references
    error_values: list[tuple[str, str]]  # (cell, "#N/A")
    merged: list[str]  # "A2:A5"


_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']"
)


def inspect_sheet(data: bytes, sheet: SheetRef) -> SheetFacts:
    """SheetFacts for `sheet`, in bounded memory. Most sheets have no formula, no
    error value and no merge: a substring scan finds that out; otherwise expat
    looks at the cells. Call after check_extent. Raises WorkbookError."""
    facts = SheetFacts([], [], [])
    formulas = errors = False
    tail = b""
    try:
        for chunk in _chunks(data, sheet):
            text = tail + chunk
            formulas = formulas or b"<f" in text or b":f>" in text or b":f " in text
            errors = errors or b't="e"' in text or b"t='e'" in text
            facts.merged.extend(ref.decode() for ref in _MERGE_REF.findall(text))
            tail = text[-256:]
            if facts.merged and len(facts.merged) > 10_000:
                break
        if formulas or errors:
            _inspect_cells(data, sheet, facts)
    except WorkbookError:
        raise
    except (expat.ExpatError, _Forbidden, zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(UNREADABLE, detail=type(exc).__name__) from exc
    # A tag cut by a chunk boundary is seen twice (once whole, once in the tail).
    facts.merged = list(dict.fromkeys(facts.merged))
    return facts


def _inspect_cells(data: bytes, sheet: SheetRef, facts: SheetFacts) -> None:
    state = {"ref": "", "row": 0, "column": 0, "type": "", "f": False, "v": None}
    capture: list[str] = []

    def start(name, attributes):
        tag = _local(name)
        if tag == "c":
            ref = attributes.get("r")
            if ref:
                state["ref"] = ref
                place = parse_ref(ref)
                if place:
                    state["row"], state["column"] = place
            else:
                state["column"] += 1
                state["ref"] = f"{column_letter(state['column'] - 1)}{state['row']}"
            state.update(type=attributes.get("t", ""), f=False, v=None)
        elif tag == "row":
            number = attributes.get("r")
            state["row"] = (
                int(number) if number and number.isdigit() else state["row"] + 1
            )
            state["column"] = 0
        elif tag == "f":
            state["f"] = True
        elif tag == "v":
            capture.clear()
            parser.CharacterDataHandler = capture.append

    def end(name):
        tag = _local(name)
        if tag == "v":
            parser.CharacterDataHandler = None
            state["v"] = "".join(capture)
        elif tag == "c":
            value = state["v"]
            if state["type"] == "e" and value:
                facts.error_values.append((state["ref"], value.strip()))
            elif state["f"] and not (value or "").strip():
                facts.unsaved_formulas.append(state["ref"])

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    for chunk in _chunks(data, sheet):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
