"""Reads for tour pages: the itinerary with its producers and sales points, departures, products, map and JSON-LD.

A tour page's query count does not grow with its stops: producers, sales points and images are each read in
one query, from the StreamField's raw data.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.html import strip_tags
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from catalogue.selectors import product_list_storefront, product_queryset_storefront

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
SalesPoint = get_model("shipping", "SalesPoint")

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TOUR_PRODUCTS_LIMIT = 12
# Renditions the templates ask for: cover and stop images (srcset) and the JSON-LD / social image.
STOP_IMAGE_FILTERS = ("width-400|format-webp", "width-800|format-webp")
COVER_IMAGE_FILTERS = ("width-400|format-webp", "width-800|format-webp", "fill-1200x630|format-webp")


def _today() -> datetime.date:
    return timezone.localdate()


@dataclass
class TourStop:
    """One stop of the itinerary, ready for the template, the map, the API and JSON-LD."""

    kind: str  # "producer", "sales_point" or "place"
    name: str
    time: datetime.time | None = None
    text: RichText | None = None
    image: object | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    url: str = ""
    producer: object | None = None
    sales_point: object | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _time(value) -> datetime.time | None:
    if not value:
        return None
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value))
    except ValueError:
        return None


def tour_departures_upcoming(*, tour, today: datetime.date | None = None) -> list:
    """The tour's departures from today on, earliest first (one per date)."""
    today = today or _today()
    seen, upcoming = set(), []
    for departure in sorted(tour.departures.all(), key=lambda d: d.date):
        if departure.date >= today and departure.date not in seen:
            seen.add(departure.date)
            upcoming.append(departure)
    return upcoming


def tour_departure_is_bookable(*, tour, date: datetime.date, today: datetime.date | None = None) -> bool:
    """Whether a visitor may ask for this date: one of the tour's departures, not in the past."""
    return any(departure.date == date for departure in tour_departures_upcoming(tour=tour, today=today))


def tour_itinerary(*, tour) -> list[TourStop]:
    """The stops in order; a stop whose producer or sales point has gone is left out."""
    raw = [dict(item) for item in tour.stops.raw_data]
    ids = {"producer": set(), "sales_point": set(), "image": set()}
    for item in raw:
        value = item.get("value") or {}
        if item.get("type") in ("producer", "sales_point") and value.get(item["type"]):
            ids[item["type"]].add(value[item["type"]])
        if value.get("image"):
            ids["image"].add(value["image"])
    producers = Partner.objects.select_related("region__parent").in_bulk(ids["producer"]) if ids["producer"] else {}
    sales_points = (
        SalesPoint.objects.select_related("region__parent").in_bulk(ids["sales_point"]) if ids["sales_point"] else {}
    )
    images = (
        {image.pk: image for image in get_image_model().objects.filter(pk__in=ids["image"]).prefetch_renditions()}
        if ids["image"]
        else {}
    )
    stops = []
    for item in raw:
        kind, value = item.get("type"), item.get("value") or {}
        common = {
            "kind": kind,
            "time": _time(value.get("time")),
            "text": RichText(value["text"]) if value.get("text") else None,
            "image": images.get(value.get("image")),
        }
        if kind == "producer":
            producer = producers.get(value.get("producer"))
            if producer is None:
                continue
            stop = TourStop(
                name=producer.name,
                latitude=producer.latitude,
                longitude=producer.longitude,
                address=producer.full_address,
                url=producer.get_absolute_url(),
                producer=producer,
                **common,
            )
        elif kind == "sales_point":
            point = sales_points.get(value.get("sales_point"))
            if point is None:
                continue
            stop = TourStop(
                name=point.name,
                latitude=point.latitude,
                longitude=point.longitude,
                address=point.full_address,
                sales_point=point,
                **common,
            )
        elif kind == "place":
            stop = TourStop(
                name=value.get("name") or "", latitude=value.get("latitude"), longitude=value.get("longitude"), **common
            )
        else:
            continue
        stops.append(stop)
    return stops


def tour_map_markers(*, stops: list[TourStop]) -> list[dict]:
    """Markers for the stops that have coordinates (JSON-ready, the shape region-map.js draws)."""
    return [
        {
            "name": f"{number}. {stop.name}",
            "lat": stop.latitude,
            "lon": stop.longitude,
            "url": stop.url,
            "address": stop.address,
        }
        for number, stop in enumerate(stops, 1)
        if stop.has_coordinates
    ]


