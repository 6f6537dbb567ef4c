"""The project's Redis cache backend against a real Redis: Django's behaviour, one redis-py client per pool."""

import threading

import pytest

from marketplace.core.redis_cache import RedisCache


@pytest.fixture
def redis_cache(redis_url):
    return RedisCache(redis_url, {"KEY_PREFIX": "cache-test"})


def test_it_stores_reads_and_forgets_like_djangos(redis_cache):
    assert redis_cache.get("missing", "default") == "default"
    redis_cache.set("card", "<li>Chè</li>", 60)
    redis_cache.set_many({"a": 1, "b": {"stars": 5}}, 60)
    assert redis_cache.get("card") == "<li>Chè</li>"
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": {"stars": 5}}
    assert redis_cache.add("a", 2, 60) is False and redis_cache.get("a") == 1
    assert redis_cache.incr("a") == 2
    redis_cache.delete("card")
    assert redis_cache.get("card") is None


def test_calls_share_one_client_per_pool(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("x", 1, 60)
    redis_cache.get("x")
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: reads and writes share its pool


def test_the_shared_client_serves_threads(redis_cache):
    errors = []

    def work(n):
        try:
            for i in range(50):
                redis_cache.set(f"t{n}:{i}", i, 60)
                assert redis_cache.get(f"t{n}:{i}") == i
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert redis_cache.get_many([f"t{n}:49" for n in range(8)]) == {f"t{n}:49": 49 for n in range(8)}
