"""Pure text helpers for questions: normalisation, duplicate keys, ASCII copies.

No Django here: the importer, the model and the tests all call the same functions, so
a question typed in the admin and the same question in a workbook get the same key.
"""

import hashlib
import re
import unicodedata

from unidecode import unidecode

# C0 controls other than tab and line ends: an .xlsx cannot hold them, so they would
# break the export -> import round trip. (openpyxl's ILLEGAL_CHARACTERS_RE.)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters that show as nothing: zero-width space, non-joiner, joiner, word
# joiner, BOM, soft hyphen. Two options differing only by one look alike.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(value: object) -> str:
    """A cell or form value as stored: NFC, Unix line ends, no outer whitespace."""
    if value is None:
        return ""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):  # cheap: most cells already are
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def normalized_for_key(value: str) -> str:
    """NFC, case-folded, every run of whitespace (NBSP included) made one space."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    folded = " ".join(value.casefold().split())
    if not unicodedata.is_normalized("NFC", folded):
        folded = unicodedata.normalize("NFC", folded)
    return folded


def text_key(value: str) -> str:
    """The duplicate-detection key of a question text: 64 hex characters."""
    return hashlib.sha256(normalized_for_key(value).encode("utf-8")).hexdigest()


def header_key(text: str | None) -> str:
    """A column heading as importers compare it: 'Đáp án (A)' -> 'dap an a'
    (accents, case, punctuation and spacing off)."""
    plain = unidecode(text or "").lower()
    plain = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(plain.split())


def content_key(text: str, choices) -> str:
    """What makes two questions the same: the text and the set of options (in
    any order), normalised as text_key. The same text with other options is
    another question."""
    options = sorted(normalized_for_key(choice) for choice in choices)
    joined = "\x1f".join([normalized_for_key(text), *options])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
