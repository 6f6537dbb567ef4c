"""Builders that flatten products, producers, regions, fairs and tours into search documents (plain dicts).

They read through the existing selectors, so "public" and "certificate in force" mean what they mean on
the storefront. Each builder takes a list of primary keys and returns the documents of those that are
searchable; a key with no document means "remove it from the index". Fairs and tours are Wagtail pages:
only live, public pages of the default language are documents. The words of their live translations (title,
summary, body) are part of the same document, so one fair matches in both languages; the results page
links to the translation in the active language (``selectors.page_translations_get``).
"""

import html
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from catalogue.selectors import PRICE_BANDS, product_queryset_storefront
from marketplace.partner.selectors import producer_queryset_public
from marketplace.regions.models import FormerUnit, Region
from marketplace.search.text import folded, lowered


def _plain_text(markup: str) -> str:
    """Rich text as searchable words: tags dropped and entities decoded ("&amp;" is "&")."""
    return html.unescape(strip_tags(markup))


Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")

PRODUCT, PRODUCER, REGION, FAIR, TOUR = "product", "producer", "region", "fair", "tour"
KINDS = (PRODUCT, PRODUCER, REGION, FAIR, TOUR)
PAGE_KINDS = (FAIR, TOUR)


def price_band_for(price: int | None) -> str:
    if price is None:
        return ""
    for key, low, high in PRICE_BANDS:
        if (low is None or price >= low) and (high is None or price < high):
            return key
    return ""


def _document(*, kind, obj_id, title, url, summary, parts, **facets) -> dict:
    text = "\n".join(part for part in parts if part)
    return {
        "kind": kind,
        "object_id": obj_id,
        "title": title[:255],
        "url": url[:255],
        "summary": " ".join(summary.split())[:300],
        "title_lower": lowered(title)[:255],
        "text_lower": lowered(text),
        "folded_title": folded(title)[:255],
        "folded_text": folded(text),
        "stars": facets.get("stars"),
        "group": facets.get("group") or "",
        "province": facets.get("province") or "",
        "commune": facets.get("commune") or "",
        "legal_type": facets.get("legal_type") or "",
        "price": facets.get("price"),
        "price_band": price_band_for(facets.get("price")),
        "in_stock": facets.get("in_stock"),
        "created": facets.get("created"),
        "latitude": facets.get("latitude"),
        "longitude": facets.get("longitude"),
    }


def _region_places(region) -> tuple[str, str, list[str]]:
    """(province slug, commune slug, names to search) of a producer's commune/ward, former names included."""
    if region is None:
        return "", "", []
    names = [region.name, region.short_name]
    province = region.parent if region.parent_id else None
    if province is not None:
        names += [province.name, province.short_name]
    names += [unit.name for unit in region.former_units.all()]
    return (province.slug if province else ""), region.slug, names


def _legal_type_names(value: str) -> list[str]:
    label = Partner.LegalType(value).label if value in Partner.LegalType.values else ""
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


def _regions_prefetch(prefix: str) -> Prefetch:
    return Prefetch(f"{prefix}region__former_units", queryset=FormerUnit.objects.order_by("pk"))


def product_documents(*, pks) -> list[dict]:
    """Public products: title, description, producer, group and product set, region, ingredients, origin."""
    roots = {
        category.path: category for category in Category.objects.filter(depth=1).only("path", "slug", "name", "name_en")
    }
    products = (
        product_queryset_storefront()
        .filter(pk__in=list(pks), parent__isnull=True)
        .prefetch_related("categories", _regions_prefetch("stockrecords__partner__"))
    )
    documents = []
    with translation.override(settings.LANGUAGE_CODE):
        for product in products:
            records = sorted(product.stockrecords.all(), key=lambda record: record.pk)
            record = records[0] if records else None
            producer = record.partner if record else None
            province, commune, place_names = _region_places(producer.region if producer else None)
            categories = list(product.categories.all())
            category_names, group = [], ""
            for category in categories:
                category_names += [category.name, category.name_en]
                root = roots.get(category.path[: Category.steplen])
                if root is not None:
                    category_names += [root.name, root.name_en]
                    group = group or root.slug
            price = int(record.price) if record is not None and record.price is not None else None
            description = _plain_text(product.description or "")
            documents.append(
                _document(
                    kind=PRODUCT,
                    obj_id=product.pk,
                    title=product.get_title(),
                    url=product.get_absolute_url(),
                    summary=description,
                    parts=[
                        product.get_title(),
                        producer.name if producer else "",
                        *category_names,
                        *place_names,
                        product.ingredients,
                        product.origin,
                        description,
                    ],
                    stars=product.ocop_stars,
                    group=group,
                    province=province,
                    commune=commune,
                    legal_type=producer.legal_type if producer else "",
                    price=price,
                    in_stock=bool(record and (record.num_in_stock or 0) > (record.num_allocated or 0)),
                    created=product.date_created,
                    latitude=producer.latitude if producer else None,
                    longitude=producer.longitude if producer else None,
                )
            )
    return documents