def tour_product_list(*, tour, stops: list[TourStop], limit: int = TOUR_PRODUCTS_LIMIT) -> list:
    """Products on this tour: the hand-picked ones first, then the stops' producers' certified products."""
    picked_ids = [item.product_id for item in tour.hand_picked_products.all()]
    picked = {}
    if picked_ids:
        picked = {product.pk: product for product in product_queryset_storefront().filter(pk__in=picked_ids)}
    products = [picked[pk] for pk in dict.fromkeys(picked_ids) if pk in picked]
    producer_ids = {stop.producer.pk for stop in stops if stop.producer is not None}
    if producer_ids and len(products) < limit:
        sold_here = StockRecord.objects.filter(product=OuterRef("pk"), partner_id__in=producer_ids)
        from_producers = (
            product_list_storefront(certified_only=True)
            .filter(Exists(sold_here))
            .exclude(pk__in=[product.pk for product in products])
        )
        products += list(from_producers[: limit - len(products)])
    return products[:limit]


def tour_list_published(*, index, today: datetime.date | None = None) -> list:
    """The live tours under an index, those with the nearest upcoming departure first, then those without."""
    from events.tours.models import TourPage

    today = today or _today()
    tours = list(
        TourPage.objects.child_of(index)
        .live()
        .select_related("cover_image")
        .prefetch_related("departures", "cover_image__renditions")
    )
    for tour in tours:
        upcoming = tour_departures_upcoming(tour=tour, today=today)
        tour.next_departure = upcoming[0] if upcoming else None
    far = datetime.date.max
    return sorted(tours, key=lambda t: (t.next_departure.date if t.next_departure else far, t.title))


def tour_list_upcoming(
    *,
    limit: int,
    locale=None,
    today: datetime.date | None = None,
    cover_filters: tuple[str, ...] = COVER_IMAGE_FILTERS,
) -> list:
    """The next ``limit`` live tours that have a departure from today on, the nearest departure first (then by
    title, as the index orders them); of one language (a Wagtail ``locale``) when given. A tour whose
    departures are all past, or that has none, is not upcoming. Each carries ``next_departure_date``.
    The home page's tours block shows these; one query for the tours, two for their covers."""
    from events.tours.models import TourDeparture, TourPage

    today = today or _today()
    # The same rule as ``tour_departures_upcoming`` (from today on), in SQL.
    next_date = TourDeparture.objects.filter(page=OuterRef("pk"), date__gte=today).order_by("date").values("date")[:1]
    tours = TourPage.objects.live().annotate(next_departure_date=Subquery(next_date))
    if locale is not None:
        tours = tours.filter(locale=locale)
    images = get_image_model().objects.prefetch_renditions(*cover_filters)
    return list(
        tours.filter(next_departure_date__isnull=False)
        .prefetch_related(Prefetch("cover_image", queryset=images))
        .order_by("next_departure_date", "title", "pk")[:limit]
    )


def _duration_text(tour) -> str:
    from django.utils.translation import ngettext

    days = ngettext("%(count)d day", "%(count)d days", tour.duration_days) % {"count": tour.duration_days}
    if not tour.duration_nights:
        return days
    nights = ngettext("%(count)d night", "%(count)d nights", tour.duration_nights) % {"count": tour.duration_nights}
    return f"{days} {nights}"


def tour_structured_data(*, tour, request, stops: list[TourStop]) -> dict:
    """schema.org TouristTrip: itinerary as an ItemList of places, offers in VND, provider and tourist types."""
    url = request.build_absolute_uri(tour.get_url(request))
    data = {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "name": tour.title,
        "description": strip_tags(tour.summary).strip(),
        "url": url,
        "inLanguage": tour.locale.language_code,
        "itinerary": {
            "@type": "ItemList",
            "numberOfItems": len(stops),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "item": _place(stop, request)}
                for position, stop in enumerate(stops, 1)
            ],
        },
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "VND",
            # Whole đồng: no decimals.
            "lowPrice": str(int(tour.price_min)),
            "highPrice": str(int(tour.price_max)),
            "url": url,
        },
        "provider": {"@type": "Organization", "name": tour.operator_name},
    }
    if tour.operator_phone:
        data["provider"]["telephone"] = tour.operator_phone
    if tour.tourist_types:
        data["touristType"] = tour.tourist_types
    if tour.cover_image_id:
        rendition = tour.cover_image.get_rendition("fill-1200x630|format-webp")
        data["image"] = request.build_absolute_uri(rendition.url)
    return data


