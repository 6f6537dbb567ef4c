"""Django's Redis cache backend: one redis-py client per connection pool, and fail-soft when Redis is down.

Django builds a new ``redis.Redis`` for every cache call (about 0.1 ms each, spent filling its response
callback tables); a page makes several calls. redis-py clients are thread-safe and take their connections
from the pool, so one client per pool serves every call.

``FailSoftRedisCache`` (the production backend) treats the cache as an optimisation, never a dependency:
while Redis is unreachable every read is a miss and every write or delete is dropped, so pages are served
from the database. A circuit breaker shared by the process's threads skips Redis for ``BREAKER_SECONDS``
after a failure, so a dead Redis costs one short connect timeout per opening, not one per cache call, and
one warning is logged per opening.

Stale data after an outage: a dropped write or delete may leave an older value in Redis (an invalidation
that never happened, e.g. the search index version or Wagtail's site root paths). The breaker remembers
every key it dropped and deletes them all when Redis answers again, before the first read is served; if
too many were dropped to remember, it deletes every key under the cache's key prefix instead (never
FLUSHDB: the broker may share the database). The next reader recomputes. ``add``/``incr`` callers see a
missing key meanwhile (``add`` False, ``incr`` ValueError), which is what they already handle.
"""

import logging
import re
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# Dropped keys remembered for deletion on recovery; beyond this the whole key prefix is deleted instead.
MAX_REMEMBERED_KEYS = 10_000


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class CircuitBreaker:
    """Open (Redis skipped) for ``seconds`` after a failure; the first call after that probes Redis by
    deleting the keys dropped meanwhile, and closes the breaker if it answers."""

    def __init__(self, *, name: str, seconds: float):
        self.name = name
        self.seconds = seconds
        self._lock = threading.Lock()  # guards the state below; never held across a network call
        self._probe_lock = threading.Lock()  # one thread probes Redis at a time
        self._open_until = 0.0  # 0: closed
        self._dropped: set[str] = set()
        self._overflowed = False

    @property
    def is_open(self) -> bool:
        return self._open_until != 0.0

    def trip(self, error: Exception) -> None:
        with self._lock:
            if not self.is_open:
                logger.warning(
                    "Cache %s unreachable (%s): serving without the cache for at least %ss.",
                    self.name,
                    error,
                    self.seconds,
                )
            self._open_until = time.monotonic() + self.seconds

    def remember(self, keys) -> None:
        """Keys whose write or delete was dropped: Redis may hold a stale value for them."""
        with self._lock:
            if self._overflowed:
                return
            self._dropped.update(keys)
            if len(self._dropped) > MAX_REMEMBERED_KEYS:
                self.remember_everything(locked=True)

    def remember_everything(self, *, locked: bool = False) -> None:
        """Too much to remember (or a dropped clear): every key of ours is suspect."""
        if not locked:
            with self._lock:
                return self.remember_everything(locked=True)
        self._dropped.clear()
        self._overflowed = True

    def allow(self, recover) -> bool:
        """Whether to call Redis now. ``recover(keys, overflowed)`` runs once when a cool-off ends; if it
        raises, the breaker opens again."""
        if not self.is_open:
            return True
        if time.monotonic() < self._open_until or not self._probe_lock.acquire(blocking=False):
            return False  # cooling off, or another thread is probing
        try:
            with self._lock:
                if not self.is_open:
                    return True
                keys, overflowed = set(self._dropped), self._overflowed
            try:
                recover(keys, overflowed)
            except Exception as error:  # noqa: BLE001 — still down (or refusing): stay open
                with self._lock:
                    self._open_until = time.monotonic() + self.seconds
                logger.debug("Cache %s still unreachable: %s", self.name, error)
                return False
            with self._lock:
                self._dropped -= keys
                if overflowed:
                    self._overflowed = False
                # Writes dropped by other threads during the probe: probe (delete them) again at once.
                self._open_until = time.monotonic() if (self._dropped or self._overflowed) else 0.0
                reopened = self.is_open
            if not reopened:
                logger.warning("Cache %s reachable again (%d stale keys deleted).", self.name, len(keys))
            return not reopened
        finally:
            self._probe_lock.release()


# One breaker per Redis location and key prefix, shared by the per-thread cache instances Django builds.
_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(*, servers, key_prefix: str, seconds: float) -> CircuitBreaker:
    key = (tuple(servers), key_prefix)  # a prefix's dropped keys are deleted by a client of that prefix
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(name=",".join(servers), seconds=seconds)
        return _breakers[key]


