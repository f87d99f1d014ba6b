"""What Moodle's Aiken and GIFT readers share: decoding, and finishing a question."""

from .. import layout
from ..text import clean_text, text_key
from . import checks, legacy
from . import messages as m
from .types import ParseResult, QuestionRow, RowError


def decode(
    data: bytes, result: ParseResult | None = None
) -> tuple[str | None, RowError | None]:
    """UTF-8 (a BOM is allowed), or an error naming the first bad line. Text
    typed in TCVN3 or VNI is converted to Unicode (and `result` told so)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RowError(checks.say(m.NOT_UTF8, line=line))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        encoding = legacy.detect(text.split("\n"))
    except legacy.MixedEncoding as exc:
        return None, RowError(
            checks.say(m.LEGACY_MIXED, encoding=legacy.NAMES[exc.encoding])
        )
    if encoding is not None:
        text = "\n".join(legacy.convert(line, encoding) for line in text.split("\n"))
        if result is not None:
            result.notices.append(
                RowError(
                    checks.say(m.LEGACY_CONVERTED, encoding=legacy.NAMES[encoding])
                )
            )
    return text, None


def add_question(
    result: ParseResult,
    *,
    line: int,
    text: str,
    choices: list[str],
    correct: int | None,
    topic: str = "",
    explanation: str = "",
) -> None:
    """Run the shared checks and append the question or its errors."""
    where = checks.no_column
    text = clean_text(text)
    choices = [clean_text(choice) for choice in choices]
    topic = clean_text(topic)
    explanation = clean_text(explanation)
    errors: list[RowError] = []
    if not text:
        errors.append(checks.error(line, where, layout.QUESTION, m.EMPTY_QUESTION))
    headers = [f"Đáp án {chr(ord('A') + i)}" for i in range(max(len(choices), 6))]
    errors += checks.check_lengths(
        line,
        where,
        [
            (layout.TOPIC, topic, layout.MAX_TOPIC_CHARS),
            (layout.QUESTION, text, layout.MAX_QUESTION_CHARS),
            *((headers[i], c, layout.MAX_CHOICE_CHARS) for i, c in enumerate(choices)),
            (layout.EXPLANATION, explanation, layout.MAX_EXPLANATION_CHARS),
        ],
    )
    empty = [i for i, choice in enumerate(choices) if not choice]
    if empty:
        letter = chr(ord("A") + empty[0])
        errors.append(
            checks.error(line, where, headers[empty[0]], m.EMPTY_CHOICE, letter=letter)
        )
    else:
        errors += checks.check_choices(line, where, choices, headers)
    if correct is None:
        errors.append(checks.error(line, where, layout.CORRECT, m.MISSING_CORRECT))
    if errors:
        result.errors.extend(errors)
        return
    result.rows.append(
        QuestionRow(
            row=line,
            text=text,
            choices=choices,
            correct=correct,
            key=text_key(text),
            topic=topic,
            explanation=explanation,
        )
    )


def finish(result: ParseResult) -> ParseResult:
    if len(result.rows) > layout.MAX_ROWS:
        result.rows.clear()
        result.errors.append(
            RowError(checks.say(m.TOO_MANY_ROWS, limit=f"{layout.MAX_ROWS:,}"))
        )
        return result
    if not result.rows and not result.errors:
        result.errors.append(RowError(str(m.NO_QUESTIONS)))
    result.errors.extend(checks.find_duplicates(result.rows))
    result.errors.sort(key=lambda e: e.row or 0)
    return result