def producer_documents(*, pks) -> list[dict]:
    """Public producers: name, legal type (both languages), story, address and region, former names too."""
    producers = producer_queryset_public().filter(pk__in=list(pks)).prefetch_related(_regions_prefetch(""))
    documents = []
    with translation.override(settings.LANGUAGE_CODE):
        for producer in producers:
            province, commune, place_names = _region_places(producer.region)
            story = _plain_text(producer.story or "")
            documents.append(
                _document(
                    kind=PRODUCER,
                    obj_id=producer.pk,
                    title=producer.name,
                    url=producer.get_absolute_url(),
                    summary=story,
                    parts=[
                        producer.name,
                        *_legal_type_names(producer.legal_type),
                        producer.street_address,
                        *place_names,
                        story,
                    ],
                    province=province,
                    commune=commune,
                    legal_type=producer.legal_type,
                    latitude=producer.latitude,
                    longitude=producer.longitude,
                )
            )
    return documents


def region_documents(*, pks) -> list[dict]:
    """Provinces and communes/wards: names, short names, the province, and former names (FormerUnit)."""
    regions = (
        Region.objects.exclude(kind=Region.Kind.COUNTRY)
        .filter(pk__in=list(pks))
        .select_related("parent")
        .prefetch_related(Prefetch("former_units", queryset=FormerUnit.objects.order_by("pk")))
    )
    documents = []
    with translation.override(settings.LANGUAGE_CODE):
        for region in regions:
            former = [unit.name for unit in region.former_units.all()]
            if region.is_local_unit:
                province = region.parent
                url = reverse("region-unit", kwargs={"province_slug": province.slug, "unit_slug": region.slug})
                title = f"{region.name}, {province.short_name}"
                province_slug, commune_slug = province.slug, region.slug
                parents = [province.name, province.short_name]
            else:
                url = reverse("region-province", kwargs={"province_slug": region.slug})
                title = region.name
                province_slug, commune_slug, parents = region.slug, "", []
            documents.append(
                _document(
                    kind=REGION,
                    obj_id=region.pk,
                    title=title,
                    url=url,
                    summary=", ".join(former),
                    parts=[region.name, region.short_name, *parents, *former],
                    province=province_slug,
                    commune=commune_slug,
                    latitude=region.latitude,
                    longitude=region.longitude,
                )
            )
    return documents


def _page_models():
    # Imported here: the events apps import marketplace models, not the other way round.
    from events.fairs.models import FairPage
    from events.tours.models import TourPage

    return {FAIR: FairPage, TOUR: TourPage}


def _searchable_pages(model, pks):
    """Live, public pages of the default language among ``pks``."""
    return (
        model.objects.filter(pk__in=list(pks), locale__language_code=settings.LANGUAGE_CODE)
        .live()
        .public()
        .order_by("pk")
    )


def _page_path(page) -> str:
    """The page's path on its site (no host, even with several sites); "" when it is not routable."""
    return urlsplit(page.get_url() or "").path


def _translation_parts(texts) -> list[str]:
    """The searchable words of a page's translations: (title, summary, body, ...) tuples, the body rich text."""
    parts = []
    for title, summary, body, *rest in texts:
        parts += [title, summary, *rest, _plain_text(body or "")]
    return parts


def _local_date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def fair_documents(*, pks) -> list[dict]:
    """Live fairs: title, summary, body, organiser, venue name and address, the venue's place (former names
    too). The summary starts with the dates, so results show them without another query."""
    from events.fairs.selectors import fair_translation_texts

    fairs = (
        _searchable_pages(_page_models()[FAIR], pks)
        .select_related("venue")
        .prefetch_related(
            Prefetch("venue__region", queryset=Region.objects.select_related("parent")),
            _regions_prefetch("venue__"),
        )
    )
    fairs = list(fairs)
    translations = fair_translation_texts(translation_keys=[fair.translation_key for fair in fairs])
    documents = []
    with translation.override(settings.LANGUAGE_CODE):
        for fair in fairs:
            url = _page_path(fair)
            if not url:
                continue
            venue = fair.venue
            province, commune, place_names = _region_places(venue.region if venue else None)
            body = _plain_text(fair.body or "")
            start, end = _local_date(fair.start), _local_date(fair.end)
            dates = start if start == end else f"{start}–{end}"
            documents.append(
                _document(
                    kind=FAIR,
                    obj_id=fair.pk,
                    title=fair.title,
                    url=url,
                    summary=" · ".join(part for part in (dates, fair.summary) if part),
                    parts=[
                        fair.title,
                        fair.summary,
                        fair.organiser,
                        venue.name if venue else "",
                        venue.street_address if venue else "",
                        *place_names,
                        body,
                        *_translation_parts(translations.get(fair.translation_key, [])),
                    ],
                    province=province,
                    commune=commune,
                    created=fair.start,
                    latitude=venue.latitude if venue else None,
                    longitude=venue.longitude if venue else None,
                )
            )
    return documents


