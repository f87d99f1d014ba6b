"""Turning what was read from a Word file into questions: a question being
assembled (its stem, options and every mark of its key) and the checks that the
marks agree on one key."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .. import layout
from . import checks
from . import messages as m
from .plaintext import add_question
from .types import ParseResult, RowError


@dataclass
class Option:
    letter: str  # as written, upper case; "" when Word numbers it
    text: str
    marks: set[tuple[str, str]]  # ("letter" | "body", "bold" | "color:FF0000" …)
    starred: bool
    paragraph: int


@dataclass
class Pending:
    number: int | None
    paragraph: int
    stem: list[str]
    topic: str
    options: list[Option] = field(default_factory=list)
    key_letter: str = ""
    key_paragraph: int = 0
    explanation: str = ""
    errors: list[RowError] = field(default_factory=list)

    def place(self, paragraph: int | None = None) -> str:
        name = (
            checks.say(m.DOCX_QUESTION, number=self.number)
            if self.number is not None
            else checks.say(m.DOCX_QUESTION_AT, paragraph=self.paragraph)
        )
        return checks.say(
            m.DOCX_PLACE, question=name, paragraph=paragraph or self.paragraph
        )


def assemble(
    result: ParseResult,
    pending: Pending,
    *,
    place: str,
    answer_key: dict[int, tuple[str, str]],
) -> None:
    """Add ``pending`` to ``result`` as a question, or its errors when its options
    are out of order or its key is missing or contradicted."""
    errors = list(pending.errors)

    def fail(message, **params):
        errors.append(
            RowError(checks.say(message, **params), row=pending.paragraph, place=place)
        )

    options = pending.options
    if not options:
        fail(m.DOCX_NO_OPTIONS)
    for index, option in enumerate(options):
        expected = layout.LETTERS[index] if index < len(layout.LETTERS) else "?"
        if option.letter and option.letter != expected:
            fail(m.DOCX_OPTION_ORDER, letter=option.letter, expected=expected)
            break
    correct = None if errors else find_key(pending, answer_key=answer_key, fail=fail)
    if errors or correct is None:
        result.errors.extend(errors)
        return
    before = len(result.errors)
    add_question(
        result,
        line=pending.paragraph,
        text="\n".join(pending.stem),
        choices=[option.text for option in options],
        correct=correct,
        topic=pending.topic,
        explanation=pending.explanation,
    )
    result.errors[before:] = [
        replace(error, place=place) for error in result.errors[before:]
    ]


def _marked_options(options: list[Option]) -> list[int]:
    """Options set apart by a star or by emphasis the others do not share."""
    counts: dict[tuple[str, str], int] = {}
    for option in options:
        for mark in option.marks:
            counts[mark] = counts.get(mark, 0) + 1
    telling = {mark for mark, n in counts.items() if n < len(options)}
    return [
        i
        for i, option in enumerate(options)
        if option.starred or option.marks & telling
    ]


def find_key(
    pending: Pending, *, answer_key: dict[int, tuple[str, str]], fail
) -> int | None:
    """The index of the correct option, from every way the file marks it."""
    options = pending.options
    letters = layout.LETTERS[: len(options)]
    marked = _marked_options(options)
    if len(marked) > 1:
        fail(m.DOCX_TWO_MARKED, letters=", ".join(letters[i] for i in marked))
        return None
    sources: list[tuple[str, int]] = []
    if marked:
        sources.append((str(m.DOCX_BY_MARK), marked[0]))
    for label, letter in (
        (str(m.DOCX_BY_KEY_LINE), pending.key_letter),
        (
            str(m.DOCX_BY_ANSWER_TABLE),
            answer_key.get(pending.number, ("", ""))[0]
            if pending.number is not None
            else "",
        ),
    ):
        if not letter:
            continue
        if letter not in letters:
            fail(m.DOCX_KEY_NO_OPTION, letter=letter, source=label)
            return None
        sources.append((label, letters.index(letter)))
    if not sources:
        fail(m.DOCX_NO_KEY)
        return None
    first_label, first = sources[0]
    for label, index in sources[1:]:
        if index != first:
            fail(
                m.DOCX_KEY_DISAGREES,
                first=first_label,
                first_letter=letters[first],
                second=label,
                second_letter=letters[index],
            )
            return None
    return first
