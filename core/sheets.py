"""The one spreadsheet writer: every .xlsx the portal produces is written here.

rust_xlsxwriter (the Rust port of XlsxWriter, by the same author) through the
public Python API of its binding rvgsrust-xlsxwriter, each sheet in
constant-memory mode: a row goes to a temporary file as soon as the next one
starts, so a 100,000-row ranking stays in bounded memory. A cell costs about
1.5 µs there against about 5 µs in pure-Python XlsxWriter (BENCHMARKS.md,
issue 14). Rows must come top to bottom, as they always do here. In one place:

- text escaping: a report shows a text that a spreadsheet would run as a formula
  (= + - @, tab, carriage return) with an apostrophe in front (``safe_text``); a
  workbook that is imported back keeps the value as it is, stored as a string
  with Excel's quote prefix (``Escape.QUOTE_PREFIX``); characters XML cannot hold
  are dropped;
- column kinds and their number formats (whole VND, dd/mm/yyyy dates, durations,
  percentages, local date-times);
- the looks: ``PRINTED`` (Times New Roman, boxed headers, merged centred heading
  lines, A4 landscape fitted to the page width, header repeated on every page,
  gridlines printed) and ``PLAIN`` (the spreadsheet default font, bold headers);
- the frozen header, column widths, total rows, signature lines, data validation.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any

import rvgsrust_xlsxwriter as rx
from django.utils import timezone

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOTAL_LABEL = "Tổng cộng"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XML document cannot hold (what openpyxl refuses as illegal).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's day 0; its serials count local wall-clock time, so naive.
_EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001
_EPOCH_DATE = _EPOCH.date()
MS_PER_DAY = 86_400_000
MAX_TEXT = 32_767  # Excel's limit for one cell: longer texts are cut there

NUMBER_FORMATS = {
    "int": "#,##0",
    "money": "#,##0",  # whole VND
    "number": None,  # General
    "date": "DD/MM/YYYY",
    "duration": "[MM]:SS.000",  # milliseconds in, minutes:seconds shown
    "percent": "0.0%",
    "datetime": "DD/MM/YYYY HH:MM:SS",  # aware values, shown in local time
}
KINDS = frozenset(NUMBER_FORMATS) | {"text"}


def safe_text(value: Any) -> str:
    """Text as a spreadsheet shows it, never as a formula: a leading = + - @ (or a
    tab / carriage return) gets an apostrophe in front."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Trang")[:31]


class Escape(enum.Enum):
    APOSTROPHE = "apostrophe"  # reports: the reader sees '=…
    QUOTE_PREFIX = "quote_prefix"  # files imported back: the value is unchanged


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float | None  # None: the spreadsheet's default width
    kind: str = "text"  # one of KINDS

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Look:
    """How a sheet looks; the two in use are PRINTED and PLAIN."""

    font: str | None = None
    size: int | None = None
    title_size: int | None = None
    header_fill: str | None = None
    header_color: str | None = None
    header_bold: bool = True
    boxed: bool = False
    wrap: bool = False
    centred_heading: bool = False
    printed: bool = False
    escape: Escape = Escape.APOSTROPHE

    def base(self) -> dict:
        out = {}
        if self.font:
            out["font_name"] = self.font
        if self.size:
            out["font_size"] = self.size
        return out


PRINTED = Look(
    font="Times New Roman",
    size=12,
    title_size=14,
    boxed=True,
    wrap=True,
    centred_heading=True,
    printed=True,
)
PLAIN = Look()


