"""Checks every format shares: lengths, choices, the key, duplicates, topics.

A format tells where a column lives through `where(column) -> (column, cell)`, so a
workbook error names its cell and a text-file error names its line.
"""

from collections.abc import Callable, Sequence

from core.formatting import ascii_fold

from .. import layout
from ..text import content_key, normalized_for_key
from . import messages as m
from .types import QuestionRow, RowError

Where = Callable[[str], tuple[str, str]]


def no_column(column: str) -> tuple[str, str]:
    return "", ""


def say(message, **params) -> str:
    return str(message) % params if params else str(message)


def error(row: int | None, where: Where, column: str, message, **params) -> RowError:
    col, cell = where(column) if column else ("", "")
    return RowError(say(message, **params), row=row, column=col, cell=cell)


_DIFFICULTIES = {
    **{ascii_fold(label): value for value, label in layout.DIFFICULTY_LABELS.items()},
    **{value: value for value in layout.DIFFICULTY_LABELS},
}


_LABELS = {label: value for value, label in layout.DIFFICULTY_LABELS.items()}


def parse_difficulty(value: str) -> str | None:
    """ "Dễ" / "de" / "easy" -> "easy"; empty -> the default; unknown -> None."""
    if not value:
        return layout.DEFAULT_DIFFICULTY
    return _LABELS.get(value) or _DIFFICULTIES.get(" ".join(ascii_fold(value).split()))


def check_lengths(row: int, where: Where, cells: Sequence[tuple[str, str, int]]):
    """cells: (column, value, limit) triples."""
    return [
        error(row, where, column, m.TOO_LONG, length=len(value), limit=limit)
        for column, value, limit in cells
        if len(value) > limit
    ]


def check_choices(
    row: int, where: Where, choices: Sequence[str], headers: Sequence[str]
) -> list[RowError]:
    """Choices in order (empty strings are holes); headers name them for errors."""
    errors = []
    last_filled = max((i for i, text in enumerate(choices) if text), default=-1)
    for i in range(last_filled):
        if not choices[i]:
            errors.append(
                error(
                    row,
                    where,
                    headers[i],
                    m.CHOICE_GAP,
                    letter=_letter(i),
                    next=_letter(i + 1),
                )
            )
            break
    count = sum(1 for text in choices if text)
    if count < layout.MIN_CHOICES:
        column = headers[min(count, len(headers) - 1)]
        errors.append(error(row, where, column, m.TOO_FEW_CHOICES, count=count, min=2))
    elif count > layout.MAX_CHOICES:
        errors.append(
            error(
                row,
                where,
                headers[min(layout.MAX_CHOICES, len(headers) - 1)],
                m.TOO_MANY_CHOICES,
                count=count,
                max=layout.MAX_CHOICES,
            )
        )
    seen: dict[str, int] = {}
    for i, text in enumerate(choices):
        if not text:
            continue
        key = normalized_for_key(text)
        if key in seen:
            errors.append(
                error(
                    row,
                    where,
                    headers[i],
                    m.DUPLICATE_CHOICE,
                    letter=_letter(i),
                    other=_letter(seen[key]),
                )
            )
        else:
            seen[key] = i
    return errors


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def find_duplicates(rows: Sequence[QuestionRow]) -> list[RowError]:
    """Rows repeating an earlier row: the same text with the same options (in any
    order, after normalisation). The same text with other options is another
    question ("Nhận định nào sau đây là đúng?")."""
    first: dict[str, int] = {}
    errors = []
    # Only texts that repeat need their options compared (most texts do not).
    seen: set[str] = set()
    repeated = {q.key for q in rows if q.key in seen or seen.add(q.key)}
    for question in rows:
        if question.key not in repeated:
            continue
        key = content_key(question.text, question.choices)
        if key in first:
            errors.append(
                RowError(
                    say(m.DUPLICATE_IN_FILE, other=first[key]),
                    row=question.row,
                    column=layout.QUESTION,
                    place=getattr(question, "place", ""),
                )
            )
        else:
            first[key] = question.row
    return errors


def check_topic_documents(rows: Sequence[QuestionRow]) -> list[RowError]:
    """One topic, one reference document, within the file."""
    documents: dict[str, tuple[str, int]] = {}
    errors = []
    for question in rows:
        if not question.topic or not question.document_title:
            continue
        topic = normalized_for_key(question.topic)
        known = documents.get(topic)
        if known is None:
            documents[topic] = (question.document_title, question.row)
        elif known[0] != question.document_title:
            errors.append(
                RowError(
                    say(
                        m.TOPIC_DOCUMENT_CONFLICT,
                        topic=question.topic,
                        document=known[0],
                        where=say(m.WHERE_ROW, row=known[1]),
                    ),
                    row=question.row,
                    column=layout.DOCUMENT,
                )
            )
    return errors