def _place(stop: TourStop, request) -> dict:
    place = {"@type": "Place", "name": stop.name}
    if stop.address:
        place["address"] = stop.address
    if stop.url:
        place["url"] = request.build_absolute_uri(stop.url)
    if stop.has_coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": stop.latitude, "longitude": stop.longitude}
    return place


def tour_detail_context(*, tour, request) -> dict:
    """Everything the tour page shows besides the page's own fields."""
    stops = tour_itinerary(tour=tour)
    return {
        "stops": stops,
        "departures": tour_departures_upcoming(tour=tour),
        "duration_text": _duration_text(tour),
        "tour_products": tour_product_list(tour=tour, stops=stops),
        "map_markers": tour_map_markers(stops=stops),
        "map_tiles": OSM_TILES,
        "structured_data": tour_structured_data(tour=tour, request=request, stops=stops),
    }


def tour_stops_api(*, tour) -> list[dict]:
    """The itinerary for API v2."""
    return [
        {
            "kind": stop.kind,
            "name": stop.name,
            "time": stop.time.isoformat(timespec="minutes") if stop.time else None,
            "text": str(stop.text) if stop.text else "",
            "image": stop.image.pk if stop.image else None,
            "latitude": stop.latitude,
            "longitude": stop.longitude,
            "address": stop.address,
            "producer": {"id": stop.producer.pk, "name": stop.producer.name, "slug": stop.producer.slug}
            if stop.producer
            else None,
            "sales_point": {"id": stop.sales_point.pk, "name": stop.sales_point.name} if stop.sales_point else None,
        }
        for stop in tour_itinerary(tour=tour)
    ]


def tour_ids_stopping_at(*, producer_id: int) -> list[int]:
    """Default-language tours with a stop at this producer (their search documents carry its name).

    Read from the StreamField's raw data: tours are few next to producers, and the stops are JSON.
    """
    from django.conf import settings

    from events.tours.models import TourPage

    tours = TourPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).only("pk", "stops")
    found = []
    for tour in tours.order_by("pk"):
        for stop in tour.stops.raw_data:
            value = stop.get("value") or {}
            if stop.get("type") == "producer" and str(value.get("producer")) == str(producer_id):
                found.append(tour.pk)
                break
    return found


def tour_ids_stopping_at_any(*, producer_ids=(), sales_point_ids=()) -> list[int]:
    """Default-language tours with a stop at any of these producers or sales points (their search
    documents carry the stop's name, address and place), in pk order.

    Like ``tour_ids_stopping_at``, read from the StreamField's raw data, where a stop's key may be stored as
    a number or a string.
    """
    from django.conf import settings

    from events.tours.models import TourPage

    wanted = {
        "producer": {str(pk) for pk in producer_ids},
        "sales_point": {str(pk) for pk in sales_point_ids},
    }
    if not wanted["producer"] and not wanted["sales_point"]:
        return []
    tours = TourPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).only("pk", "stops")
    found = []
    for tour in tours.order_by("pk"):
        for stop in tour.stops.raw_data:
            kind, value = stop.get("type"), stop.get("value") or {}
            if kind in wanted and str(value.get(kind)) in wanted[kind]:
                found.append(tour.pk)
                break
    return found


def tour_translation_texts(*, translation_keys) -> dict:
    """translation_key → [(title, summary, body, tourist_type)] of the live, public translations (other
    languages than the default) of these tours, in pk order: their words are searched with the
    default-language tour's document. One query."""
    from django.conf import settings

    from events.tours.models import TourPage

    keys = list(translation_keys)
    if not keys:
        return {}
    pages = (
        TourPage.objects.filter(translation_key__in=keys)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .live()
        .public()
        .order_by("pk")
        .values_list("translation_key", "title", "summary", "body", "tourist_type")
    )
    texts = {}
    for key, *text in pages:
        texts.setdefault(key, []).append(tuple(text))
    return texts


def tour_default_language_ids(*, translation_key) -> list[int]:
    """The default-language tour a translation belongs to (its search document), as a list (empty or one)."""
    from django.conf import settings

    from events.tours.models import TourPage

    return list(
        TourPage.objects.filter(translation_key=translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
