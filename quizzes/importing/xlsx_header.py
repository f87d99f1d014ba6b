"""The header row of a question workbook: which column holds what, under the
names organizers really use (without accents, "Phương án A", "ĐA", an STT)."""

import re

from .. import layout
from ..text import header_key
from . import checks
from . import messages as m
from .types import RowError
from .xlsx_cells import cell_text, column_letter

# Title rows above the header row: a letterhead, the bank's name, a date.
MAX_TITLE_ROWS = 10

OPTIONS_CELL = "Các đáp án"  # all options in one cell
IGNORED = "STT"


_ALIASES: dict[str, tuple[str, ...]] = {
    layout.TOPIC: ("chu de", "hang muc", "linh vuc", "chuyen de", "nhom", "topic"),
    layout.QUESTION: (
        "cau hoi",
        "noi dung",
        "noi dung cau hoi",
        "cau hoi trac nghiem",
        "de bai",
        "question",
    ),
    layout.CORRECT: (
        "dap an dung",
        "dap an",
        "da",
        "d a",
        "dap an chon",
        "ket qua",
        "key",
        "answer",
        "correct",
    ),
    layout.DIFFICULTY: ("muc do", "do kho", "muc do kho", "difficulty"),
    layout.EXPLANATION: ("giai thich", "giai thich dap an", "explanation"),
    layout.DOCUMENT: (
        "van ban tham khao",
        "van ban",
        "tai lieu tham khao",
        "tai lieu",
        "can cu",
    ),
    OPTIONS_CELL: (
        "cac dap an",
        "phuong an",
        "cac phuong an",
        "phuong an tra loi",
        "phuong an lua chon",
        "lua chon",
        "cac lua chon",
        "dap an lua chon",
        "cac dap an lua chon",
        "options",
    ),
    IGNORED: ("stt", "tt", "so tt", "so thu tu"),
}
_HEADER_BY_KEY = {
    alias: name for name, aliases in _ALIASES.items() for alias in aliases
}
for _letter, _name in zip(layout.LETTERS, layout.CHOICE_HEADERS, strict=True):
    for _prefix in ("dap an", "phuong an", "pa", "lua chon", "option", ""):
        _HEADER_BY_KEY[f"{_prefix} {_letter.lower()}".strip()] = _name
for _name in layout.HEADERS:
    _HEADER_BY_KEY[header_key(_name)] = _name
# "Đáp án G" … "Đáp án Z": a seventh choice, reported on the rows that fill it.
_EXTRA_CHOICE = re.compile(r"^(?:dap an|phuong an) ([g-z])$")


class Header:
    def __init__(self, row: int):
        self.row = row  # Excel's number of the header row
        self.columns: dict[str, int] = {}
        self.extra_choices: list[tuple[int, str]] = []
        self.unnamed: list[int] = []
        self.errors: list[RowError] = []
        # Whether any cell holds an invisible character: most sheets none.
        self.invisible = True

    @property
    def complete(self) -> bool:
        has_choices = OPTIONS_CELL in self.columns or all(
            name in self.columns for name in layout.CHOICE_HEADERS[:2]
        )
        return (
            layout.QUESTION in self.columns
            and layout.CORRECT in self.columns
            and has_choices
        )


def read_header(cells: tuple, row: int) -> Header:
    header = Header(row)
    allowed = ", ".join(layout.HEADERS)
    for index, value in enumerate(cells):
        text = cell_text(value)
        letter = column_letter(index)
        if not text:
            header.unnamed.append(index)
            continue
        key = header_key(text)
        name = _HEADER_BY_KEY.get(key)
        if name == IGNORED:
            continue
        if name is None:
            extra = _EXTRA_CHOICE.match(key)
            if extra:
                header.extra_choices.append((index, f"Đáp án {extra.group(1).upper()}"))
                continue
            header.errors.append(
                RowError(
                    checks.say(m.UNKNOWN_HEADER, header=text, allowed=allowed),
                    row=row,
                    column=text,
                    cell=f"{letter}{row}",
                )
            )
        elif name in header.columns:
            header.errors.append(
                RowError(
                    checks.say(
                        m.DUPLICATE_HEADER,
                        header=name,
                        first=column_letter(header.columns[name]),
                        second=letter,
                    ),
                    row=row,
                    column=name,
                    cell=f"{letter}{row}",
                )
            )
        else:
            header.columns[name] = index
    if OPTIONS_CELL in header.columns and any(
        name in header.columns for name in layout.CHOICE_HEADERS
    ):
        header.errors.append(
            RowError(
                checks.say(m.OPTIONS_TWO_WAYS, header=OPTIONS_CELL),
                row=row,
                column=OPTIONS_CELL,
            )
        )
    required = (
        (layout.QUESTION, layout.CORRECT)
        if OPTIONS_CELL in header.columns
        else layout.REQUIRED_HEADERS
    )
    for name in required:
        if name not in header.columns:
            header.errors.append(
                RowError(
                    checks.say(m.MISSING_HEADER, header=name, row=row),
                    row=row,
                    column=name,
                )
            )
    return header


def find_header(rows: list[list]) -> Header:
    """The header row: the first of the top rows that names the question, the
    key and the options; row 1 when none does (its errors are reported)."""
    for index, cells in enumerate(rows[:MAX_TITLE_ROWS]):
        header = read_header(tuple(cells), index + 1)
        if header.complete:
            return header
    return read_header(tuple(rows[0]), 1)


def holds_questions(rows: list[list]) -> bool:
    return any(
        read_header(tuple(cells), index + 1).complete
        for index, cells in enumerate(rows[:MAX_TITLE_ROWS])
    )
