"""The view layer's half of the domain error family: which HTTP status a kind of
refusal answers with."""

from __future__ import annotations

from core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound, TooMany

_STATUS: dict[type[DomainError], int] = {
    Invalid: 400,
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
    TooMany: 429,
}


def status_for(error: DomainError) -> int:
    """The status a view answers ``error`` with: the nearest kind in its class's
    ancestry, 400 for a bare DomainError."""
    for kind in type(error).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]
    return 400
