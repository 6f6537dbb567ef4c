"""Cache and sessions: Redis when REDIS_URL is set, local memory otherwise; sessions in the database.

Redis is an optimisation, never a dependency: the fail-soft backend (marketplace/core/redis_cache.py) turns
an unreachable Redis into cache misses and dropped writes, with short socket timeouts and a circuit breaker
so that a dead Redis costs milliseconds per request.
"""

from marketplace.settings.env import env

REDIS_URL = env("REDIS_URL", default="")
# Seconds to wait for Redis to accept a connection / answer a command before treating it as down.
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=0.25)
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
# After a failure, Redis is skipped for this many seconds before it is tried again.
CACHE_BREAKER_SECONDS = env.float("CACHE_BREAKER_SECONDS", default=10.0)


def redis_caches(url: str) -> dict:
    """The CACHES setting for a Redis at ``url`` (also used by the outage tests)."""
    return {
        "default": {
            "BACKEND": "marketplace.core.redis_cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="ocop"),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_CONNECT_TIMEOUT,
                "socket_timeout": CACHE_SOCKET_TIMEOUT,
                "BREAKER_SECONDS": CACHE_BREAKER_SECONDS,
            },
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions (logins, baskets' anonymous owners) live in the database, whatever the cache does: a login or a
# logout can never be lost or undone by a cache outage (with cached_db, a logout whose cache delete was
# dropped would leave the session readable from Redis), and the database is read on every request anyway.
# One indexed primary-key read per request is the price.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
