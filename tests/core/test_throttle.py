"""core.throttle: the fixed-window counter on the cache's Redis client."""

import uuid

import pytest
from django.conf import settings

from core import throttle

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("60/m", (60, 60)), ("5/10s", (5, 10)), (" 2 / h ", (2, 3600))],
)
def test_a_rate_reads_as_count_and_period(rate, expected):
    assert throttle.parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "60", "x/m", "5/0y"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError, match="not a rate"):
        throttle.parse_rate(rate)


@needs_redis
def test_the_limit_counts_within_a_window_and_resets_in_the_next():
    who = uuid.uuid4().hex
    hits = [throttle.over_limit("t", who, "3/m", now=600.0) for _ in range(4)]
    assert hits == [False, False, False, True]
    assert throttle.over_limit("t", who, "3/m", now=660.0) is False
