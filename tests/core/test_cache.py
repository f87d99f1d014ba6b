"""The Redis cache (django-redis) keeps one redis-py client; core.cache computes
a shared value at most once a period."""

import pytest
from django.conf import settings
from django.core.cache import cache

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="make test sets REDIS_URL; without it the cache is local memory",
)


@needs_redis
def test_one_client_serves_every_operation():
    from django_redis import get_redis_connection

    client = get_redis_connection("default")
    cache.set("cache-test:a", {"x": 1}, 5)
    assert cache.get("cache-test:a") == {"x": 1}
    assert cache.add("cache-test:a", 2, 5) is False
    assert cache.get_many(["cache-test:a", "cache-test:b"]) == {
        "cache-test:a": {"x": 1}
    }
    assert get_redis_connection("default") is client
    cache.delete_many(["cache-test:a"])
    assert cache.get("cache-test:a") is None


@needs_redis
def test_the_cache_keeps_its_timeouts_so_an_outage_fails_fast():
    """The connect and read timeouts reach redis-py through public OPTIONS: a
    Redis that is away costs a request two seconds at most, not a hung worker."""
    from django_redis import get_redis_connection

    kwargs = get_redis_connection("default").connection_pool.connection_kwargs
    assert kwargs["socket_connect_timeout"] == 2
    assert kwargs["socket_timeout"] == 2


def _key():
    import uuid

    return f"cache-test:{uuid.uuid4().hex}"


def test_a_value_is_computed_once_per_period(monkeypatch):
    from core import cache as module

    key, calls = _key(), []

    def compute():
        calls.append(1)
        return len(calls)

    clock = [1000.0]
    monkeypatch.setattr(module.time, "time", lambda: clock[0])
    assert module.computed_at_most_every(key, compute, 60) == 1
    clock[0] += 59
    assert module.computed_at_most_every(key, compute, 60) == 1
    clock[0] += 2
    assert module.computed_at_most_every(key, compute, 60) == 2
    assert len(calls) == 2


def test_a_stale_value_is_served_while_another_process_recomputes(monkeypatch):
    from core import cache as module

    key = _key()
    clock = [1000.0]
    monkeypatch.setattr(module.time, "time", lambda: clock[0])
    module.computed_at_most_every(key, lambda: "old", 60)
    clock[0] += 61
    cache.add(f"{key}:computing", 1, 30)  # another process is recomputing

    def must_not_run():
        raise AssertionError("recomputed while another process was at it")

    assert module.computed_at_most_every(key, must_not_run, 60) == "old"
    cache.delete(f"{key}:computing")


def test_a_crowd_on_a_cold_key_computes_it_once():
    import threading
    import time

    from django.db import connections

    from core.cache import computed_at_most_every

    key, calls, results = _key(), [], []
    start = threading.Barrier(20)

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return "table"

    def reader():
        start.wait()
        results.append(computed_at_most_every(key, compute, 60))
        connections.close_all()

    threads = [threading.Thread(target=reader) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["table"] * 20
    assert len(calls) == 1


def test_an_entry_of_another_shape_is_recomputed():
    """A value an older release cached under the same key is not served."""
    from core.cache import computed_at_most_every

    key = _key()
    cache.set(key, {"winners": []}, 60)
    assert computed_at_most_every(key, lambda: "new", 60) == "new"
