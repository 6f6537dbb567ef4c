"""Throttle building blocks shared by the apps: who the client is (its address behind trusted proxies), one
key per e-mail account, and a fixed-window counter in the cache.

Used by the login throttle (marketplace/customer/throttling.py, django-axes' hooks), password resets (the
shop's and Wagtail's), registration notes and producer applications (marketplace/onboarding).
"""

import hashlib
import ipaddress
import logging
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# axes' AccessAttempt.username is varchar(255): longer keys are hashed (PostgreSQL refuses longer values).
MAX_KEY_LENGTH = 255


# Client address ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def trusted_proxy_networks() -> tuple:
    """``TRUSTED_PROXY_NETWORKS`` as networks (parsed once per value)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXY_NETWORKS", ()) or ()))


def _parse_ip(value: str):
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_throttle_key(address) -> str:
    """The throttle's key for one address: IPv4 as is, IPv6 by its /64 (one subscriber gets a whole /64,
    so counting single IPv6 addresses would let one client rotate through billions of them)."""
    if isinstance(address, str):
        address = _parse_ip(address)
        if address is None:
            raise ValueError("not an IP address")
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_ip_address(request) -> str | None:
    """The client's address as the throttles count it (see ``address_throttle_key``).

    X-Forwarded-For is believed only when the direct peer (REMOTE_ADDR) is in ``TRUSTED_PROXY_NETWORKS``:
    then the client is the right-most address not in those networks (each trusted proxy appends the address
    it received from; anything further left came from the client and could be forged to dodge the throttles).
    """
    remote = _parse_ip(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_proxy_networks()
    client = remote
    if networks and any(remote in network for network in networks):
        hops = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        for hop in reversed(hops):
            address = _parse_ip(hop)
            if address is None:
                break  # garbage from a hop we cannot vouch for: the last trusted proxy is all we know
            client = address
            if not any(address in network for network in networks):
                break
    return address_throttle_key(client)


# Account key ---------------------------------------------------------------------------------------------------


def bounded_key(value: str) -> str:
    """``value`` if it fits axes' 255-character column, else "h:" and its SHA-256."""
    if len(value) <= MAX_KEY_LENGTH:
        return value
    return "h:" + hashlib.sha256(value.encode()).hexdigest()


def email_throttle_key(value: str) -> str:
    """One key per account for every throttle that counts by account or e-mail.

    An e-mail is looked up exactly as Oscar's EmailBackend does (``email__iexact``): on PostgreSQL UPPER()
    maps "ſ" to "S" and "ı" to "I", so "ſiſ@example.vn" logs in to "sis@example.vn" and must count for it.
    The key is then that account's own e-mail, lower-cased. A username counts for its account's e-mail.
    Anything else (no such account) is NFKC-normalised and case-folded.
    """
    from django.contrib.auth import get_user_model
    from oscar.apps.customer.utils import normalise_email

    value = (value or "").strip()
    if not value or len(value) > 4 * MAX_KEY_LENGTH:
        # Longer than any e-mail or username: no account to look up (and no query with megabytes in it).
        return bounded_key(unicodedata.normalize("NFKC", value).casefold())
    users = get_user_model()._default_manager.order_by("pk")
    if "@" in value:
        user = users.filter(email__iexact=normalise_email(value)).first()
    else:
        user = users.filter(username__iexact=value).exclude(email="").first()
    if user is not None and user.email:
        return bounded_key(user.email.lower())
    return bounded_key(unicodedata.normalize("NFKC", value).casefold())


# Fixed-window counter ------------------------------------------------------------------------------------------


def _window_count(cache_key: str, window_seconds: int) -> int:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _redis_window_count(backend, cache_key, window_seconds)
    # Other caches (local memory in development and tests): one counter per process. add/incr lock there.
    if backend.add(cache_key, 1, timeout=window_seconds):
        return 1
    try:
        return backend.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens a new window
        backend.add(cache_key, 1, timeout=window_seconds)
        return 1


def _redis_window_count(backend, cache_key: str, window_seconds: int) -> int:
    """SET NX EX then INCR in one MULTI: the key always carries its expiry. Django's own ``incr`` asks EXISTS
    then INCR, and a key expiring in between would come back without one (throttled for good)."""
    import redis

    key = backend.make_and_validate_key(cache_key)
    # The fail-soft cache's breaker (marketplace/core/redis_cache.py): while open, Redis is not asked at all.
    breaker = getattr(backend, "breaker", None)
    if breaker is not None and breaker.is_open:
        return 0
    try:
        client = backend._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window_seconds, nx=True)
            pipe.incr(key)
            _, count = pipe.execute()
        return int(count)
    except (redis.RedisError, OSError) as error:
        # The throttles must not refuse everyone while Redis is down (the cache is fail-soft too).
        logger.warning("Throttle counter unavailable (%s): request not counted", error)
        if breaker is not None:
            breaker.trip(error)
        return 0


def throttle_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request for ``key`` in a fixed window; True when this one is over ``limit`` (refuse it).

    Shared by every web process only with a Redis cache (production); with the local-memory cache each
    process counts on its own, so the effective limit is multiplied by the number of processes.
    """
    # Hashed: keys may hold e-mail addresses (kept out of cache keys and logs).
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    count = _window_count(cache_key, window_seconds)
    if count > limit:
        logger.warning("Throttled %s (%d requests in the window)", scope, count)
        return True
    return False
