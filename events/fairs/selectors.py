"""Reads for trade fairs, with the prefetching that keeps the list pages' query counts flat."""

import calendar
import dataclasses
import datetime
import re

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from catalogue.selectors import product_queryset_storefront
from events.fairs.models import (
    COVER_CARD_FILTER,
    COVER_WIDE_FILTER,
    BoothApplication,
    FairIndexPage,
    FairPage,
    local_zone,
)
from marketplace.regions.models import Region

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_current() -> datetime.date:
    today = timezone.localdate()
    return today.replace(day=1)


@dataclasses.dataclass(frozen=True)
class FairFilters:
    """The index's filters, parsed: ``month`` is the first day of a month, ``province`` a Region."""

    month: datetime.date | None = None
    province: Region | None = None

    def as_kwargs(self) -> dict:
        return {"month": self.month, "province": self.province}

    @property
    def month_value(self) -> str:
        return self.month.strftime("%Y-%m") if self.month else ""


def fair_filters_parse(*, month: str | None, province: str | None) -> FairFilters:
    """Read ``?month=YYYY-MM&province=<slug>``; anything unreadable is ignored rather than an error."""
    parsed_month = None
    match = _MONTH.match((month or "").strip())
    if match:
        year, number = int(match.group(1)), int(match.group(2))
        if 1 <= number <= 12 and 2000 <= year <= 2100:
            parsed_month = datetime.date(year, number, 1)
    parsed_province = None
    if province:
        parsed_province = Region.objects.provinces().filter(slug=province.strip()[:128]).first()
    return FairFilters(month=parsed_month, province=parsed_province)


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = local_zone()
    first = datetime.datetime.combine(month, datetime.time.min, tzinfo=zone)
    days = calendar.monthrange(month.year, month.month)[1]
    after = first + datetime.timedelta(days=days)
    return first, after


def _image_prefetch(field: str, *filters: str) -> Prefetch:
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(*filters))


def fair_queryset(
    *, index: FairIndexPage | None = None, cover_filters: tuple[str, ...] = (COVER_CARD_FILTER, COVER_WIDE_FILTER)
) -> QuerySet:
    """Live fairs (of one index, i.e. one language) with their venue, place and cover renditions
    (those of ``cover_filters``: what the page showing them asks for)."""
    fairs = FairPage.objects.live().select_related("venue__region__parent")
    if index is not None:
        fairs = fairs.child_of(index)
    return fairs.prefetch_related(_image_prefetch("cover_image", *cover_filters))


def _upcoming(fairs: QuerySet, *, now: datetime.datetime | None = None) -> QuerySet:
    """The fairs not yet over (they end now or later), soonest first: what "upcoming" means for a fair."""
    return fairs.filter(end__gte=now or timezone.now()).order_by("start", "pk")


def fair_list(
    *,
    index: FairIndexPage | None = None,
    when: str = "upcoming",
    month: datetime.date | None = None,
    province: Region | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet:
    """Fairs not yet over, soonest first (``when="upcoming"``), or those over, latest first (``"past"``).

    ``month`` keeps fairs that overlap that month; ``province`` those whose venue is in it.
    """
    now = now or timezone.now()
    fairs = fair_queryset(index=index)
    if month is not None:
        first, after = _month_bounds(month)
        fairs = fairs.filter(start__lt=after, end__gte=first)
    if province is not None:
        fairs = fairs.filter(venue__region__parent=province)
    if when == "past":
        return fairs.filter(end__lt=now).order_by("-start", "-pk")
    return _upcoming(fairs, now=now)


def fair_list_upcoming(
    *,
    limit: int,
    locale=None,
    now: datetime.datetime | None = None,
    cover_filters: tuple[str, ...] = (COVER_CARD_FILTER, COVER_WIDE_FILTER),
) -> list:
    """The next ``limit`` fairs not yet over, soonest first, as the index lists them; of one language
    (a Wagtail ``locale``) when given. The home page's fairs block shows these."""
    fairs = fair_queryset(cover_filters=cover_filters)
    if locale is not None:
        fairs = fairs.filter(locale=locale)
    return list(_upcoming(fairs, now=now)[:limit])


def fair_province_list(*, index: FairIndexPage) -> QuerySet:
    """The provinces that have a fair in this index, for the filter."""
    fair_venues = FairPage.objects.live().child_of(index).values("venue__region__parent")
    return Region.objects.filter(pk__in=fair_venues).order_by("name")


@dataclasses.dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    fairs: list


def fair_calendar_month(*, index: FairIndexPage, month: datetime.date, province: Region | None = None) -> dict:
    """A month grid (weeks from Monday) with the fairs on each of their days, and the neighbouring months."""
    fairs = list(fair_queryset(index=index).filter(**_overlap(month)).order_by("start", "pk"))
    if province is not None:
        fairs = [fair for fair in fairs if fair.venue and fair.venue.region.parent_id == province.pk]
    zone = local_zone()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        days = []
        for day in week:
            on_day = [
                fair for fair in fairs if fair.start.astimezone(zone).date() <= day <= fair.end.astimezone(zone).date()
            ]
            days.append(CalendarDay(date=day, in_month=day.month == month.month, fairs=on_day))
        weeks.append(days)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"month": month, "weeks": weeks, "previous": previous, "following": following, "fairs": fairs}


def _overlap(month: datetime.date) -> dict:
    first, after = _month_bounds(month)
    return {"start__lt": after, "end__gte": first}