class Book:
    """One .xlsx written to a path or a binary stream; use as a context manager
    (or call ``close``) so that the file is complete."""

    def __init__(self, target: str | os.PathLike | IO[bytes], look: Look = PRINTED):
        self.look = look
        self._target = target
        self._to_path = isinstance(target, str | os.PathLike)
        self.workbook = rx.Workbook(os.fspath(target) if self._to_path else None)
        self._formats: dict[tuple, Any] = {}
        self._titles: set[str] = set()
        self._closed = False

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Write the file (to its path, or into the stream it was given)."""
        if self._closed:
            return
        self._closed = True
        if self._to_path:
            self.workbook.close()
        else:
            self._target.write(self.workbook.save_to_buffer())

    def format(self, **props) -> Any:
        """A cell format in this book's look (created once per combination);
        ``props`` are named as XlsxWriter's format properties (bold, italic,
        font_name, font_size, font_color, align, valign, text_wrap, border,
        pattern, bg_color, num_format, quote_prefix)."""
        merged = {**self.look.base(), **props}
        key = tuple(sorted(merged.items()))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = _format(self.workbook.add_format(), merged)
        return fmt

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        heading: Sequence[str] = (),
        *,
        header: bool = True,
        freeze: bool = True,
    ) -> Sheet:
        """A new sheet: heading lines, a blank row, the header row (frozen unless
        ``freeze`` is false)."""
        return Sheet(
            self, self._unique(title), columns, heading, header=header, freeze=freeze
        )

    def _unique(self, title: str) -> str:
        """Excel refuses two sheets of one name (case-insensitive): number them."""
        base = safe_sheet_title(title)
        name, n = base, 0
        while name.lower() in self._titles:
            n += 1
            name = base[: 31 - len(str(n))] + str(n)
        self._titles.add(name.lower())
        return name


class Sheet:
    """One sheet written top to bottom: rows are typed by their column."""

    def __init__(self, book, title, columns, heading, *, header=True, freeze=True):
        self.book = book
        self.look = look = book.look
        self.columns = list(columns)
        self.ws = ws = book.workbook.add_worksheet(title, constant_memory=True)
        self.rows = 0  # data rows written
        self.next_row = 0  # 0-based index of the next row to write
        self.header_row: int | None = None
        self._tz = timezone.get_current_timezone()
        for index, column in enumerate(self.columns):
            if column.width is not None:
                ws.set_column_width(index, column.width)
        # Printed lists wrap long names and align every cell left, numbers too.
        cell = (
            {"align": "left", "valign": "vcenter", "text_wrap": True}
            if look.wrap
            else {}
        )
        self._text = book.format(**cell)
        self._quoted = book.format(quote_prefix=True, **cell)
        self._number = [
            book.format(num_format=NUMBER_FORMATS[c.kind], **cell)
            if c.kind != "text" and NUMBER_FORMATS[c.kind]
            else self._text
            for c in self.columns
        ]
        self._plan = [
            (index, column.kind, self._number[index])
            for index, column in enumerate(self.columns)
        ]
        self._heading(heading)
        if header:
            self._header_row(freeze=freeze)
        if look.printed:
            self._print_setup()

    # -- layout
    def _heading(self, lines: Sequence[str]) -> None:
        if not lines:
            return
        look, last = self.look, max(len(self.columns) - 1, 0)
        for number, line in enumerate(lines, 1):
            text = _clean(safe_text(line))
            if look.centred_heading:
                size = look.title_size if number <= 2 else look.size
                fmt = self.book.format(
                    bold=True, font_size=size, align="center", valign="vcenter",
                    text_wrap=True,
                )  # fmt: skip
                r = self.next_row
                if last:
                    self.ws.merge_range(r, 0, r, last, text, fmt)
                else:
                    self.ws.write(r, 0, text, fmt)
            else:
                fmt = self.book.format(bold=True) if number == 1 else None
                self.ws.write(self.next_row, 0, text, fmt)
            self.next_row += 1
        self.next_row += 1  # a blank row before the header

    def _header_row(self, *, freeze: bool) -> None:
        look = self.look
        props: dict = {"bold": look.header_bold}
        if look.boxed:
            props.update(border=1, align="center", valign="vcenter", text_wrap=True)
        if look.header_fill:
            props.update(pattern=1, bg_color=look.header_fill)
        if look.header_color:
            props["font_color"] = look.header_color
        fmt = self.book.format(**props)
        for index, column in enumerate(self.columns):
            self.ws.write(self.next_row, index, _clean(column.header), fmt)
        self.header_row = self.next_row
        self.next_row += 1
        if freeze:
            self.ws.freeze_panes(self.next_row, 0)

    def _print_setup(self) -> None:
        ws = self.ws
        ws.set_landscape()
        ws.set_paper_size(9)  # A4
        ws.set_print_fit_to_pages(1, 0)  # the page width, as many pages down
        ws.set_print_gridlines(True)  # gridlines printed too
        ws.set_print_center_horizontally(True)
        if self.header_row is not None:
            ws.set_repeat_rows(self.header_row, self.header_row)

    # -- rows
    def row(self, values: Sequence) -> None:
        """One data row: text escaped and never a formula; numbers, dates, times
        and durations as Excel serials with their column's number format."""
        r = self.next_row
        self.next_row += 1
        self.rows += 1
        write = self.ws.write
        text_format, write_text = self._text, self._write_text
        # The hot loop of a 100,000-row export (a million cells): plain text and
        # plain numbers go straight to the writer, the rest through the helpers.
        for (index, kind, fmt), value in zip(self._plan, values, strict=True):
            cls = value.__class__
            if cls is str:
                if not value:
                    continue
                if (
                    value.startswith(FORMULA_STARTS)
                    or len(value) > MAX_TEXT
                    or _ILLEGAL.search(value)
                ):
                    write_text(r, index, value)
                else:
                    write(r, index, value, text_format)
            elif value is None:
                continue
            elif kind == "text":
                write_text(r, index, value)
            elif (cls is int or cls is float) and kind != "duration":
                write(r, index, value, fmt)
            else:
                write(r, index, self._serial(kind, value), fmt)

    def _write_text(self, r: int, c: int, value: Any, fmt=None) -> None:
        text = value if value.__class__ is str else str(value)
        if text.startswith(FORMULA_STARTS):
            if self.look.escape is Escape.APOSTROPHE:
                text = "'" + text
            else:
                fmt = self._quoted
        self.ws.write(r, c, _clean(text), fmt or self._text)

    def _serial(self, kind: str, value: Any) -> float | int:
        if kind == "duration":
            return value / MS_PER_DAY
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = value.astimezone(self._tz).replace(tzinfo=None)
            return (value - _EPOCH).total_seconds() / 86_400
        if isinstance(value, datetime.date):
            return (value - _EPOCH_DATE).days
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, Decimal | Fraction):
            return float(value)
        return value

    def blank(self) -> None:
        self.next_row += 1

    def total(self, values: dict[str, object], *, label: str = TOTAL_LABEL) -> None:
        """A bold total row: ``values`` by header; the first column holds the label."""
        r = self.next_row
        self.next_row += 1
        boxed = {"border": 1} if self.look.boxed else {}
        wrap = {"text_wrap": True, "valign": "vcenter"} if self.look.wrap else {}
        for index, column in enumerate(self.columns):
            value = label if index == 0 else values.get(column.header)
            if isinstance(value, str):
                fmt = self.book.format(bold=True, align="left", **boxed, **wrap)
                self.ws.write(r, index, _clean(safe_text(value)), fmt)
                continue
            num = NUMBER_FORMATS.get(column.kind) if column.kind != "text" else None
            props = {"num_format": num} if num else {}
            fmt = self.book.format(bold=True, align="left", **boxed, **wrap, **props)
            if value is None:
                if boxed:
                    self.ws.write(r, index, None, fmt)  # a boxed blank
            else:
                self.ws.write(r, index, self._serial(column.kind, value), fmt)

    def texts(self, values: Sequence[str | None], **style) -> None:
        """A row of plain texts in a format of its own (``style``: XlsxWriter
        format properties such as bold, font_size, text_wrap, num_format)."""
        fmt = self.book.format(**style) if style else self._text
        for index, value in enumerate(values):
            if value is not None and value != "":
                self._write_text(self.next_row, index, value, fmt)
        self.next_row += 1

    def text_columns(self) -> None:
        """Every column formatted as text (@), so that what a person types later
        (10/6/2024, 01) stays as typed."""
        fmt = self.book.format(num_format="@")
        for index, column in enumerate(self.columns):
            if column.width is not None:
                self.ws.set_column_width(index, column.width)
            self.ws.set_column_format(index, fmt)

    def lines(self, texts: Iterable[str], *, bold: bool = False) -> None:
        """Free text lines under the table, one per row in the first column."""
        fmt = self.book.format(bold=True) if bold else self._text
        for text in texts:
            self._write_text(self.next_row, 0, text, fmt)
            self.next_row += 1

    def signatures(self, today: datetime.date | None = None) -> None:
        """Room to sign under the list: who drew it up, for the organizing board."""
        today = today or timezone.localdate()
        self.next_row += 1
        right = max(len(self.columns) - 3, 2)
        italic = self.book.format(italic=True, align="center", valign="vcenter",
                                  text_wrap=True)  # fmt: skip
        bold = self.book.format(bold=True, align="center", valign="vcenter",
                                text_wrap=True)  # fmt: skip
        self.ws.write(
            self.next_row,
            right,
            f"Ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
            italic,
        )
        self.next_row += 1
        self.ws.write(self.next_row, 1, "NGƯỜI LẬP BIỂU", bold)
        self.ws.write(self.next_row, right, "TM. BAN TỔ CHỨC", bold)
        self.next_row += 1

    def choices(self, column: int, options: Sequence[str], *, last_row: int,
                error: str = "") -> None:  # fmt: skip
        """A drop-down list on a column from the next row to ``last_row`` (1-based):
        call it before writing the rows."""
        rule = rx.DataValidation()
        rule.allow_list_strings(list(options))
        self._validate(rule, column, last_row, error)

    def whole_numbers(self, column: int, *, last_row: int, error: str = "") -> None:
        """Only whole numbers ≥ 0 (or blank) from the next row to ``last_row``."""
        rule = rx.DataValidation()
        rule.allow_whole_number("greater_than_or_equal_to", 0)
        self._validate(rule, column, last_row, error)

    def _validate(self, rule, column: int, last_row: int, error: str) -> None:
        if error:
            rule.set_error_message(error)
        self.ws.add_data_validation(self.next_row, column, last_row - 1, column, rule)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)[:MAX_TEXT]


