"""Pagination for large listings."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 120
# Below this a count is cheap, and a stale one would hide fresh products from the last page.
COUNT_CACHE_MIN = 2000


class CachedCountPaginator(Paginator):
    """A paginator for big ordered querysets: large totals cached, deep pages read by a deferred join.

    Counting 100,000 filtered products costs far more than showing 24 of them; a total of
    thousands that is up to two minutes old is fine on a listing. Small totals are always counted
    afresh, and pages themselves are always read fresh.

    A page past the first is read as ``WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)``: the
    rows skipped by OFFSET then cost an index step each, instead of every annotation of the full
    query (stars in force, option flags, prices) being computed for them and thrown away.
    """

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        # What the caller knows decides the list (say its filters and the day): naming the count by it
        # spares compiling the SQL only to make the key (about 2 ms for the catalogue's query).
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        if self.count_key is not None:
            named = f"{query.model._meta.label}|key|{self.count_key}"
        else:
            try:
                sql, params = query.sql_with_params()
            except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``): no query to name
                return 0
            named = f"{query.model._meta.label}|{sql}|{params}"
        key = "paginator-count:" + hashlib.sha256(named.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        total = super().count
        if total >= COUNT_CACHE_MIN:
            cache.set(key, total, COUNT_CACHE_SECONDS)
        return total

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._slice(bottom, top), number, self)

    def _slice(self, bottom: int, top: int):
        items = self.object_list
        # The outer query keeps its ordering; every sort ends on the primary key, so pages are stable.
        if bottom and isinstance(items, QuerySet) and items.ordered:
            return items.filter(pk__in=items.values("pk")[bottom:top])
        return items[bottom:top]


def page_links(*, page, query) -> dict | None:
    """What a pager shows for ``page``, its links keeping every other parameter of the ``query`` (a QueryDict).

    ``page`` is a Django ``Page``, or any object with ``page``/``num_pages``/``has_previous``/``has_next`` (the
    search results). None when everything fits on one page.
    """
    if page is None:
        return None
    if hasattr(page, "paginator"):
        number, count = page.number, page.paginator.num_pages
    else:
        number, count = page.page, page.num_pages
    if count <= 1:
        return None

    def link(target: int) -> str:
        params = query.copy()
        params.pop("page", None)
        params["page"] = str(target)  # last, after the list's own parameters
        return "?" + params.urlencode()

    return {
        "number": number,
        "count": count,
        "previous_url": link(number - 1) if number > 1 else "",
        "next_url": link(number + 1) if number < count else "",
    }