def fair_canonical(*, fair: FairPage) -> FairPage:
    """The fair in the default language: booth applications and capacity belong to it, whatever the language."""
    if fair.locale.language_code == settings.LANGUAGE_CODE:
        return fair
    original = (
        FairPage.objects.filter(translation_key=fair.translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .select_related("locale")
        .first()
    )
    return original or fair


def booth_application_queryset() -> QuerySet:
    return BoothApplication.objects.select_related("fair", "producer__region__parent", "applicant", "decided_by")


def booth_application_list(*, fair: FairPage | None = None, status: str | None = None) -> QuerySet:
    """Applications for the officers' list: newest first, optionally of one fair and status."""
    applications = booth_application_queryset().prefetch_related("products").order_by("-submitted_at", "-pk")
    if fair is not None:
        applications = applications.filter(fair=fair_canonical(fair=fair))
    if status:
        applications = applications.filter(status=status)
    return applications


def booth_application_get(*, pk: int) -> BoothApplication:
    return booth_application_queryset().prefetch_related("products").get(pk=pk)


def booth_application_for_producer(*, fair: FairPage, producer) -> BoothApplication | None:
    return BoothApplication.objects.filter(fair=fair_canonical(fair=fair), producer=producer).first()


def booth_approved_count(*, fair: FairPage) -> int:
    return BoothApplication.objects.filter(
        fair=fair_canonical(fair=fair), status=BoothApplication.Status.APPROVED
    ).count()


def producer_for_user(*, user):
    """The producer the user works for (``Partner.users``), or None: who may apply for a booth."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Partner.objects.filter(users=user).order_by("pk").first()


def producer_product_queryset(*, producer) -> QuerySet:
    """The producer's own public products (its stock records), by title."""
    return Product.objects.filter(is_public=True, stockrecords__partner=producer).distinct().order_by("title", "pk")


def fair_exhibitor_list(*, fair: FairPage) -> list:
    """The approved applications, by producer name, with producer, place and products in three queries."""
    products = Product.objects.filter(is_public=True).order_by("title", "pk")
    return list(
        BoothApplication.objects.filter(fair=fair_canonical(fair=fair), status=BoothApplication.Status.APPROVED)
        .select_related("producer__region__parent")
        .prefetch_related(Prefetch("products", queryset=products))
        .order_by("producer__name", "pk")
    )


def fair_featured_products(*, fair: FairPage) -> list:
    """The fair's featured products as storefront cards (stars, price, producer), in the editor's order."""
    ids = [item.product_id for item in fair.featured_products.all()]
    by_id = {product.pk: product for product in product_queryset_storefront().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def fair_structured_data(*, fair: FairPage, request) -> dict:
    """schema.org Event for search engines: dates, place with address and coordinates, organiser, image."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": fair.title,
        "startDate": fair.start.astimezone(local_zone()).isoformat(),
        "endDate": fair.end.astimezone(local_zone()).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": fair.get_full_url(request=request),
    }
    if fair.summary:
        data["description"] = fair.summary
    venue = fair.venue
    if venue is not None:
        address = {"@type": "PostalAddress", "addressCountry": "VN"}
        if venue.street_address:
            address["streetAddress"] = venue.street_address
        if venue.region_id:
            address["addressLocality"] = venue.region.name
            if venue.region.parent_id:
                address["addressRegion"] = venue.region.parent.name
        place = {"@type": "Place", "name": venue.name, "address": address}
        if venue.has_coordinates:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
        data["location"] = place
    if fair.organiser:
        data["organizer"] = {"@type": "Organization", "name": fair.organiser}
    if fair.cover_image_id:
        rendition = fair.cover_image.get_rendition(COVER_WIDE_FILTER)
        data["image"] = [request.build_absolute_uri(rendition.url)]
    return data


def fair_map_markers(*, fair: FairPage) -> list[dict]:
    """The venue as the one marker of the region-map script."""
    venue = fair.venue
    if venue is None or not venue.has_coordinates:
        return []
    return [
        {"name": venue.name, "address": venue.full_address, "lat": venue.latitude, "lon": venue.longitude, "url": "#"}
    ]


def fair_page_context(*, fair: FairPage, request) -> dict:
    """Everything a fair page shows beyond its own fields."""
    now = timezone.now()
    canonical = fair_canonical(fair=fair)
    producer = producer_for_user(user=request.user)
    own = booth_application_for_producer(fair=canonical, producer=producer) if producer else None
    return {
        "sessions": list(fair.sessions.all()),
        "gallery": list(
            fair.gallery_images.select_related("image").prefetch_related(
                _image_prefetch("image", "fill-400x300|format-webp")
            )
        ),
        "documents": list(fair.documents.select_related("document")),
        "featured": fair_featured_products(fair=fair),
        "exhibitors": fair_exhibitor_list(fair=canonical),
        "registration_open": canonical.registration_closes > now and canonical.end > now,
        "booths_left": max(canonical.booth_capacity - booth_approved_count(fair=canonical), 0),
        "own_application": own,
        "structured_data": fair_structured_data(fair=fair, request=request),
        "map_markers": fair_map_markers(fair=fair),
        "map_tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "is_past": fair.end < now,
    }


def fair_translation_texts(*, translation_keys) -> dict:
    """translation_key → [(title, summary, body)] of the live, public translations (other languages than the
    default) of these fairs, in pk order: their words are searched with the default-language fair's document.
    One query."""
    keys = list(translation_keys)
    if not keys:
        return {}
    pages = (
        FairPage.objects.filter(translation_key__in=keys)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .live()
        .public()
        .order_by("pk")
        .values_list("translation_key", "title", "summary", "body")
    )
    texts = {}
    for key, title, summary, body in pages:
        texts.setdefault(key, []).append((title, summary, body))
    return texts


def fair_default_language_ids(*, translation_key) -> list[int]:
    """The default-language fair a translation belongs to (its search document), as a list (empty or one)."""
    return list(
        FairPage.objects.filter(translation_key=translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
