"""Reads of the CMS: promotion and news lists, what a block shows, page translations.

Fair and tour pages belong to other apps: what is "upcoming" there is theirs to say, so the home page's
blocks read them through ``events.fairs.selectors`` and ``events.tours.selectors``.
"""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from catalogue.selectors import product_list_storefront, product_queryset_storefront


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def _renditions_prefetch(field: str) -> Prefetch:
    """Renditions of an image FK fetched with the list, so a card's ``{% image %}`` needs no query."""
    Rendition = get_image_model().get_rendition_model()
    return Prefetch(f"{field}__renditions", queryset=Rendition.objects.all())


def _products_in_order(ids: list[int]) -> list:
    """Storefront products (public, with their card's data) in the given order; unknown ids are dropped."""
    if not ids:
        return []
    by_id = {product.pk: product for product in product_queryset_storefront().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


# Promotions -----------------------------------------------------------------------------------------------------


def promotion_list(*, index) -> QuerySet:
    """The live promotions under an index page, newest campaign first, with their banners' renditions."""
    from cms.models import PromotionPage

    return (
        PromotionPage.objects.child_of(index)
        .live()
        .select_related("banner")
        .prefetch_related(_renditions_prefetch("banner"))
        .order_by("-start_date", "-pk")
    )


def promotion_products(*, promotion, limit: int = 48) -> list:
    """What a promotion sells: the chosen products, else the products of its offer's (or voucher's) range."""
    chosen = [item.product_id for item in promotion.promotion_products.all()]
    if chosen:
        return _products_in_order(chosen)[:limit]
    offer = promotion.offer
    if offer is None and promotion.voucher_id:
        offer = promotion.voucher.offers.select_related("condition__range").first()
    product_range = getattr(getattr(offer, "condition", None), "range", None)
    if product_range is None:
        return []
    in_range = product_range.all_products().values("pk")
    return list(product_list_storefront().filter(pk__in=in_range)[:limit])


def livestreams_upcoming(*, promotion, now: datetime.datetime | None = None) -> list:
    """The promotion's livestreams still to come or running now, earliest first."""
    now = now or timezone.now()
    return [
        slot
        for slot in sorted(promotion.livestreams.all(), key=lambda slot: slot.starts_at)
        if (slot.ends_at or slot.starts_at) >= now
    ]


# News -----------------------------------------------------------------------------------------------------------


def news_list(*, index) -> QuerySet:
    """The live news items under an index page, newest first, with their covers' renditions."""
    from cms.models import NewsPage

    return (
        NewsPage.objects.child_of(index)
        .live()
        .select_related("cover")
        .prefetch_related(_renditions_prefetch("cover"))
        .order_by("-date", "-pk")
    )


def news_latest(*, limit: int = 3) -> list:
    """The newest live news items in the active language (for the home page)."""
    from cms.models import NewsPage

    items = NewsPage.objects.live().select_related("cover").prefetch_related(_renditions_prefetch("cover"))
    locale = _active_locale()
    if locale is not None:
        items = items.filter(locale=locale)
    return list(items.order_by("-date", "-pk")[:limit])


def news_related_products(*, news) -> list:
    return _products_in_order([item.product_id for item in news.related_products.all()])


# Home page blocks -----------------------------------------------------------------------------------------------


def products_by_rule(*, rule: str, group: str | None = None, count: int = 8) -> list:
    """Products for a home page block: 5★ (newest first), the newest, or the newest of one OCOP group."""
    from cms.blocks import ProductsByRuleBlock

    if rule == ProductsByRuleBlock.RULE_STARS_5:
        products = product_list_storefront(stars=[5])
    elif rule == ProductsByRuleBlock.RULE_GROUP:
        from oscar.core.loading import get_model

        category = get_model("catalogue", "Category").objects.filter(slug=group).order_by("depth").first()
        if category is None:
            return []
        products = product_list_storefront(category=category)
    else:
        products = product_list_storefront()
    return list(products.filter(parent__isnull=True)[:count])


# The renditions of a page card's image (cms/partials/page_card.html: fill-{480x270,960x540} format-webp),
# read with the cards so that the card asks nothing more.
PAGE_CARD_FILTERS = ("fill-480x270|format-webp", "fill-960x540|format-webp")


def fairs_upcoming(*, limit: int = 3) -> list:
    """Live fairs not yet over, soonest first, in the active language: the fairs app's own "upcoming"."""
    from events.fairs.selectors import fair_list_upcoming

    return fair_list_upcoming(limit=limit, locale=_active_locale(), cover_filters=PAGE_CARD_FILTERS)


def tours_upcoming(*, limit: int = 3) -> list:
    """Live tours with a departure from today on, the nearest first, in the active language: the tours app's
    own "upcoming" (a tour whose departures are all past is left out)."""
    from events.tours.selectors import tour_list_upcoming

    return tour_list_upcoming(limit=limit, locale=_active_locale(), cover_filters=PAGE_CARD_FILTERS)


# Languages ------------------------------------------------------------------------------------------------------


def page_translation_urls(*, page, request=None) -> dict[str, str]:
    """The address of this page in each language it is live in, by language code.

    Each translation is a page of its own with its own slug, so a language switcher must link to the
    translation rather than re-prefix the current path.
    """
    if not isinstance(page, Page):
        return {}
    urls = {}
    for translation in Page.objects.filter(translation_key=page.translation_key).live().select_related("locale"):
        url = translation.get_url(request=request)
        if url:
            urls[translation.locale.language_code] = url
    return urls


# The content sections linked from every page's main navigation, in this order.
_SECTION_MODELS = [
    ("fairs", "FairIndexPage"),
    ("tours", "TourIndexPage"),
    ("cms", "PromotionIndexPage"),
    ("cms", "NewsIndexPage"),
]


def site_sections(*, language_code: str) -> list[dict]:
    """Live section index pages (fairs, tours, promotions, news) of one language, as {"title", "url"}.

    One query, then cached for five minutes per language: the main navigation renders on every page.
    """
    from django.core.cache import cache
    from django.db.models import Q

    key = f"cms:site-sections:{language_code}"
    sections = cache.get(key)
    if sections is None:
        kinds = Q()
        for app_label, model_name in _SECTION_MODELS:
            kinds |= Q(content_type__app_label=app_label, content_type__model=model_name.lower())
        pages = Page.objects.live().filter(kinds, locale__language_code=language_code).select_related("content_type")
        order = {(app, model.lower()): position for position, (app, model) in enumerate(_SECTION_MODELS)}
        first = {}
        for page in sorted(pages, key=lambda p: p.path):
            first.setdefault((page.content_type.app_label, page.content_type.model), page)
        sections = [
            {"title": page.title, "url": page.get_url()}
            for kind, page in sorted(first.items(), key=lambda item: order[item[0]])
        ]
        cache.set(key, sections, 300)
    return sections
