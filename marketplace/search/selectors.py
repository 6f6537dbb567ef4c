"""Reads of search: the backend in use, queries and suggestions.

Elasticsearch when ELASTICSEARCH_URL is set and it answers; the database otherwise. A failing
Elasticsearch never fails the page: the query is answered by the database, with a logged warning. After a
connection failure Elasticsearch is skipped for ``ELASTICSEARCH_BREAKER_SECONDS`` (one warning, and no
timeout paid per search while it is down); the database documents are always written, so they are current.
"""

import logging
import threading
import time

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page, Site

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


_elasticsearch_lock = threading.Lock()
_elasticsearch_down_until = 0.0  # monotonic time until which Elasticsearch is skipped (0: use it)


def elasticsearch_marked_down() -> bool:
    """Whether a recent search could not reach Elasticsearch and the database is answering instead."""
    return time.monotonic() < _elasticsearch_down_until


def _elasticsearch_mark_down(error: Exception) -> None:
    global _elasticsearch_down_until
    with _elasticsearch_lock:
        if not elasticsearch_marked_down():
            logger.warning("Elasticsearch unreachable (%s); searching the database instead.", error)
        _elasticsearch_down_until = time.monotonic() + float(getattr(settings, "ELASTICSEARCH_BREAKER_SECONDS", 30))


def _with_fallback(call):
    backend = search_backend()
    if backend.name == "database":
        return call(backend)
    if elasticsearch_marked_down():
        return call(DatabaseBackend())
    from elastic_transport import TransportError

    try:
        return call(backend)
    except TransportError as error:  # connection refused, timeout: skip Elasticsearch for a while
        _elasticsearch_mark_down(error)
        return call(DatabaseBackend())
    except Exception as error:  # noqa: BLE001 — any other Elasticsearch failure falls back for this search
        logger.warning("Elasticsearch failed (%s); searching the database instead.", error)
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


def page_translations_get(*, urls, request) -> dict[str, tuple[str, str]]:
    """Stored URL of a default-language fair or tour page → (URL, title) of its live translation in the
    active language, for those that have one; one query for all of them (Wagtail caches the site roots)."""
    language = translation.get_language()
    if not urls or language == settings.LANGUAGE_CODE:
        return {}
    roots = [root.root_path for root in Site.get_site_root_paths() if root.language_code == settings.LANGUAGE_CODE]
    # A stored URL is the page's url_path less its site root: "/hoi-cho/x/" ← "/trang-chu/hoi-cho/x/".
    url_paths = {root + url.lstrip("/"): url for root in roots for url in urls if url.startswith("/")}
    if not url_paths:
        return {}
    sources = Page.objects.filter(url_path__in=list(url_paths), locale__language_code=settings.LANGUAGE_CODE)
    pages = (
        Page.objects.filter(translation_key__in=sources.values("translation_key"))
        .filter(
            Q(url_path__in=list(url_paths), locale__language_code=settings.LANGUAGE_CODE)
            | Q(locale__language_code=language, live=True)
        )
        .select_related("locale")
    )
    stored, translated = {}, {}
    for page in pages:
        if page.locale.language_code == settings.LANGUAGE_CODE:
            stored[page.translation_key] = url_paths.get(page.url_path)
        else:
            translated[page.translation_key] = (page.get_url(request), page.title)
    return {stored[key]: found for key, found in translated.items() if found[0] and stored.get(key)}


def search_ids_embedding_region(*, region_id: int) -> dict[str, list[int]]:
    """kind → primary keys of the objects whose search documents embed this region's names or slug, in order.

    The documents embed a place's names and slug and its province's (``documents._region_places``), so a
    province reaches the documents of its communes and wards too: the region itself and its children,
    producers there, their products, fairs at venues there and tours stopping at producers or sales
    points there. Not checked for being searchable: the builders decide.
    """
    from oscar.core.loading import get_model

    from events.fairs.models import FairPage
    from events.tours.selectors import tour_ids_stopping_at_any
    from marketplace.regions.models import Region
    from marketplace.search.documents import FAIR, PRODUCER, PRODUCT, REGION, TOUR
    from marketplace.shipping.models import SalesPoint

    Partner = get_model("partner", "Partner")
    StockRecord = get_model("partner", "StockRecord")
    here = Q(region_id=region_id) | Q(region__parent_id=region_id)
    producer_ids = list(Partner.objects.filter(here).order_by("pk").values_list("pk", flat=True))
    sales_point_ids = list(SalesPoint.objects.filter(here).order_by("pk").values_list("pk", flat=True))
    product_ids = (
        StockRecord.objects.filter(Q(partner__region_id=region_id) | Q(partner__region__parent_id=region_id))
        .order_by("product_id")
        .values_list("product_id", flat=True)
        .distinct()
    )
    fair_ids = (
        FairPage.objects.filter(Q(venue__region_id=region_id) | Q(venue__region__parent_id=region_id))
        .filter(locale__language_code=settings.LANGUAGE_CODE)  # translations have no document
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    region_ids = Region.objects.filter(Q(pk=region_id) | Q(parent_id=region_id)).order_by("pk")
    return {
        REGION: sorted({region_id, *region_ids.values_list("pk", flat=True)}),
        PRODUCER: producer_ids,
        PRODUCT: list(product_ids),
        FAIR: list(fair_ids),
        TOUR: tour_ids_stopping_at_any(producer_ids=producer_ids, sales_point_ids=sales_point_ids),
    }


def search_page_ids_below(*, page) -> dict[str, list[int]]:
    """kind → primary keys of the live default-language fairs and tours below ``page`` (their documents
    store URLs that go through it), in order."""
    from events.fairs.models import FairPage
    from events.tours.models import TourPage
    from marketplace.search.documents import FAIR, TOUR

    return {
        kind: list(
            model.objects.descendant_of(page)
            .live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for kind, model in ((FAIR, FairPage), (TOUR, TourPage))
    }
