"""Who is saving an answer, without reading the user row on every save.

Django's auth reads the user row on every request to check that the session is
still valid (the session's hash of the password, the account active). The answer
save is the rush's hottest request and needs only the user's id, so the check is
split: after one full check in this process, the password hash it verified is
remembered, and each later save carries it into its one UPDATE as a condition
(``accounts_user.password = %s AND is_active``). A changed password, a
deactivated account or a logged-out session makes that UPDATE match nothing, and
the view falls back to the full check (which logs the session out). Nothing is
trusted that Django's own check would refuse.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

# One entry per contestant who saved through this process; a bound on memory.
MAX_REMEMBERED = 100_000

_lock = threading.Lock()
_verified: dict[int, tuple[str, str]] = {}


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The session's user as last verified here: the UPDATE re-checks
    ``password`` (the stored hash) against the row."""

    id: int
    password: str


def remember(user, session) -> None:
    """After Django verified ``user`` for this request: keep (session hash,
    password hash) so the next save of this user skips the user read."""
    if not user.is_authenticated or session.get(HASH_SESSION_KEY) is None:
        return
    entry = (session[HASH_SESSION_KEY], user.password)
    with _lock:
        if len(_verified) >= MAX_REMEMBERED:
            _verified.clear()
        _verified[user.pk] = entry


def from_session(session) -> SessionUser | None:
    """The user this session belonged to when last verified here, or None (never
    seen, another password since, not logged in): then ask Django."""
    try:
        user_id = int(session[SESSION_KEY])
        backend = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except (KeyError, TypeError, ValueError):
        return None
    if backend not in settings.AUTHENTICATION_BACKENDS:
        return None
    known = _verified.get(user_id)
    if known is None or known[0] != session_hash:
        return None
    return SessionUser(user_id, known[1])
