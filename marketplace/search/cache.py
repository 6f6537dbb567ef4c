"""A short-lived cache of database-backend search answers (the Django cache: Redis in production).

Answers are keyed by a version of the index that every write to the search documents replaces
(``search_index_changed``, after the write commits), so a cached answer never outlives the data it was
computed from. Off unless ``settings.SEARCH_CACHE_SECONDS`` is positive.

While Redis is down (marketplace/core/redis_cache.py) ``search_index_version`` finds no version and cannot
store one, so each search gets a fresh random version: nothing is cached and nothing stale is read. A
version change dropped during the outage is undone when Redis answers again (the fail-soft cache deletes
every key whose write it dropped), so answers cached under the old version are not read afterwards.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "search:index-version"


def search_cache_seconds() -> int:
    return max(0, int(getattr(settings, "SEARCH_CACHE_SECONDS", 0) or 0))


def search_index_version() -> str:
    """The current index version; a new random one when the cache has none (after a flush or an
    eviction nothing cached before can be mistaken for current)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version or uuid.uuid4().hex


def search_index_changed() -> None:
    """Drop every cached answer: call after any write to the search documents. Inside a transaction the
    version changes once it commits (an answer read before the commit stays under the old version)."""
    if search_cache_seconds():  # nothing is cached otherwise
        transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def search_cache_key(*, version: str, part: str, **arguments) -> str:
    """A key for one answer: the version, which part ("facets", "page") and its normalized arguments."""
    payload = json.dumps(arguments, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:40]
    return f"search:{version}:{part}:{digest}"
