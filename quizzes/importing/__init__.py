"""Reading question files: the documented workbook, Word banks, Moodle Aiken and GIFT.

Parsers are pure (bytes in, ParseResult out) and never touch the database; the import
service (quizzes.services.import_questions) checks the result against the bank and
writes everything or nothing.
"""

from collections.abc import Callable

from .. import layout
from . import messages
from .aiken import parse_aiken
from .checks import say
from .docx import looks_like_docx, parse_docx
from .gift import parse_gift
from .types import ParseResult, QuestionRow, RowError, Skipped
from .xlsx import parse_xlsx

PARSERS: dict[str, Callable[[bytes], ParseResult]] = {
    "xlsx": parse_xlsx,
    "docx": parse_docx,
    "aiken": parse_aiken,
    "gift": parse_gift,
}
FORMATS = tuple(PARSERS)

__all__ = [
    "FORMATS",
    "PARSERS",
    "ParseResult",
    "QuestionRow",
    "RowError",
    "Skipped",
    "parse_file",
]


def parse_file(data: bytes, fmt: str) -> ParseResult:
    """Parse bytes in one of FORMATS; file-level problems come back as errors."""
    if fmt not in PARSERS:
        return ParseResult(errors=[RowError(say(messages.UNKNOWN_FORMAT, format=fmt))])
    if len(data) > layout.MAX_FILE_BYTES:
        return ParseResult(
            errors=[
                RowError(
                    say(
                        messages.FILE_TOO_LARGE,
                        size=f"{len(data) / (1024 * 1024):.1f}",
                        limit=layout.MAX_FILE_BYTES // (1024 * 1024),
                    )
                )
            ]
        )
    if fmt == "xlsx" and looks_like_docx(data):
        fmt = "docx"  # judged by content: a Word file chosen as "xlsx" is read as Word
    return PARSERS[fmt](data)
