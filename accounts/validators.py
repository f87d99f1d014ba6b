"""Validators for Vietnamese personal numbers. Messages name the field they check."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The first three digits of a CCCD are the code of the province where the birth was
# registered (Thông tư 07/2016/TT-BCA): the 63 provinces, 001 Hà Nội … 096 Cà Mau.
_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 "
    "033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 "
    "064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 "
    "094 095 096"
)
CCCD_PROVINCE_CODES = frozenset(_CODES.split())

CCCD_NOT_12_DIGITS = _("Số CCCD phải gồm đúng 12 chữ số (không có chữ cái, dấu cách).")
CCCD_BAD_PROVINCE = _(
    "Số CCCD không hợp lệ: 3 chữ số đầu (%(code)s) không phải mã tỉnh, thành phố."
)

_CCCD_RE = re.compile(r"\d{12}")


def normalize_cccd(value: str) -> str:
    """Drop the spaces and dots people type between digit groups."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_cccd(value: str) -> None:
    """12 digits whose first three are a province code. There is no checksum."""
    if not _CCCD_RE.fullmatch(value or ""):
        raise ValidationError(CCCD_NOT_12_DIGITS, code="invalid_cccd")
    if value[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            CCCD_BAD_PROVINCE, code="invalid_cccd_province", params={"code": value[:3]}
        )
