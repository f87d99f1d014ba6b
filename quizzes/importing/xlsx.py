"""Read a question-bank workbook in the documented layout (quizzes.layout).

The file is judged by its content: an .xlsx is a zip holding xl/workbook.xml. The sheet
named "Câu hỏi" is read, or the first sheet; row 1 holds the headers.
"""

import datetime
import re

from config import workbooks

from .. import layout
from ..text import clean_text, text_key
from . import checks
from . import messages as m
from .types import ParseResult, QuestionRow, RowError

SHEET_NAME = "Câu hỏi"

# The layout has 12 columns; a sheet far wider is not a question bank.
MAX_COLUMNS = 64

_HEADER_BY_KEY = {" ".join(h.casefold().split()): h for h in layout.HEADERS}
# "Đáp án G" … "Đáp án Z": a seventh choice, reported on the rows that fill it.
_EXTRA_CHOICE = re.compile(r"^đáp án ([g-z])$")
_LETTERS_ONLY = re.compile(r"^[A-F]+$")
_SEPARATORS = re.compile(r"[\s,;/+&]+|\bVÀ\b|\bVA\b|\bAND\b")


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


class _Header:
    def __init__(self):
        self.columns: dict[str, int] = {}
        self.extra_choices: list[tuple[int, str]] = []
        self.unnamed: list[int] = []
        self.errors: list[RowError] = []


def _read_header(cells: tuple) -> _Header:
    header = _Header()
    allowed = ", ".join(layout.HEADERS)
    for index, value in enumerate(cells):
        text = cell_text(value)
        letter = column_letter(index)
        if not text:
            header.unnamed.append(index)
            continue
        key = " ".join(text.casefold().split())
        name = _HEADER_BY_KEY.get(key)
        if name is None:
            extra = _EXTRA_CHOICE.match(key)
            if extra:
                header.extra_choices.append((index, f"Đáp án {extra.group(1).upper()}"))
                continue
            header.errors.append(
                RowError(
                    checks.say(m.UNKNOWN_HEADER, header=text, allowed=allowed),
                    row=1,
                    column=text,
                    cell=f"{letter}1",
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
                    row=1,
                    column=name,
                    cell=f"{letter}1",
                )
            )
        else:
            header.columns[name] = index
    for name in layout.REQUIRED_HEADERS:
        if name not in header.columns:
            header.errors.append(
                RowError(checks.say(m.MISSING_HEADER, header=name), row=1, column=name)
            )
    return header


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse and check a workbook; touches no database.

    The sheet's extent is checked before it is read (config.workbooks): a far
    cell is refused by name instead of taking the worker down.
    """
    result = ParseResult()
    try:
        sheets = workbooks.open_xlsx(data, max_unzipped=layout.MAX_UNCOMPRESSED_BYTES)
        sheet = workbooks.pick_sheet(sheets, SHEET_NAME)
        if sheet is None:
            result.errors.append(RowError(str(m.NO_QUESTIONS)))
            return result
        # The header plus MAX_ROWS rows; from A1, so list positions are Excel's
        # row and column numbers.
        rows = workbooks.read_rows(
            data, sheet, max_rows=layout.MAX_ROWS + 1, max_columns=MAX_COLUMNS
        )
    except workbooks.WorkbookError as exc:
        result.errors.append(RowError(exc.message))
        return result
    _parse_rows(rows, result)
    return result


def _parse_rows(rows: list[list], result: ParseResult) -> None:
    if not rows:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
        return
    header = _read_header(tuple(rows[0]))
    if header.errors:
        result.errors.extend(header.errors)
        return
    reported_unnamed: set[int] = set()
    for row_number, cells in enumerate(rows[1:], start=2):
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
                        checks.say(m.HEADERLESS_DATA, column=letter),
                        row=1,
                        cell=f"{letter}1",
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

    def get(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return cell_text(cells[index])

    def where(name: str) -> tuple[str, str]:
        index = columns.get(name)
        return name, (f"{column_letter(index)}{row}" if index is not None else "")

    text = get(layout.QUESTION)
    choices = [get(name) for name in layout.CHOICE_HEADERS]
    topic = get(layout.TOPIC)
    document = get(layout.DOCUMENT)
    explanation = get(layout.EXPLANATION)
    correct_cell = get(layout.CORRECT)
    difficulty_cell = get(layout.DIFFICULTY)

    errors: list[RowError] = []
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
                for name, choice in zip(layout.CHOICE_HEADERS, choices, strict=True)
            ),
            (layout.EXPLANATION, explanation, layout.MAX_EXPLANATION_CHARS),
            (layout.DOCUMENT, document, layout.MAX_DOCUMENT_CHARS),
        ],
    )
    extra = [
        (index, name)
        for index, name in header.extra_choices
        if index < len(cells) and cell_text(cells[index])
    ]
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
        errors += checks.check_choices(row, where, choices, layout.CHOICE_HEADERS)
    correct, problem = parse_correct(correct_cell)
    if problem is not None:
        errors.append(
            checks.error(row, where, layout.CORRECT, problem, value=correct_cell)
        )
    elif not choices[correct]:
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
            *choices,
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
