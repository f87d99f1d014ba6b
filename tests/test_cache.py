"""The Redis cache backend (config.cache) keeps one redis-py client."""

import pytest
from django.core.cache import cache, caches

pytestmark = pytest.mark.skipif(
    type(caches["default"]).__module__ != "config.cache",
    reason="make test sets REDIS_URL; without it the cache is local memory",
)


def test_one_client_serves_every_operation():
    client = cache._cache.get_client(write=True)
    cache.set("cache-test:a", {"x": 1}, 5)
    assert cache.get("cache-test:a") == {"x": 1}
    assert cache.add("cache-test:a", 2, 5) is False
    assert cache.get_many(["cache-test:a", "cache-test:b"]) == {
        "cache-test:a": {"x": 1}
    }
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client
    cache.delete_many(["cache-test:a"])
    assert cache.get("cache-test:a") is None
