"""Reads of search: the backend in use, queries and suggestions.

Elasticsearch when ELASTICSEARCH_URL is set and it answers; the database otherwise. A failing
Elasticsearch never fails the page: the query is answered by the database, with a logged warning.
"""

import logging

from django.conf import settings

from marketplace.search.backends.database import DatabaseBackend
from marketplace.search.results import SearchResults, Suggestion

logger = logging.getLogger(__name__)


def elasticsearch_backend():
    """The Elasticsearch backend when configured (not checked for reachability), else None."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    from marketplace.search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url=url, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)


def search_backend():
    return elasticsearch_backend() or DatabaseBackend()


def _with_fallback(call):
    backend = search_backend()
    if backend.name == "database":
        return call(backend)
    try:
        return call(backend)
    except Exception as error:  # noqa: BLE001 — any Elasticsearch failure falls back
        logger.warning("Elasticsearch unavailable (%s); searching the database instead.", error)
        return call(DatabaseBackend())


def search_query(
    *,
    text: str = "",
    kinds=None,
    filters=None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    near: tuple[float, float, float] | None = None,
) -> SearchResults:
    """One page of results with facets. ``near`` = (latitude, longitude, km): only what lies within km."""
    return _with_fallback(
        lambda backend: backend.query(
            text=text, kinds=kinds, filters=filters, sort=sort, page=page, per_page=per_page, near=near
        )
    )


def search_suggest(*, prefix: str, limit: int = 10) -> list[Suggestion]:
    return _with_fallback(lambda backend: backend.suggest(prefix=prefix, limit=min(max(1, limit), 10)))