class FailSoftRedisCacheClient(ReusedClientRedisCacheClient):
    """Every operation goes through the breaker; a connection failure is a miss or a dropped write."""

    def __init__(self, servers, *, breaker_seconds: float = 10.0, key_prefix: str = "", **options):
        super().__init__(servers, **options)
        self.breaker = breaker_for(servers=servers, key_prefix=key_prefix, seconds=breaker_seconds)
        self._key_prefix = key_prefix

    @property
    def _errors(self):
        # Any Redis failure, not only refused connections and timeouts: a replica turned read-only, "OOM
        # command not allowed", something else answering on the port. The cache is an optimisation, so
        # each of these degrades too; the warning logged when the breaker opens names the error.
        return (self._lib.exceptions.RedisError, OSError)

    def _trips(self, error) -> bool:
        """Whether ``error`` says Redis is unusable (open the breaker) rather than that one command was wrong.

        A command error (WRONGTYPE, "value is not an integer") is the caller's, as with Django's own backend;
        it must not switch the cache off for the whole process.
        """
        if not isinstance(error, self._lib.exceptions.ResponseError):
            return True
        return str(error).startswith(("READONLY", "OOM", "LOADING", "MASTERDOWN", "BUSY", "NOAUTH", "NOPERM"))

    def _unlink_prefix(self, client) -> None:
        """Delete every key of ours (SCAN + UNLINK, never FLUSHDB: the database may be shared with the broker
        or with another site's cache under another prefix)."""
        # Django's keys are "<prefix>:<version>:<key>" (":1:key" without a prefix); glob characters escaped.
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self._key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.unlink(*batch)
                batch = []
        if batch:
            client.unlink(*batch)

    def _recover(self, keys, overflowed) -> None:
        client = self.get_client(None, write=True)
        if overflowed:
            # Too many dropped keys to remember: every key of ours.
            self._unlink_prefix(client)
        elif keys:
            client.unlink(*keys)
        else:
            client.ping()

    def _read(self, call, missing):
        if not self.breaker.allow(self._recover):
            return missing
        try:
            return call()
        except self._errors as error:
            if not self._trips(error):
                raise
            self.breaker.trip(error)
            return missing

    def _write(self, keys, call, dropped=None):
        if not self.breaker.allow(self._recover):
            self.breaker.remember(keys)
            return dropped
        try:
            return call()
        except self._errors as error:
            if not self._trips(error):
                raise
            self.breaker.trip(error)
            self.breaker.remember(keys)
            return dropped

    def get(self, key, default):
        return self._read(lambda: super(FailSoftRedisCacheClient, self).get(key, default), default)

    def get_many(self, keys):
        keys = list(keys)
        return self._read(lambda: super(FailSoftRedisCacheClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._read(lambda: super(FailSoftRedisCacheClient, self).has_key(key), False)

    def add(self, key, value, timeout):
        return self._write([key], lambda: super(FailSoftRedisCacheClient, self).add(key, value, timeout), False)

    def set(self, key, value, timeout):
        self._write([key], lambda: super(FailSoftRedisCacheClient, self).set(key, value, timeout))

    def set_many(self, data, timeout):
        self._write(list(data), lambda: super(FailSoftRedisCacheClient, self).set_many(data, timeout))

    def touch(self, key, timeout):
        return self._write([key], lambda: super(FailSoftRedisCacheClient, self).touch(key, timeout), False)

    def delete(self, key):
        return self._write([key], lambda: super(FailSoftRedisCacheClient, self).delete(key), False)

    def delete_many(self, keys):
        keys = list(keys)
        self._write(keys, lambda: super(FailSoftRedisCacheClient, self).delete_many(keys))

    def incr(self, key, delta):
        # A key Redis could not be asked about is missing, as Django's incr reports it.
        missing = object()
        answer = self._write([key], lambda: super(FailSoftRedisCacheClient, self).incr(key, delta), missing)
        if answer is missing:
            raise ValueError(f"Key '{key}' not found (cache unreachable).")
        return answer

    def clear(self):
        if self.breaker.allow(self._recover):
            try:
                self._unlink_prefix(self.get_client(None, write=True))
                return True
            except self._errors as error:
                if not self._trips(error):
                    raise
                self.breaker.trip(error)
        self.breaker.remember_everything()  # a dropped clear: delete our whole prefix once Redis is back
        return False


class FailSoftRedisCache(RedisCache):
    """The production cache: Redis, degrading to "no cache" while Redis is unreachable.

    OPTIONS: redis-py's (``socket_connect_timeout``, ``socket_timeout``: keep them short) and
    ``BREAKER_SECONDS``, how long to skip Redis after a failure.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
        options = dict(self._options)
        breaker_seconds = float(options.pop("BREAKER_SECONDS", 10.0))
        self._options = {**options, "breaker_seconds": breaker_seconds, "key_prefix": self.key_prefix}

    @property
    def breaker(self) -> CircuitBreaker:
        return self._cache.breaker
