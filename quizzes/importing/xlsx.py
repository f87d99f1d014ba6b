"""Read a question-bank workbook: the documented layout (quizzes.layout), and the
layouts organizers really have.

The file is judged by its content: an .xlsx is a zip holding xl/workbook.xml. The
sheet named "Câu hỏi" is read, or the one sheet whose header row names questions,
or the first sheet. Tolerated, and said in the preview's notices:

- headers without accents and common variants ("Noi dung", "Phương án A", "ĐA"),
  an STT column (ignored), title rows above the header row;
- all options in one cell ("A. …\\nB. …"), split on "A." / "A)" / "A/";
- "Đáp án: B" at the end of the question cell; a key given as the option's text;
- "Câu 1:" before a question and "A. " before an option (stripped);
- invisible characters (zero-width spaces, soft hyphens; removed).

What would lose content without a word is an error naming the cell: a formula
whose result was never saved, an error value (#N/A), merged cells, several sheets
holding questions.
"""

import datetime
import re

from core import workbooks

from .. import layout
from ..text import INVISIBLE, clean_text, header_key, normalized_for_key, text_key
from . import checks, legacy
from . import messages as m
from .types import ParseResult, QuestionRow, RowError

SHEET_NAME = "Câu hỏi"

# The layout has 12 columns; a sheet far wider is not a question bank.
MAX_COLUMNS = 64
# Title rows above the header row: a letterhead, the bank's name, a date.
MAX_TITLE_ROWS = 10
# Sheets looked at for a header row besides the one read.
MAX_SHEETS = 20

OPTIONS_CELL = "Các đáp án"  # all options in one cell
IGNORED = "STT"

_LETTERS_ONLY = re.compile(r"^[A-F]+$")
_SEPARATORS = re.compile(r"[\s,;/+&]+|\bVÀ\b|\bVA\b|\bAND\b")


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

_QUESTION_PREFIX = re.compile(
    r"^(?:câu(?:\s*hỏi)?|question)\s*\d{1,5}\s*[:.)\-\u2013]\s*", re.IGNORECASE
)
_KEY_IN_TEXT = re.compile(
    r"\n?\s*[\[(]?(?:đáp\s*án(?:\s*đúng)?|đ/?a)\s*[:\uff1a]\s*([A-Fa-f])\s*[.)\]]?\s*$",
    re.IGNORECASE,
)
_OPTION_PREFIX = re.compile(r"^\*?\s*([A-Fa-f])\s*[.)/]\s*")


def cell_text(value: object) -> str:
    """A cell as the organizer sees it: numbers without ".0", dates as d/m/yyyy."""
    if type(value) is str:
        return clean_text(value) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return clean_text(value)


column_letter = workbooks.column_letter


def parse_correct(value: str) -> tuple[int | None, object | None]:
    """(index, None) for one letter A-F, else (None, the message to give)."""
    if not value:
        return None, m.MISSING_CORRECT
    letters = value.strip().strip(".)(").strip().upper()
    if len(letters) == 1 and letters in layout.LETTERS:
        return layout.LETTERS.index(letters), None
    parts = [part for part in _SEPARATORS.split(letters) if part]
    if len(parts) > 1 and all(len(part) == 1 for part in parts):
        return None, m.MULTIPLE_CORRECT
    if len(parts) == 1 and len(parts[0]) > 1 and _LETTERS_ONLY.match(parts[0]):
        return None, m.MULTIPLE_CORRECT
    return None, m.INVALID_CORRECT


def split_options(text: str) -> list[str] | None:
    """ "A. x\nB. y" (or "A) x B) y", "a/ x") -> ["x", "y"]; None when the cell
    does not start with "A" and run through the letters in order."""
    found = []
    position = 0
    for letter in layout.LETTERS:
        marker = re.compile(rf"(?:^|(?<=\s))\*?[{letter}{letter.lower()}]\s*[.)/]\s*")
        match = marker.search(text, position)
        if match is None or (letter == "A" and text[: match.start()].strip()):
            break
        found.append(match)
        position = match.end()
    if len(found) < layout.MIN_CHOICES:
        return None
    ends = [match.start() for match in found[1:]] + [len(text)]
    return [
        text[match.end() : end].strip() for match, end in zip(found, ends, strict=True)
    ]


class _Header:
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


def _read_header(cells: tuple, row: int) -> _Header:
    header = _Header(row)
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


