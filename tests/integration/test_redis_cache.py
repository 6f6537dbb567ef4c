"""The project's Redis cache backends against a real Redis: Django's behaviour, one redis-py client per pool,
and the fail-soft backend's breaker and its clean-up of keys whose writes were dropped."""

import threading
import time

import pytest
import redis

from marketplace.core import redis_cache as backends
from marketplace.core.redis_cache import FailSoftRedisCache, RedisCache


@pytest.fixture
def redis_cache(redis_url):
    return RedisCache(redis_url, {"KEY_PREFIX": "cache-test"})


@pytest.fixture
def fail_soft(redis_url, monkeypatch):
    """A fail-soft cache on the tests' Redis, with a breaker of its own (breakers are per process)."""
    monkeypatch.setattr(backends, "_breakers", {})
    return FailSoftRedisCache(redis_url, {"KEY_PREFIX": "soft", "OPTIONS": {"BREAKER_SECONDS": 60}})


@pytest.fixture
def server(redis_url):
    return redis.Redis.from_url(redis_url)


def _cool_off_over(breaker):
    breaker._open_until = time.monotonic() - 1


def test_fail_soft_behaves_like_djangos_while_redis_answers(fail_soft, server):
    assert fail_soft.get("missing", "default") == "default"
    fail_soft.set_many({"a": 1, "b": [1, 2]}, 60)
    assert fail_soft.get_many(["a", "b", "c"]) == {"a": 1, "b": [1, 2]}
    assert fail_soft.add("a", 5) is False and fail_soft.incr("a", 2) == 3
    with pytest.raises(ValueError):
        fail_soft.incr("nothing")
    assert fail_soft.delete("a") is True and fail_soft.has_key("a") is False
    assert server.exists("soft:1:b") and not fail_soft.breaker.is_open


def test_writes_dropped_while_open_are_deleted_before_the_next_read(fail_soft, server):
    """A partition: this process could not reach Redis, which kept values an invalidation should have removed."""
    fail_soft.set("search:index-version", "v1", None)
    fail_soft.set("card", "old card", None)
    fail_soft.set("untouched", "kept", None)
    fail_soft.breaker.trip(ConnectionError("simulated"))

    assert fail_soft.get("untouched") is None  # open: a miss, Redis not asked
    assert fail_soft.delete("card") is False  # dropped
    fail_soft.set("search:index-version", "v2", None)  # dropped
    assert server.get("soft:1:card") is not None  # Redis still holds the stale values

    _cool_off_over(fail_soft.breaker)
    assert fail_soft.get("card") is None  # deleted on recovery, before this read
    assert fail_soft.get("search:index-version") is None  # the next reader makes a new version
    assert fail_soft.get("untouched") == "kept"  # nothing else is lost
    assert not fail_soft.breaker.is_open


def test_too_many_dropped_keys_delete_the_whole_prefix_and_nothing_else(fail_soft, server, monkeypatch):
    monkeypatch.setattr(backends, "MAX_REMEMBERED_KEYS", 3)
    fail_soft.set("ours", 1, None)
    server.set("other-site:1:theirs", "x")
    server.rpush("ocop", "a queued task")  # a broker sharing the database
    fail_soft.breaker.trip(ConnectionError("simulated"))
    for n in range(5):
        fail_soft.set(f"k{n}", n)
    _cool_off_over(fail_soft.breaker)
    assert fail_soft.get("ours") is None
    assert server.get("other-site:1:theirs") == b"x" and server.llen("ocop") == 1


def test_a_clear_dropped_while_open_clears_the_prefix_on_recovery(fail_soft, server):
    fail_soft.set("ours", 1, None)
    server.rpush("ocop", "a queued task")
    fail_soft.breaker.trip(ConnectionError("simulated"))
    assert fail_soft.clear() is False
    _cool_off_over(fail_soft.breaker)
    assert fail_soft.get("ours") is None and server.llen("ocop") == 1


def test_a_command_error_is_the_callers_and_does_not_switch_the_cache_off(fail_soft, server):
    """WRONGTYPE or "not an integer" say the command was wrong, not that Redis is gone (as with Django's backend)."""
    fail_soft.set("word", "chè", None)
    fail_soft.set("kept", "value", None)
    with pytest.raises(redis.exceptions.ResponseError):
        fail_soft.incr("word")
    assert not fail_soft.breaker.is_open
    assert fail_soft.get("kept") == "value"  # still served from Redis


def test_clear_deletes_our_prefix_only_never_the_whole_database(fail_soft, server):
    fail_soft.set("ours", 1, None)
    server.set("other-site:1:theirs", "x")
    server.set("soft-other:1:near", "y")  # a prefix that merely starts like ours
    server.rpush("ocop", "a queued task")  # a broker sharing the database
    assert fail_soft.clear() is True
    assert fail_soft.get("ours") is None
    assert server.get("other-site:1:theirs") == b"x" and server.get("soft-other:1:near") == b"y"
    assert server.llen("ocop") == 1


def test_glob_characters_in_the_prefix_match_only_themselves(redis_url, server, monkeypatch):
    monkeypatch.setattr(backends, "_breakers", {})
    starred = FailSoftRedisCache(redis_url, {"KEY_PREFIX": "s*", "OPTIONS": {"BREAKER_SECONDS": 60}})
    starred.set("mine", 1, None)
    server.set("soft:1:other", "kept")  # "s*:*" unescaped would match this
    assert starred.clear() is True
    assert starred.get("mine") is None and server.get("soft:1:other") == b"kept"


def test_the_breaker_is_shared_by_every_cache_instance_on_that_redis(fail_soft, redis_url):
    other_thread_instance = FailSoftRedisCache(redis_url, {"KEY_PREFIX": "soft", "OPTIONS": {"BREAKER_SECONDS": 60}})
    assert other_thread_instance.breaker is fail_soft.breaker
    fail_soft.breaker.trip(ConnectionError("simulated"))
    other_thread_instance.set("x", 1)  # dropped by the other instance: remembered for both
    _cool_off_over(fail_soft.breaker)
    assert fail_soft.get("x") is None


def test_a_recovery_probe_that_fails_keeps_the_breaker_open(monkeypatch):
    import socket

    monkeypatch.setattr(backends, "_breakers", {})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = FailSoftRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"BREAKER_SECONDS": 60}})
    dead.set("x", 1)
    assert dead.breaker.is_open
    _cool_off_over(dead.breaker)
    assert dead.get("x") is None
    assert dead.breaker.is_open and dead.breaker._open_until > time.monotonic() + 30
    assert dead.breaker._dropped == {":1:x"}  # still to delete when Redis is back


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


def test_a_hung_redis_costs_one_socket_timeout_then_nothing(monkeypatch):
    """A Redis that accepts connections and never answers: the short timeouts, then the breaker."""
    import socket

    monkeypatch.setattr(backends, "_breakers", {})
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)  # connections complete in the backlog; nothing ever reads or answers
        port = silent.getsockname()[1]
        hung = FailSoftRedisCache(
            f"redis://127.0.0.1:{port}/0",
            {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "BREAKER_SECONDS": 60}},
        )
        started = time.monotonic()
        assert hung.get("x", "miss") == "miss"
        first = time.monotonic() - started
        assert 0.2 < first < 2
        started = time.monotonic()
        for n in range(200):
            assert hung.get(f"k{n}") is None
            hung.set(f"k{n}", n)
        assert time.monotonic() - started < 0.2  # the breaker answers without the network
