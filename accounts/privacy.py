"""Who may see personal numbers (CCCD, phone, birth date), and how others see them.

Other apps reuse these: results pages, exports and the admin mask personal data
unless the viewer is the person or holds accounts.view_personal_data.
"""

from __future__ import annotations

import datetime

from .phones import format_national

VIEW_PERSONAL_DATA = "accounts.view_personal_data"
MASK = "*"


def can_view_personal_data(viewer, subject) -> bool:
    """The person themself, or staff holding accounts.view_personal_data."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if subject is not None and viewer.pk == getattr(subject, "pk", None):
        return True
    return viewer.is_active and viewer.has_perm(VIEW_PERSONAL_DATA)


def mask_cccd(value: str | None) -> str:
    """083190001234 → *********234 (the last three digits stay)."""
    if not value:
        return ""
    value = str(value)
    return MASK * (len(value) - 3) + value[-3:]


def mask_phone(value) -> str:
    """+84912345678 → 091****678 (network prefix and last three digits stay)."""
    if not value:
        return ""
    digits = format_national(str(value)).replace(" ", "")
    if len(digits) < 7:
        return MASK * len(digits)
    return digits[:3] + MASK * (len(digits) - 6) + digits[-3:]


def mask_birth_date(value: datetime.date | None) -> str:
    """1990-05-17 → **/**/1990 (the year alone is rarely identifying)."""
    if not value:
        return ""
    return f"{MASK * 2}/{MASK * 2}/{value.year}"