def _stop_pk(value, field: str) -> int | None:
    try:
        return int(value.get(field))
    except (TypeError, ValueError):
        return None


def _stop_pks(tours, block_type: str) -> set[int]:
    pks = set()
    for tour in tours:
        for stop in tour.stops.raw_data:
            if stop.get("type") == block_type:
                pk = _stop_pk(stop.get("value") or {}, block_type)
                if pk is not None:
                    pks.add(pk)
    return pks


def _tour_stops(tours) -> dict[int, list[tuple[str, object, object]]]:
    """tour pk → its stops as (names to search, region or None, (lat, lon) or None), in order.

    Read from the StreamField's raw data so that producers and sales points of a whole chunk of tours
    come in two queries, not one per tour.
    """
    from marketplace.shipping.models import SalesPoint

    regions = Prefetch("region", queryset=Region.objects.select_related("parent"))
    producer_pks, sales_point_pks = _stop_pks(tours, "producer"), _stop_pks(tours, "sales_point")
    producers = (
        {p.pk: p for p in Partner.objects.filter(pk__in=producer_pks).prefetch_related(regions, _regions_prefetch(""))}
        if producer_pks
        else {}
    )
    sales_points = (
        {
            s.pk: s
            for s in SalesPoint.objects.filter(pk__in=sales_point_pks).prefetch_related(regions, _regions_prefetch(""))
        }
        if sales_point_pks
        else {}
    )
    stops = {}
    for tour in tours:
        found = []
        for stop in tour.stops.raw_data:
            kind, value = stop.get("type"), stop.get("value") or {}
            text = _plain_text(value.get("text") or "")
            if kind in ("producer", "sales_point"):
                place = (producers if kind == "producer" else sales_points).get(_stop_pk(value, kind))
                if place is None:
                    continue
                point = (place.latitude, place.longitude) if place.latitude is not None else None
                found.append(([place.name, place.street_address, text], place.region, point))
            elif kind == "place":
                lat, lon = value.get("latitude"), value.get("longitude")
                point = (lat, lon) if lat is not None and lon is not None else None
                found.append(([value.get("name") or "", text], None, point))
        stops[tour.pk] = found
    return stops


def tour_documents(*, pks) -> list[dict]:
    """Live tours: title, summary, body, operator, and each stop (producer, sales point or place) with its
    place names, former names too. Facets and the map point come from the first stop that has them."""
    from events.tours.selectors import tour_translation_texts

    tours = list(_searchable_pages(_page_models()[TOUR], pks))
    stops = _tour_stops(tours)
    translations = tour_translation_texts(translation_keys=[tour.translation_key for tour in tours])
    documents = []
    with translation.override(settings.LANGUAGE_CODE):
        for tour in tours:
            url = _page_path(tour)
            if not url:
                continue
            stop_names, region, point = [], None, None
            for names, stop_region, stop_point in stops[tour.pk]:
                stop_names += names
                if stop_region is not None:
                    stop_names += _region_places(stop_region)[2]
                    region = region or stop_region
                point = point or stop_point
            province, commune, _names = _region_places(region)
            documents.append(
                _document(
                    kind=TOUR,
                    obj_id=tour.pk,
                    title=tour.title,
                    url=url,
                    summary=tour.summary,
                    parts=[
                        tour.title,
                        tour.summary,
                        tour.tourist_type,
                        tour.operator_name,
                        *stop_names,
                        _plain_text(tour.body or ""),
                        *_translation_parts(translations.get(tour.translation_key, [])),
                    ],
                    province=province,
                    commune=commune,
                    price=tour.price_min,
                    created=tour.first_published_at,
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                )
            )
    return documents


BUILDERS = {
    PRODUCT: product_documents,
    PRODUCER: producer_documents,
    REGION: region_documents,
    FAIR: fair_documents,
    TOUR: tour_documents,
}


def all_pks(*, kind: str):
    """Every candidate primary key of a kind, in order (the builders decide which are searchable)."""
    Product = get_model("catalogue", "Product")
    model = {PRODUCT: Product, PRODUCER: Partner, REGION: Region, **_page_models()}[kind]
    return model.objects.order_by("pk").values_list("pk", flat=True)
