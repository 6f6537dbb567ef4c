"""Pagination for large listings."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 120
# Below this a count is cheap, and a stale one would hide fresh products from the last page.
COUNT_CACHE_MIN = 2000


class CachedCountPaginator(Paginator):
    """A paginator whose large totals are cached for two minutes, keyed by the exact count query.

    Counting 100,000 filtered products costs far more than showing 24 of them; a total of
    thousands that is up to two minutes old is fine on a listing. Small totals are always counted
    afresh, and pages themselves are always read fresh.
    """

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        sql, params = query.sql_with_params()
        key = "paginator-count:" + hashlib.sha256(f"{query.model._meta.label}|{sql}|{params}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        total = super().count
        if total >= COUNT_CACHE_MIN:
            cache.set(key, total, COUNT_CACHE_SECONDS)
        return total
