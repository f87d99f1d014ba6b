"""One row of a question workbook to a question, or to errors naming its cells:
the question (a "Câu 1:" prefix and a trailing "Đáp án: B" taken off), the
options, the key, the difficulty."""

import re

from .. import layout
from ..text import INVISIBLE, normalized_for_key, text_key
from . import checks
from . import messages as m
from .types import ParseResult, QuestionRow, RowError
from .xlsx_cells import cell_text, column_letter, parse_correct, split_options
from .xlsx_header import OPTIONS_CELL, Header

_QUESTION_PREFIX = re.compile(
    r"^(?:câu(?:\s*hỏi)?|question)\s*\d{1,5}\s*[:.)\-\u2013]\s*", re.IGNORECASE
)
_KEY_IN_TEXT = re.compile(
    r"\n?\s*[\[(]?(?:đáp\s*án(?:\s*đúng)?|đ/?a)\s*[:\uff1a]\s*([A-Fa-f])\s*[.)\]]?\s*$",
    re.IGNORECASE,
)
_OPTION_PREFIX = re.compile(r"^\*?\s*([A-Fa-f])\s*[.)/]\s*")


class _Row:
    """A row's cells by column name, and where each is (for the messages)."""

    def __init__(self, row: int, cells: tuple, header: Header, result: ParseResult):
        self.row, self.cells, self.header, self.result = row, cells, header, result
        self.columns = header.columns

    def where(self, name: str) -> tuple[str, str]:
        index = self.columns.get(name)
        if index is None and name in layout.CHOICE_HEADERS:
            index = self.columns.get(OPTIONS_CELL)
        return name, (f"{column_letter(index)}{self.row}" if index is not None else "")

    def note(self, message, name: str, **params) -> None:
        column, cell = self.where(name)
        self.result.notices.append(
            RowError(
                checks.say(message, **params), row=self.row, column=column, cell=cell
            )
        )

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return ""
        value = self.cells[index]
        if self.header.invisible and type(value) is str and INVISIBLE.search(value):
            self.note(m.INVISIBLE_REMOVED, name)
        return cell_text(value)

    def error(self, name: str, message, **params) -> RowError:
        return checks.error(self.row, self.where, name, message, **params)


def parse_row(row: int, cells: tuple, header: Header, result: ParseResult) -> None:
    """Add the row's question to ``result.rows``, or its errors (and the values
    as read, for the preview) to ``result``."""
    line = _Row(row, cells, header, result)
    text, key_in_text = _question_and_key(line)
    read = _choices(line)
    if read is None:
        result.errors.append(line.error(layout.CHOICE_HEADERS[0], m.OPTIONS_NOT_SPLIT))
        return
    choices, extra = read
    topic = line.get(layout.TOPIC)
    document = line.get(layout.DOCUMENT)
    explanation = line.get(layout.EXPLANATION)
    correct_cell = line.get(layout.CORRECT)
    difficulty_cell = line.get(layout.DIFFICULTY)

    errors: list[RowError] = []
    if not text:
        errors.append(line.error(layout.QUESTION, m.EMPTY_QUESTION))
    errors += checks.check_lengths(
        row,
        line.where,
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
    errors += _choice_errors(line, choices, extra)
    correct = _correct(line, correct_cell, key_in_text, choices, errors)
    difficulty = checks.parse_difficulty(difficulty_cell)
    if difficulty is None:
        errors.append(
            line.error(layout.DIFFICULTY, m.INVALID_DIFFICULTY, value=difficulty_cell)
        )
    if document and not topic:
        errors.append(line.error(layout.DOCUMENT, m.DOCUMENT_WITHOUT_TOPIC))
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
    result.rows.append(
        QuestionRow(
            row=row,
            text=text,
            choices=[choice for choice in choices if choice],
            correct=correct,
            key=text_key(text),
            topic=topic,
            document_title=document,
            difficulty=difficulty,
            explanation=explanation,
        )
    )


def _question_and_key(line: _Row) -> tuple[str, str]:
    """The question's text, without a "Câu 1:" prefix or a trailing "Đáp án: B";
    and that key letter ("" when none)."""
    text = line.get(layout.QUESTION)
    prefix = _QUESTION_PREFIX.match(text)
    if prefix and text[prefix.end() :].strip():
        line.note(
            m.QUESTION_PREFIX_STRIPPED, layout.QUESTION, prefix=prefix.group().strip()
        )
        text = text[prefix.end() :].strip()
    # "Đáp án: B" ends the cell: a colon near the end first, the pattern then.
    colon = text.rfind(":")
    key_in_text = (
        _KEY_IN_TEXT.search(text) if colon >= 0 and colon >= len(text) - 8 else None
    )
    if key_in_text and text[: key_in_text.start()].strip():
        letter = key_in_text.group(1).upper()
        line.note(m.KEY_IN_QUESTION, layout.QUESTION, letter=letter)
        return text[: key_in_text.start()].strip(), letter
    return text, ""


def _choices(line: _Row) -> tuple[list[str], list[tuple[int, str]]] | None:
    """The options (from one cell, or a column each without an "A. " prefix) and
    the filled columns past F; None when the one cell cannot be split."""
    if OPTIONS_CELL in line.columns:
        whole = line.get(OPTIONS_CELL)
        split = split_options(whole) if whole else []
        if split is None:
            return None
        return (split + [""] * layout.MAX_CHOICES)[: max(len(split), 6)], []
    choices = []
    for letter, name in zip(layout.LETTERS, layout.CHOICE_HEADERS, strict=True):
        choice = line.get(name)
        prefix = _OPTION_PREFIX.match(choice)
        if prefix and prefix.group(1).upper() == letter and choice[prefix.end() :]:
            line.note(m.OPTION_PREFIX_STRIPPED, name, prefix=prefix.group().strip())
            choice = choice[prefix.end() :].strip()
        choices.append(choice)
    extra = [
        (index, name)
        for index, name in line.header.extra_choices
        if index < len(line.cells) and cell_text(line.cells[index])
    ]
    return choices, extra


def _choice_errors(
    line: _Row, choices: list[str], extra: list[tuple[int, str]]
) -> list[RowError]:
    if extra:
        index, name = extra[0]
        filled = sum(1 for choice in choices if choice) + len(extra)
        return [
            RowError(
                checks.say(m.TOO_MANY_CHOICES, count=filled, max=layout.MAX_CHOICES),
                row=line.row,
                column=name,
                cell=f"{column_letter(index)}{line.row}",
            )
        ]
    headers = [
        layout.CHOICE_HEADERS[i] if i < layout.MAX_CHOICES else f"Đáp án {i + 1}"
        for i in range(len(choices))
    ]
    return checks.check_choices(line.row, line.where, choices, headers)


def _correct(
    line: _Row,
    correct_cell: str,
    key_in_text: str,
    choices: list[str],
    errors: list[RowError],
) -> int | None:
    """The key's index; an error added to ``errors`` when there is none or it
    names an empty option."""
    correct, problem = _key(correct_cell, key_in_text, choices)
    if problem is not None:
        message, params = problem
        errors.append(line.error(layout.CORRECT, message, **params))
    elif correct >= len(choices) or not choices[correct]:
        errors.append(
            line.error(
                layout.CORRECT, m.CORRECT_NAMES_EMPTY, letter=layout.LETTERS[correct]
            )
        )
    return correct


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
