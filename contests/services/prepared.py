"""What every start of a contest reads alike, kept in the process between starts.

A start would otherwise read the contest's whole pool of active questions, its
topic quotas, its ranking groups and the texts, choices and snapshots of the drawn
questions: the same rows for every contestant of the Sunday-night rush. They are
prepared once per process and reused while the shared *generation* (one integer in
the cache) is unchanged. Every change that could make them stale bumps it after
its transaction commits (contests/receivers.py: saves and deletes of banks,
topics, questions, choices, contests, quotas and ranking groups, and quizzes'
bulk paths through ``quizzes.signals.bank_changed``), so the next start in every
process prepares again.

Safety nets: without the cache (Redis away) nothing is kept; an entry older than
MAX_AGE_SECONDS is prepared again (a bump lost to an outage heals by itself); a
start whose insert meets a vanished row forgets everything (``forget``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache

GENERATION_KEY = "contests:prepared-generation"
MAX_AGE_SECONDS = 300.0

T = TypeVar("T")

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, object]] = {}
_generation: list[int | None] = [None]


def current_generation() -> int | None:
    """The shared generation, or None when the cache cannot say (keep nothing).
    A missing key starts a new epoch from the clock, never from a small number a
    process may still hold from before a cache flush."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            value = cache.get(GENERATION_KEY)
    except Exception:  # the cache is away: prepare afresh, as before
        return None
    return value


def invalidate() -> None:
    """Make every process's prepared data stale (call after commit). Safe to repeat."""
    # Absent (ValueError): the next reader starts a new epoch anyway.
    with contextlib.suppress(ValueError):
        cache.incr(GENERATION_KEY)
    forget()


def forget() -> None:
    """Drop this process's prepared data."""
    with _lock:
        _entries.clear()


def _fresh(generation: int) -> bool:
    """Move to ``generation`` if it is newer; True when it is the current one (a
    request that read the generation just before a bump gets nothing, keeps
    nothing). Generations only grow: incr, or a new epoch from the clock."""
    current = _generation[0]
    if current is None or generation > current:
        _entries.clear()
        _generation[0] = generation
        return True
    return generation == current


def get_many(keys: list[Hashable], generation: int | None) -> dict[Hashable, object]:
    """The prepared values of ``keys`` still valid in ``generation``."""
    if generation is None:
        return {}
    oldest = time.monotonic() - MAX_AGE_SECONDS
    with _lock:
        if not _fresh(generation):
            return {}
        found = {key: _entries.get(key) for key in keys}
    return {k: hit[1] for k, hit in found.items() if hit and hit[0] > oldest}


def put_many(values: dict[Hashable, object], generation: int | None) -> None:
    """Keep ``values`` (prepared from reads made after ``generation`` was read)."""
    if generation is None:
        return
    now = time.monotonic()
    with _lock:
        if _fresh(generation):
            _entries.update((key, (now, value)) for key, value in values.items())


def prepared(key: Hashable, generation: int | None, build: Callable[[], T]) -> T:
    """The value kept under ``key`` in ``generation``, built (and kept) if absent.
    ``build`` raising keeps nothing."""
    hit = get_many([key], generation)
    if key in hit:
        return hit[key]  # type: ignore[return-value]
    value = build()
    put_many({key: value}, generation)
    return value
