"""Moodle's GIFT format, multiple-choice questions with exactly one right answer.

    // a comment line
    $CATEGORY: $course$/Luật An ninh mạng
    ::Câu 1:: Luật An ninh mạng được thông qua ngày nào? {
        =12/6/2018 #đúng
        ~19/11/2015
        ~29/6/2006
        ####Giải thích chung
    }

Questions are separated by blank lines. `[plain]`, `[html]`, `[moodle]` and
`[markdown]` at the start of a text are its format, as in Moodle's own importer
(question/format/gift): HTML becomes clean text with its line breaks kept, and an
image (which the portal cannot import) is an error naming the question's line.
`::title::` is dropped, `$CATEGORY:` names the
topic of the questions after it (its last path segment), `####` is the explanation,
per-answer `#feedback` is dropped, and `\\~ \\= \\# \\{ \\} \\:` are the literal
characters. Everything else Moodle's GIFT can hold (true/false, short answer,
matching, numerical, essay, description, weighted or several right answers) is skipped
with a message naming its line.
"""

import html
import re

from django.utils.html import strip_tags

from . import checks
from . import messages as m
from .plaintext import add_question, decode, finish
from .types import ParseResult, RowError, Skipped

SPECIAL = "~=#{}:"
# Moodle's text formats: a marker at the start of a text, not part of it. Answers
# and the general feedback take the question text's format unless they have their own.
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|tr|blockquote|pre)\s*>", re.IGNORECASE)
_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def html_to_text(value: str) -> str:
    """HTML as clean text: <br> and the end of a paragraph, list item or heading
    become line breaks; other tags go; entities are decoded. Source line breaks
    inside HTML are spaces, as a browser shows them."""
    value = " ".join(value.split("\n"))
    value = _BREAK.sub("\n", value)
    value = _BLOCK_END.sub("\n", value)
    text = html.unescape(strip_tags(value))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def with_format(value: str, default: str) -> tuple[str, str]:
    """(format, text without its marker) for one GIFT text."""
    marker = _FORMAT.match(value)
    if marker:
        return marker.group(1).lower(), value[marker.end() :]
    return default, value


_WEIGHT = re.compile(r"^\s*%(-?\d+(?:[.,]\d+)?)%")
_TRUE_FALSE = {"T", "F", "TRUE", "FALSE"}
_CATEGORY = "$CATEGORY:"
_CATEGORY_ROOTS = {"$course$", "$system$", "$module$", "$cat1$", "$cat2$", "top"}


