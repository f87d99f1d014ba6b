"""Moodle's Aiken format: single-answer multiple choice, one question per block.

    Câu hỏi
    A. Đáp án thứ nhất
    B) Đáp án thứ hai
    ANSWER: B

As Moodle's own importer (question/format/aiken) reads it: the first line is the
question; each choice starts with a capital letter and "." or ")", the space after it
optional ("A)x" is a choice); a choice or an ANSWER line before any question is an
error; "ANSWER: X" closes the question and only its first letter counts, as in Moodle
("ANSWER: B, C" is B, and the preview says so). We also accept a question text
running over several lines before the first choice.
"""

import re
from dataclasses import dataclass, field

from . import checks
from . import messages as m
from .plaintext import add_question, decode, finish
from .types import ParseResult, RowError

OPTION = re.compile(r"^([A-Z])[.)][ \t]?(.*)$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,;/+&]+")


@dataclass
class _Pending:
    line: int
    text: list[str]
    choices: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_aiken(data: bytes) -> ParseResult:
    """Parse and check an Aiken file; touches no database."""
    result = ParseResult()
    text, problem = decode(data, result)
    if problem:
        result.errors.append(problem)
        return result
    pending: _Pending | None = None
    blank_before = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        answer = ANSWER.match(line)
        if pending is None:
            if answer or OPTION.match(line):
                # Moodle: "question not started".
                result.errors.append(RowError(str(m.AIKEN_NOT_STARTED), row=number))
                continue
            pending = _Pending(line=number, text=[line])
            continue
        if answer:
            _close(result, pending, answer.group(1).strip(), number)
            pending = None
            continue
        option = OPTION.match(line)
        if option:
            expected = chr(ord("A") + len(pending.choices))
            if option.group(1) != expected:
                pending.errors.append(
                    RowError(
                        checks.say(m.AIKEN_LETTER_ORDER, letter=option.group(1)),
                        row=number,
                    )
                )
            pending.choices.append(option.group(2))
            continue
        if not pending.choices:
            pending.text.append(line)
        elif after_blank:
            # A new question began: the previous one never got its ANSWER line.
            result.errors.append(RowError(str(m.AIKEN_NO_ANSWER), row=pending.line))
            pending = _Pending(line=number, text=[line])
        else:
            pending.errors.append(
                RowError(
                    checks.say(m.AIKEN_TEXT_AFTER_CHOICES, line=line[:80]), row=number
                )
            )
    if pending is not None:
        result.errors.append(RowError(str(m.AIKEN_NO_ANSWER), row=pending.line))
    return finish(result)


def _close(result: ParseResult, pending: _Pending, value: str, line: int) -> None:
    if pending.errors:
        result.errors.extend(pending.errors)
        return
    if not pending.choices:
        result.errors.append(RowError(str(m.AIKEN_NO_CHOICES), row=pending.line))
        return
    letters = value.upper().strip(".) ")
    if not letters:
        result.errors.append(RowError(str(m.MISSING_CORRECT), row=line))
        return
    # Moodle takes the first character after the colon: "B, C" is B.
    first = letters[0]
    if not "A" <= first <= "Z":
        result.errors.append(
            RowError(checks.say(m.AIKEN_ANSWER_INVALID, value=value), row=line)
        )
        return
    index = ord(first) - ord("A")
    if index >= len(pending.choices):
        result.errors.append(
            RowError(checks.say(m.AIKEN_ANSWER_UNKNOWN, letter=first), row=line)
        )
        return
    if _SEPARATORS.sub("", letters) != first:
        result.notices.append(
            RowError(
                checks.say(m.AIKEN_FIRST_LETTER, value=value, letter=first), row=line
            )
        )
    add_question(
        result,
        line=pending.line,
        text="\n".join(pending.text),
        choices=pending.choices,
        correct=index,
    )
