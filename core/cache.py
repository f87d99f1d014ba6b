"""Values computed at most once a period by one process (computed_at_most_every).

The cache itself is django-redis (settings.CACHES), configured only through its
documented OPTIONS: it keeps one redis-py client per server for the process,
where Django's own RedisCache builds a new ``redis.Redis`` for every operation
(about 0.3 ms a call here, more than the Redis round trip; the session, the
public pages and the rate limits call it on every request). When Redis is away
it raises ``ConnectionInterrupted`` from redis-py's error, which
core.middleware answers with a 503.
"""

from __future__ import annotations

import time

COMPUTE_LOCK_SECONDS = 10


def computed_at_most_every(key: str, compute, seconds: int):
    """``compute()``'s value, recomputed at most once every ``seconds`` by one
    process, however many requests ask at once.

    A value past its age is still served while the one process that took the
    recompute lock (``cache.add``) refreshes it, so readers never queue behind a
    recomputation and a crowd arriving on an expired entry does not compute it a
    hundred times. Only a cold key (never computed, or deleted on publishing)
    makes the others wait for the first computation, up to a few seconds."""
    from django.core.cache import cache

    entry = cache.get(key)
    if not (isinstance(entry, tuple) and len(entry) == 2):
        entry = None  # absent, or left by an older release in another shape
    now = time.time()
    if entry is not None and entry[1] > now:
        return entry[0]
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=COMPUTE_LOCK_SECONDS):
        try:
            value = compute()
            # Kept well past its age: the stale copy is what others serve while
            # the next recomputation runs.
            cache.set(key, (value, time.time() + seconds), timeout=seconds * 10)
            return value
        finally:
            cache.delete(lock)
    if entry is not None:
        return entry[0]
    deadline = now + COMPUTE_LOCK_SECONDS
    while time.time() < deadline:
        time.sleep(0.05)
        entry = cache.get(key)
        if isinstance(entry, tuple) and len(entry) == 2:
            return entry[0]
    return compute()
