"""A contest's URL slug from its title, Vietnamese letters kept as their ASCII
letter ("Cuộc thi tìm hiểu luật" -> "cuoc-thi-tim-hieu-luat"). The server decides;
static/contests/admin/slug.js does the same in the admin while the title is typed
(Django's own URLify drops letters like "ộ" and English words like "an", "to")."""

from __future__ import annotations

import re

from core.formatting import ascii_fold

MAX_LENGTH = 100
_NOT_SLUG = re.compile(r"[^a-z0-9\s_-]")
_SEPARATORS = re.compile(r"[-\s]+")


def slug_from(text: str, *, max_length: int = MAX_LENGTH) -> str:
    """ASCII letters, digits, "_" and single "-", at most ``max_length`` long."""
    plain = _NOT_SLUG.sub("", ascii_fold(text or "")).strip()
    slug = _SEPARATORS.sub("-", plain)[:max_length]
    return slug.strip("-_")