def unescape(value: str) -> str:
    out = []
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            following = value[i + 1]
            if following in SPECIAL or following == "\\":
                out.append(following)
                i += 2
                continue
            if following == "n":
                out.append("\n")
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def find_unescaped(value: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value.startswith(target, i):
            return i
        i += 1
    return -1


def split_answers(body: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first marker, [("=" or "~", answer text), ...])."""
    head: list[str] = []
    answers: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            target = answers[-1][1] if answers else head
            target.append(body[i : i + 2])
            i += 2
            continue
        if char in "=~":
            answers.append((char, []))
        else:
            (answers[-1][1] if answers else head).append(char)
        i += 1
    return "".join(head), [(kind, "".join(chars)) for kind, chars in answers]


def category_topic(path: str) -> str:
    """ "$course$/top/Luật An ninh mạng" -> "Luật An ninh mạng" ("//" is a slash)."""
    parts = [p.replace("\0", "/").strip() for p in path.replace("//", "\0").split("/")]
    parts = [p for p in parts if p and p not in _CATEGORY_ROOTS]
    return parts[-1] if parts else ""


def _blocks(text: str):
    """Blank-line separated blocks of (line number, line)."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def parse_gift(data: bytes) -> ParseResult:
    """Parse and check a GIFT file; touches no database."""
    result = ParseResult()
    text, problem = decode(data, result)
    if problem:
        result.errors.append(problem)
        return result
    topic = ""
    for block in _blocks(text):
        lines = []
        for number, line in block:
            stripped = line.strip()
            if stripped.startswith("//"):
                continue
            if stripped.startswith(_CATEGORY):
                topic = category_topic(stripped[len(_CATEGORY) :])
                continue
            lines.append((number, line))
        if lines:
            _parse_question(result, lines, topic)
    return finish(result)


def _parse_question(result: ParseResult, lines, topic: str) -> None:
    first_line = lines[0][0]
    block = _split_block(result, "\n".join(line for _, line in lines), first_line)
    if block is None:
        return
    prefix, body, question_format = block
    images: list[str] = []

    def plain(value: str) -> str:
        return _plain_text(value, question_format, images)

    question_text = plain(prefix)
    explanation = ""
    general = find_unescaped(body, "####")
    if general >= 0:
        explanation = plain(body[general + 4 :])
        body = body[:general]

    def skip(message, **params) -> None:
        result.skipped.append(
            Skipped(first_line, checks.say(message, **params), question_text)
        )

    other_kind = _other_kind(body)
    if other_kind is not None:
        return skip(other_kind)
    leading, answers = split_answers(body)
    if leading.strip() or not answers:
        result.errors.append(RowError(str(m.GIFT_NO_ANSWERS), row=first_line))
        return None
    parsed = _parse_answers(answers, plain)
    if parsed is None:
        return skip(m.SKIP_MATCHING)
    unsupported = _unsupported(parsed)
    if unsupported is not None:
        message, params = unsupported
        return skip(message, **params)
    if images:
        result.errors.append(RowError(str(m.GIFT_IMAGE), row=first_line))
        return None
    right = [i for i, (kind, _, _) in enumerate(parsed) if kind == "="]
    if len(right) > 1:
        return skip(m.SKIP_MULTIPLE_CORRECT, count=len(right))
    add_question(
        result,
        line=first_line,
        text=question_text,
        choices=[text for _, _, text in parsed],
        correct=right[0] if right else None,
        topic=topic,
        explanation=explanation,
    )
    return None


def _split_block(
    result: ParseResult, source: str, first_line: int
) -> tuple[str, str, str] | None:
    """(question text as written, the answer block, the question's format), or
    None with the block's problem added to ``result``."""
    opening = find_unescaped(source, "{")
    if opening < 0:
        result.skipped.append(Skipped(first_line, str(m.SKIP_DESCRIPTION), source))
        return None
    closing = find_unescaped(source, "}", opening + 1)
    if closing < 0:
        result.errors.append(
            RowError(checks.say(m.GIFT_UNCLOSED, line=first_line), row=first_line)
        )
        return None
    suffix = source[closing + 1 :]
    if find_unescaped(suffix, "{") >= 0:
        result.errors.append(RowError(str(m.GIFT_SECOND_BLOCK), row=first_line))
        return None
    prefix = source[:opening].strip()
    if prefix.startswith("::"):
        end = find_unescaped(prefix, "::", 2)
        if end >= 0:
            prefix = prefix[end + 2 :].strip()
    question_format, prefix = with_format(prefix, "moodle")
    prefix = prefix.strip()
    if suffix.strip():
        # Moodle's "missing word" form: the answers stand where the blank goes.
        prefix = f"{prefix} _____ {suffix.strip()}"
    return prefix, source[opening + 1 : closing], question_format


def _plain_text(value: str, question_format: str, images: list[str]) -> str:
    """A text of the question in plain text; an image in it is noted in
    ``images``."""
    fmt, value = with_format(value.strip(), question_format)
    value = unescape(value).strip()
    if fmt in {"html", "moodle"} and _IMAGE.search(value):
        images.append(value)
    if fmt == "html":
        return html_to_text(value)
    if fmt == "moodle" and _TAG.search(value):
        # Moodle's own format allows HTML and keeps the line breaks typed.
        return html_to_text(value.replace("\n", "<br>"))
    return value


def _other_kind(body: str):
    """The skip message for an essay, numerical or true/false question."""
    if not body.strip():
        return m.SKIP_ESSAY
    if body.lstrip().startswith("#"):
        return m.SKIP_NUMERICAL
    feedback = find_unescaped(body, "#")
    head = body[:feedback] if feedback >= 0 else body
    if head.strip().upper() in _TRUE_FALSE:
        return m.SKIP_TRUE_FALSE
    return None


def _parse_answers(answers, plain) -> list[tuple[str, str | None, str]] | None:
    """(kind, weight, text) per answer, feedback dropped; None for a matching
    question."""
    parsed = []
    for kind, raw in answers:
        feedback = find_unescaped(raw, "#")
        answer = raw[:feedback] if feedback >= 0 else raw
        if find_unescaped(answer, "->") >= 0:
            return None
        weight = _WEIGHT.match(answer)
        if weight:
            answer = answer[weight.end() :]
        parsed.append((kind, weight.group(1) if weight else None, plain(answer)))
    return parsed


def _unsupported(parsed) -> tuple[object, dict] | None:
    """(message, params) for a short-answer question or partial weights."""
    if not any(kind == "~" for kind, _, _ in parsed):
        return m.SKIP_SHORT_ANSWER, {}
    for kind, weight, _ in parsed:
        if weight is None:
            continue
        value = float(weight.replace(",", "."))
        if (kind == "~" and value != 0) or (kind == "=" and value != 100):
            return m.SKIP_WEIGHTED, {"weight": f"%{weight}%"}
    return None