def _find_header(rows: list[list]) -> _Header:
    """The header row: the first of the top rows that names the question, the
    key and the options; row 1 when none does (its errors are reported)."""
    for index, cells in enumerate(rows[:MAX_TITLE_ROWS]):
        header = _read_header(tuple(cells), index + 1)
        if header.complete:
            return header
    return _read_header(tuple(rows[0]), 1)


def _holds_questions(rows: list[list]) -> bool:
    return any(
        _read_header(tuple(cells), index + 1).complete
        for index, cells in enumerate(rows[:MAX_TITLE_ROWS])
    )


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse and check a workbook; touches no database.

    Every sheet's extent is checked before it is read (core.workbooks): a far
    cell is refused by name instead of taking the worker down.
    """
    result = ParseResult()
    limits = {"max_rows": layout.MAX_ROWS + 1, "max_columns": MAX_COLUMNS}
    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=layout.MAX_UNCOMPRESSED_BYTES)
        if not sheets:
            result.errors.append(RowError(str(m.NO_QUESTIONS)))
            return result
        named = workbooks.pick_sheet(sheets, SHEET_NAME)
        candidates: dict[str, list[list]] = {}
        if len(sheets) > 1:
            for sheet in sheets[:MAX_SHEETS]:
                try:
                    rows = workbooks.read_rows(data, sheet, **limits)
                except workbooks.WorkbookError as exc:
                    if sheet is named:
                        raise
                    if exc.reason == workbooks.FAR_CELL:
                        continue  # a sheet of something else, too big to look at
                    raise
                if _holds_questions(rows):
                    candidates[sheet.name] = rows
        if named.name == SHEET_NAME or not candidates:
            sheet = named
            rows = candidates.get(sheet.name) or workbooks.read_rows(
                data, sheet, **limits
            )
        else:
            sheet = next(s for s in sheets if s.name in candidates)
            rows = candidates[sheet.name]
        others = [name for name in candidates if name != sheet.name]
        if others and sheet.name != SHEET_NAME:
            result.errors.append(
                RowError(
                    checks.say(
                        m.MANY_QUESTION_SHEETS,
                        names=", ".join(f"“{n}”" for n in candidates),
                        read=sheet.name,
                        expected=SHEET_NAME,
                    )
                )
            )
            return result
        if others:
            result.notices.append(
                RowError(
                    checks.say(
                        m.OTHER_SHEETS_NOT_READ,
                        read=sheet.name,
                        names=", ".join(f"“{n}”" for n in others),
                    )
                )
            )
        elif len(sheets) > 1:
            result.notices.append(RowError(checks.say(m.SHEET_READ, sheet=sheet.name)))
        facts = workbooks.inspect_sheet(data, sheet)
    except workbooks.WorkbookError as exc:
        result.errors.append(RowError(exc.message))
        return result
    if not _convert_legacy(rows, result):
        return result
    _parse_rows(rows, result, facts)
    return result


def _convert_legacy(rows: list[list], result: ParseResult) -> bool:
    """Convert text typed in TCVN3 or VNI to Unicode in place (said in the
    notices); False, with the error, when the file mixes both."""
    try:
        encoding = legacy.detect(
            value for cells in rows for value in cells if type(value) is str
        )
    except legacy.MixedEncoding as exc:
        result.errors.append(
            RowError(checks.say(m.LEGACY_MIXED, encoding=legacy.NAMES[exc.encoding]))
        )
        return False
    if encoding is None:
        return True
    for cells in rows:
        for index, value in enumerate(cells):
            if type(value) is str and value:
                cells[index] = legacy.convert(value, encoding)
    result.notices.append(
        RowError(checks.say(m.LEGACY_CONVERTED, encoding=legacy.NAMES[encoding]))
    )
    return True


def _fact_errors(facts: workbooks.SheetFacts, header_row: int) -> list[RowError]:
    errors = []
    for ref in facts.unsaved_formulas:
        place = workbooks.parse_ref(ref)
        if place and place[0] >= header_row:
            errors.append(
                RowError(checks.say(m.UNSAVED_FORMULA), row=place[0], cell=ref)
            )
    for ref, value in facts.error_values:
        place = workbooks.parse_ref(ref)
        if place and place[0] >= header_row:
            errors.append(
                RowError(checks.say(m.ERROR_VALUE, value=value), row=place[0], cell=ref)
            )
    for span in facts.merged:
        first, _, last = span.partition(":")
        top, bottom = workbooks.parse_ref(first), workbooks.parse_ref(last or first)
        if top and bottom and bottom[0] >= header_row:
            errors.append(
                RowError(
                    checks.say(m.MERGED_CELLS, range=span),
                    row=max(top[0], header_row),
                    cell=span,
                )
            )
    return errors


def _parse_rows(
    rows: list[list], result: ParseResult, facts: workbooks.SheetFacts | None = None
) -> None:
    if not rows:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
        return
    header = _find_header(rows)
    if header.errors:
        result.errors.extend(header.errors)
        return
    if facts is not None:
        problems = _fact_errors(facts, header.row)
        if problems:
            result.errors.extend(sorted(problems, key=lambda e: e.row or 0))
            return
    header.invisible = bool(
        INVISIBLE.search(
            "\n".join(value for cells in rows for value in cells if type(value) is str)
        )
    )
    if header.row > 1:
        result.notices.append(
            RowError(
                checks.say(m.TITLE_ROWS_SKIPPED, count=header.row - 1, row=header.row)
            )
        )
    reported_unnamed: set[int] = set()
    for row_number, cells in enumerate(rows[header.row :], start=header.row + 1):
        if not any(
            value.strip() if type(value) is str else value is not None
            for value in cells
        ):
            continue
        for index in header.unnamed:
            if (
                index not in reported_unnamed
                and index < len(cells)
                and cell_text(cells[index])
            ):
                reported_unnamed.add(index)
                letter = column_letter(index)
                result.errors.append(
                    RowError(
                        checks.say(m.HEADERLESS_DATA, column=letter, row=header.row),
                        row=header.row,
                        cell=f"{letter}{header.row}",
                    )
                )
        _parse_row(row_number, cells, header, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
        return
    result.errors.extend(checks.find_duplicates(result.rows))
    result.errors.extend(checks.check_topic_documents(result.rows))
    result.errors.sort(key=lambda error: error.row or 0)


def _parse_row(row: int, cells: tuple, header: _Header, result: ParseResult) -> None:
    columns = header.columns

    def where(name: str) -> tuple[str, str]:
        index = columns.get(name)
        if index is None and name in layout.CHOICE_HEADERS:
            index = columns.get(OPTIONS_CELL)
        return name, (f"{column_letter(index)}{row}" if index is not None else "")

    def note(message, name: str, **params) -> None:
        column, cell = where(name)
        result.notices.append(
            RowError(checks.say(message, **params), row=row, column=column, cell=cell)
        )

    def get(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if header.invisible and type(value) is str and INVISIBLE.search(value):
            note(m.INVISIBLE_REMOVED, name)
        return cell_text(value)

    errors: list[RowError] = []
    text = get(layout.QUESTION)
    prefix = _QUESTION_PREFIX.match(text)
    if prefix and text[prefix.end() :].strip():
        note(m.QUESTION_PREFIX_STRIPPED, layout.QUESTION, prefix=prefix.group().strip())
        text = text[prefix.end() :].strip()
    # "Đáp án: B" ends the cell: a colon near the end first, the pattern then.
    colon = text.rfind(":")
    key_in_text = (
        _KEY_IN_TEXT.search(text) if colon >= 0 and colon >= len(text) - 8 else None
    )
    if key_in_text and text[: key_in_text.start()].strip():
        text = text[: key_in_text.start()].strip()
        key_in_text = key_in_text.group(1).upper()
        note(m.KEY_IN_QUESTION, layout.QUESTION, letter=key_in_text)
    else:
        key_in_text = ""

    if OPTIONS_CELL in columns:
        whole = get(OPTIONS_CELL)
        split = split_options(whole) if whole else []
        if split is None:
            errors.append(
                checks.error(row, where, layout.CHOICE_HEADERS[0], m.OPTIONS_NOT_SPLIT)
            )
            result.errors.extend(errors)
            return
        choices = (split + [""] * layout.MAX_CHOICES)[: max(len(split), 6)]
        extra = []
    else:
        choices = []
        for letter, name in zip(layout.LETTERS, layout.CHOICE_HEADERS, strict=True):
            choice = get(name)
            prefix = _OPTION_PREFIX.match(choice)
            if prefix and prefix.group(1).upper() == letter and choice[prefix.end() :]:
                note(m.OPTION_PREFIX_STRIPPED, name, prefix=prefix.group().strip())
                choice = choice[prefix.end() :].strip()
            choices.append(choice)
        extra = [
            (index, name)
            for index, name in header.extra_choices
            if index < len(cells) and cell_text(cells[index])
        ]
    topic = get(layout.TOPIC)
    document = get(layout.DOCUMENT)
    explanation = get(layout.EXPLANATION)
    correct_cell = get(layout.CORRECT)
    difficulty_cell = get(layout.DIFFICULTY)

    if not text:
        errors.append(checks.error(row, where, layout.QUESTION, m.EMPTY_QUESTION))
    errors += checks.check_lengths(
        row,
        where,
        [
            (layout.TOPIC, topic, layout.MAX_TOPIC_CHARS),
            (layout.QUESTION, text, layout.MAX_QUESTION_CHARS),
            *(
                (name, choice, layout.MAX_CHOICE_CHARS)
                for name, choice in zip(layout.CHOICE_HEADERS, choices, strict=False)
            ),
            (layout.EXPLANATION, explanation, layout.MAX_EXPLANATION_CHARS),
            (layout.DOCUMENT, document, layout.MAX_DOCUMENT_CHARS),
        ],
    )
    if extra:
        index, name = extra[0]
        filled = sum(1 for choice in choices if choice) + len(extra)
        errors.append(
            RowError(
                checks.say(m.TOO_MANY_CHOICES, count=filled, max=layout.MAX_CHOICES),
                row=row,
                column=name,
                cell=f"{column_letter(index)}{row}",
            )
        )
    else:
        headers = [
            layout.CHOICE_HEADERS[i] if i < layout.MAX_CHOICES else f"Đáp án {i + 1}"
            for i in range(len(choices))
        ]
        errors += checks.check_choices(row, where, choices, headers)
    correct, problem = _key(correct_cell, key_in_text, choices)
    if problem is not None:
        message, params = problem
        errors.append(checks.error(row, where, layout.CORRECT, message, **params))
    elif correct >= len(choices) or not choices[correct]:
        errors.append(
            checks.error(
                row,
                where,
                layout.CORRECT,
                m.CORRECT_NAMES_EMPTY,
                letter=layout.LETTERS[correct],
            )
        )
    difficulty = checks.parse_difficulty(difficulty_cell)
    if difficulty is None:
        errors.append(
            checks.error(
                row,
                where,
                layout.DIFFICULTY,
                m.INVALID_DIFFICULTY,
                value=difficulty_cell,
            )
        )
    if document and not topic:
        errors.append(
            checks.error(row, where, layout.DOCUMENT, m.DOCUMENT_WITHOUT_TOPIC)
        )
    if errors:
        result.errors.extend(errors)
        result.error_values[row] = (
            topic,
            text,
            *(choices + [""] * layout.MAX_CHOICES)[: layout.MAX_CHOICES],
            correct_cell,
            difficulty_cell,
            explanation,
            document,
        )
        return
    filled = [choice for choice in choices if choice]
    result.rows.append(
        QuestionRow(
            row=row,
            text=text,
            choices=filled,
            correct=correct,
            key=text_key(text),
            topic=topic,
            document_title=document,
            difficulty=difficulty,
            explanation=explanation,
        )
    )


def _key(cell: str, in_text: str, choices: list[str]):
    """(index, None), or (None, (message, params)): from the key cell (a letter,
    or the correct option's text, or both "B. text") and "Đáp án: B" in the
    question cell; the two must agree."""
    index = None
    if cell:
        index, problem = parse_correct(cell)
        if problem is not None:
            by_text = _key_by_text(cell, choices)
            if by_text is None:
                return None, (problem, {"value": cell})
            index = by_text
    if in_text:
        from_text = layout.LETTERS.index(in_text)
        if index is not None and index != from_text:
            return None, (
                m.KEY_DISAGREES,
                {"cell": layout.LETTERS[index], "text": in_text},
            )
        index = from_text
    if index is None:
        return None, (m.MISSING_CORRECT, {})
    return index, None


def _key_by_text(cell: str, choices: list[str]) -> int | None:
    """The option whose text the key cell repeats ("Hai", or "B. Hai")."""
    wanted = normalized_for_key(cell)
    matches = [
        i for i, c in enumerate(choices) if c and normalized_for_key(c) == wanted
    ]
    prefix = _OPTION_PREFIX.match(cell)
    if not matches and prefix:
        index = layout.LETTERS.index(prefix.group(1).upper())
        rest = normalized_for_key(cell[prefix.end() :])
        if index < len(choices) and normalized_for_key(choices[index]) == rest:
            return index
    return matches[0] if len(matches) == 1 else None