def _color(value: str) -> str:
    return value if value.startswith("#") else "#" + value


# XlsxWriter's format properties (the names callers use) as setters of a format.
_SETTERS = {
    "bold": lambda f, on: f.set_bold() if on else f,
    "italic": lambda f, on: f.set_italic() if on else f,
    "text_wrap": lambda f, on: f.set_text_wrap() if on else f,
    "quote_prefix": lambda f, on: f.set_quote_prefix() if on else f,
    "font_name": lambda f, name: f.set_font_name(name),
    "font_size": lambda f, size: f.set_font_size(size),
    "font_color": lambda f, color: f.set_font_color(_color(color)),
    "bg_color": lambda f, color: f.set_background_color(_color(color)),
    "align": lambda f, where: f.set_align(where),
    "valign": lambda f, where: f.set_vertical_align(where),
    "num_format": lambda f, number_format: f.set_num_format(number_format),
    "border": lambda f, style: f.set_border("thin") if style == 1 else f,
    "pattern": lambda f, style: f.set_pattern("solid") if style == 1 else f,
}


def _format(fmt: Any, props: dict) -> Any:
    for name, value in props.items():
        setter = _SETTERS.get(name)
        if setter is None:
            raise ValueError(f"unknown format property {name!r}")
        setter(fmt, value)
    return fmt
