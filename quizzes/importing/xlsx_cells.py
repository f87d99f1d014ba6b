"""Cells of a question workbook as the organizer sees them: text, the key
letter, options written in one cell."""

import datetime
import re

from core import workbooks

from .. import layout
from ..text import clean_text
from . import messages as m

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
