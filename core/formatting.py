"""How the portal writes money, counts, rates, durations and moments, and folds
accents: one spelling of each, used by the template filters (core/templatetags/
formatting.py), the exports and the messages.

Plain Python: the pure modules (awards/ranking.py) import it, so Django is only
imported inside the two functions that need the portal's time zone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from unidecode import unidecode

# Django's date-format letters for a moment shown to people: "08:00 10/06/2024".
DATETIME_FORMAT = "H:i d/m/Y"
# The same moment inside a sentence: "08:00 ngày 10/06/2024".
DATETIME_IN_SENTENCE_FORMAT = "H:i \\n\\g\\à\\y d/m/Y"
NONE = "—"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def number(value: int) -> str:
    """12345 → "12.345": Vietnamese grouping (Django's vi locale has none)."""
    return f"{int(value):,}".replace(",", ".")


def money(amount: int) -> str:
    """1000000 → "1.000.000 đồng": whole VND, as award tables and decisions write it."""
    return f"{number(amount)} đồng"


def percent(rate: Fraction | float) -> str:
    """A rate 0..1 → "12,3%", rounded half up to a tenth of a percent."""
    tenths = int(Fraction(rate) * 1000 + Fraction(1, 2))
    return f"{tenths // 10},{tenths % 10}%"


def fixed(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half up to ``places`` decimals with a point, as a
    number's text for Excel and parsing: Fraction(165, 2) → "82.50"."""
    sign = "-" if value < 0 else ""
    scale = 10**places
    scaled = abs(Fraction(value)) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(rounded, scale)
    if places == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:0{places}d}"


def decimal(value: Fraction, places: int = 2) -> str:
    """The same rounding, shown the Vietnamese way: Fraction(165, 2) → "82,50"."""
    return fixed(value, places).replace(".", ",")


def duration(ms: int) -> str:
    """12345678 → "205 phút 45,678 giây"; "45,678 giây" under a minute."""
    minutes, rest = divmod(int(ms), 60_000)
    seconds, millis = divmod(rest, 1000)
    text = f"{seconds},{millis:03d} giây"
    return f"{minutes} phút {text}" if minutes else text


def local_datetime(value: datetime, fmt: str = DATETIME_FORMAT) -> str:
    """An aware moment in the portal's time zone: "08:00 10/06/2024"."""
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, fmt)


def format_time(value: datetime) -> str:
    """A moment inside a message: "08:00 ngày 10/06/2024"."""
    return local_datetime(value, DATETIME_IN_SENTENCE_FORMAT)


def micros(value: datetime | int) -> int:
    """Epoch microseconds of an aware datetime, or the int unchanged: an exact
    integer key for ranking ties."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"submitted_at must be timezone-aware, got {value!r}")
        return (value - _EPOCH) // _MICROSECOND
    return value


# Vietnamese letters decompose into an ASCII letter plus combining marks, except
# đ/Đ: dropping the marks gives unidecode's answer for them, several times faster.
_MARKS = re.compile("[\u0300-\u036f]")
_D = str.maketrans("đĐ", "dD")


def ascii_fold(value: str) -> str:
    """Lower-case ASCII copy for accent-optional search ("Đà Nẵng" → "da nang")."""
    folded = _MARKS.sub("", unicodedata.normalize("NFD", value)).translate(_D)
    if not folded.isascii():
        folded = unidecode(unicodedata.normalize("NFC", folded))
    return folded.lower()


def folded_words(value: object) -> str:
    """'Bến Tre' / 'BEN  TRE' / ' ben tre ' → 'ben tre': accents, case and runs of
    whitespace off, for matching what people type against stored names."""
    return " ".join(ascii_fold(str(value or "")).split())
