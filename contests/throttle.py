"""The per-user limit on answer saves: a fixed-window counter in Redis, one
pipelined round trip (INCR + EXPIRE) on a client kept for the process.

Django's Redis cache builds a new redis-py client object for every operation and
django-ratelimit needs three operations per check; on the hot path that cost more
than the answer's own UPDATE (BENCHMARKS.md). Without Redis (the embedded mode)
django-ratelimit on the local cache does the same job.
"""

from __future__ import annotations

import re
import threading
import time

from django.conf import settings

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_client = None
_client_lock = threading.Lock()


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60); "5/10s" -> (5, 10). ValueError when malformed."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _PERIODS[unit]


def _redis():
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                import redis

                _client = redis.Redis.from_url(
                    settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
                )
    return _client


def over_limit(
    group: str, ident: int | str, rate: str, *, now: float | None = None
) -> bool:
    """Count one hit of ``ident`` in ``group``; True when it is past ``rate`` in
    the current window. Raises the cache's errors: callers decide (fail open)."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"rl:{group}:{ident}:{period}:{window}"
    pipe = _redis().pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, period + 5, nx=True)
    count, _ = pipe.execute()
    return count > limit


def uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))
