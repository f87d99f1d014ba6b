"""The per-user limit on answer saves: a fixed-window counter in Redis, one
pipelined round trip (INCR + EXPIRE) on the cache's own redis-py client.

django-ratelimit needs three cache operations per check; on the hot path that
cost more than the answer's own UPDATE (BENCHMARKS.md). Without Redis (the
embedded mode) django-ratelimit on the local cache does the same job.
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django_redis import get_redis_connection

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60); "5/10s" -> (5, 10). ValueError when malformed."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _PERIODS[unit]


def over_limit(
    group: str, ident: int | str, rate: str, *, now: float | None = None
) -> bool:
    """Count one hit of ``ident`` in ``group``; True when it is past ``rate`` in
    the current window. Raises the cache's errors: callers decide (fail open)."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"rl:{group}:{ident}:{period}:{window}"
    # django-redis's public way to its client: one per process, shared with
    # the cache, with the cache's connect and read timeouts.
    pipe = get_redis_connection("default").pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, period + 5, nx=True)
    count, _ = pipe.execute()
    return count > limit


def uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))
