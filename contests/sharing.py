"""Sharing a contest: its short link (/c/<code>/), made once and stored, and the
QR code of that link (SVG, segno) to print on posters."""

from __future__ import annotations

import secrets

import segno
from django.db import IntegrityError, transaction

from core.errors import Conflict

from .models import Contest, ContestShortLink

# No 0/o, 1/l/i: the code is also typed from a printed poster.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 6
ATTEMPTS = 5
MSG_NO_CODE = "Chưa tạo được đường dẫn rút gọn, vui lòng thử lại."


def short_code_for(contest: Contest) -> str:
    """The contest's short-link code: made on first use, then always the same.
    Safe to call concurrently (the row's primary key is the contest; a code that
    collides with another contest's is drawn again). Raises Conflict if five
    draws collide."""
    for _ in range(ATTEMPTS):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                link, _ = ContestShortLink.objects.get_or_create(
                    contest=contest, defaults={"code": code}
                )
        except IntegrityError:
            continue
        return link.code
    raise Conflict(MSG_NO_CODE)


def qr_svg(url: str, *, scale: int = 8) -> str:
    """The QR code of ``url`` as an inline <svg> element (no XML declaration, no
    style attribute: allowed by the Content-Security-Policy)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=4)
