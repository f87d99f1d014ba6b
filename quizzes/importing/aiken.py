"""Moodle's Aiken format: single-answer multiple choice, one question per block.

    Câu hỏi
    A. Đáp án thứ nhất
    B) Đáp án thứ hai
    ANSWER: B

As Moodle reads it: the first line is the question, each choice starts with a capital
letter, then "." or ")", then a space; "ANSWER: X" closes the question. We also accept
a question text running over several lines before the first choice.
"""

import re
from dataclasses import dataclass, field

from . import checks
from . import messages as m
from .plaintext import add_question, decode, finish
from .types import ParseResult, RowError, Skipped

OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
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
    text, problem = decode(data)
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
        if pending is None:
            pending = _Pending(line=number, text=[line])
            continue
        answer = ANSWER.match(line)
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
    parts = [part for part in _SEPARATORS.split(letters) if part]
    if len(letters) == 1 and "A" <= letters <= "Z":
        index = ord(letters) - ord("A")
        if index >= len(pending.choices):
            result.errors.append(
                RowError(checks.say(m.AIKEN_ANSWER_UNKNOWN, letter=letters), row=line)
            )
            return
        add_question(
            result,
            line=pending.line,
            text="\n".join(pending.text),
            choices=pending.choices,
            correct=index,
        )
    elif parts and (
        (len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts))
        or (len(parts) == 1 and parts[0].isalpha() and parts[0].isascii())
    ):
        result.skipped.append(
            Skipped(
                pending.line,
                checks.say(m.SKIP_AIKEN_MULTIPLE, value=value),
                text=pending.text[0],
            )
        )
    else:
        result.errors.append(
            RowError(checks.say(m.AIKEN_ANSWER_INVALID, value=value), row=line)
        )
