"""Reads of the region tree: resolving names (current and former), and what the region pages show."""

import re
import unicodedata
import uuid
from functools import cache

from django.db.models import Count, Q, QuerySet
from oscar.core.loading import get_model

from catalogue.selectors import product_list_storefront
from marketplace.core.text import fold
from marketplace.regions.models import FormerUnit, Region

Partner = get_model("partner", "Partner")

# Unit words people put before a name: "thành phố Việt Trì", "TP. Việt Trì", "huyện Thanh Ba".
_UNIT_WORDS = (
    "thành phố",
    "tp.",
    "tp",
    "thị xã",
    "tx.",
    "tx",
    "thị trấn",
    "quận",
    "huyện",
    "phường",
    "xã",
    "tỉnh",
    "đặc khu",
)


def region_query_candidates(*, query: str) -> list[str]:
    """What a place query may mean, folded, most likely first: "TP. Việt Trì, Phú Thọ" → ["viet tri"].

    Only the first comma-separated part counts. A leading unit word written with its marks ("Quận",
    "Phường") is dropped; written otherwise it may be part of a name ("Quan Hóa", "Phương Liễu"), so the
    whole name comes first and the name without the word second. Empty when there is nothing to find.
    """
    text = unicodedata.normalize("NFC", " ".join(query.split(",")[0].lower().split()))
    folded = fold(text)
    if not folded:
        return []
    for word in _UNIT_WORDS:
        folded_word = fold(word)
        if not folded.startswith(folded_word):
            continue
        rest = folded[len(folded_word) :]
        if rest[:1] != " " and not (word.endswith(".") and rest):
            continue
        rest = rest.strip()
        if not rest:
            break
        if text.startswith(word):
            return [rest]
        return [folded, rest]  # without its marks it may be part of a name: "Quan Hóa", "Phương Liễu"
    return [folded]


@cache
def _letter_variants() -> dict[str, str]:
    """Each ASCII letter → every letter (both cases) that folds to it: "d" → "dDđĐ", "a" → "aàá…Ạ"."""
    variants: dict[str, set[str]] = {}
    for codepoint in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(codepoint)
        base = fold(char)
        if char.isalpha() and len(base) == 1 and "a" <= base <= "z":
            variants.setdefault(base, set()).update({char, char.upper(), char.lower()})
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


def _name_regex(folded: str) -> str:
    """An anchored regular expression matching the names whose fold is ``folded`` (PostgreSQL and SQLite)."""
    variants = _letter_variants()
    words = []
    for word in folded.split():
        words.append("".join(f"[{variants[ch]}]" if ch in variants else re.escape(ch) for ch in word))
    return r"^" + r"\s+".join(words) + r"$"


def region_resolve(*, query: str) -> list[Region]:
    """The current units a place name means, in one query (two when a leading word may be a unit word).

    Units whose name or short name folds to the query ("viet tri" → Phường Việt Trì), and the units that
    replaced a former unit of that name ("Thành phố Việt Trì" → the wards of Phú Thọ that replaced the city).
    """
    for folded in region_query_candidates(query=query):
        pattern = _name_regex(folded)
        successors = FormerUnit.successors.through.objects.filter(formerunit__folded_name=folded).values("region_id")
        regions = list(
            Region.objects.exclude(kind=Region.Kind.COUNTRY)
            .filter(Q(short_name__regex=pattern) | Q(name__regex=pattern) | Q(pk__in=successors))
            .select_related("parent")
            .order_by("parent__code", "code")
        )
        if regions:
            return regions
    return []


def former_unit_list_matching(*, query: str) -> list[FormerUnit]:
    """Former units whose name is the query: what a search for an old name was about."""
    for folded in region_query_candidates(query=query):
        units = list(FormerUnit.objects.filter(folded_name=folded).order_by("level", "code"))
        if units:
            return units
    return []


def former_unit_history(*, region: Region) -> dict[str, list[FormerUnit]]:
    """What a current unit was before 1 July 2025, in one query.

    ``formed_from``: the former units of its own level it took in, whole or in part (the wards merged into a
    ward, the provinces merged into a province); ``formerly_part_of``: the former districts it lay in.
    """
    history: dict[str, list[FormerUnit]] = {"formed_from": [], "formerly_part_of": []}
    own_level = FormerUnit.Level.WARD if region.is_local_unit else FormerUnit.Level.PROVINCE
    for unit in region.former_units.order_by("code"):
        if unit.level == own_level:
            history["formed_from"].append(unit)
        elif unit.level == FormerUnit.Level.DISTRICT:
            history["formerly_part_of"].append(unit)
    return history


# Region pages


def province_list_with_producer_counts() -> QuerySet:
    """Provinces and centrally-run cities in GSO order, each with how many public producers it has."""
    return (
        Region.objects.provinces()
        .annotate(
            producer_count=Count("children__producers", filter=Q(children__producers__slug__isnull=False)),
        )
        .order_by("code")
    )


def province_get_by_slug(*, slug: str) -> Region:
    """A province by its slug; ``Region.DoesNotExist`` otherwise."""
    return Region.objects.provinces().get(slug=slug)


def local_unit_get_by_slug(*, province: Region, slug: str) -> Region:
    """A commune, ward or special zone of the province; ``Region.DoesNotExist`` otherwise."""
    unit = Region.objects.local_units().get(parent=province, slug=slug)
    unit.parent = province
    return unit


def local_unit_list_with_producers(*, province: Region) -> QuerySet:
    """The communes and wards of a province that have public producers, with their counts."""
    return (
        Region.objects.filter(parent=province)
        .annotate(producer_count=Count("producers", filter=Q(producers__slug__isnull=False)))
        .filter(producer_count__gt=0)
        .order_by("name")
    )


def _producer_region_q(region: Region, prefix: str = "") -> Q:
    if region.is_local_unit:
        return Q(**{f"{prefix}region": region})
    return Q(**{f"{prefix}region__parent": region})


def producer_list_in_region(*, region: Region) -> QuerySet:
    """Public producers of a province (all its communes and wards) or of one commune/ward, by name."""
    return (
        Partner.objects.filter(_producer_region_q(region))
        .exclude(slug__isnull=True)
        .select_related("region__parent")
        .order_by("name", "pk")
    )


def product_list_certified_in_region(*, region: Region, images: bool = True) -> QuerySet:
    """Products with a certificate in force sold by producers of the region, newest first.

    The catalogue's own selector with its region filter, so both pages agree and share its indexes.
    """
    return product_list_storefront(region=region, certified_only=True, images=images)


# How many producers a region page names before linking to the full, paginated list.
PRODUCER_PREVIEW = 12
PRODUCER_SUMMARY_SECONDS = 300


def region_page_summary(*, region: Region, preview: int | None = None) -> dict:
    """What a region page shows besides its products, read in one aggregate query and one cache round trip.

    ``producers``: their number, the first ``preview`` by name and the map markers; ``local_units``: for a
    province, its communes and wards with producers; ``sales_points``: the active OCOP sales points there;
    ``former``: what the place was before July 2025. Read once per place, language and set of producers
    (their number and newest id) and kept for five minutes: a new producer shows at once, a renamed or moved
    one, or a sales point opened, edited or closed, within five minutes. ``stamp`` is new with each reading,
    for the HTML rendered from it.
    """
    from django.core.cache import cache
    from django.db.models import Max
    from django.utils.translation import get_language

    preview = PRODUCER_PREVIEW if preview is None else preview
    producers = producer_list_in_region(region=region)
    stamp = producers.aggregate(count=Count("pk"), newest=Max("pk"))
    key = f"region-page:v2:{region.pk}:{get_language()}:{stamp['count']}:{stamp['newest']}:{preview}"
    summary = cache.get(key)
    if summary is None:
        rows = list(producers)  # already with their commune and province, for the addresses
        summary = {
            "producers": {
                "count": stamp["count"],
                "preview": [
                    {
                        "name": producer.name,
                        "url": producer.get_absolute_url(),
                        "legal_type": producer.get_legal_type_display(),
                        "address": producer.full_address,
                    }
                    for producer in rows[:preview]
                ],
                "markers": producer_map_markers(producers=rows),
            },
            # Plain values: a province has up to a few hundred, and model instances are slow to unpickle.
            "local_units": []
            if region.is_local_unit
            else list(local_unit_list_with_producers(province=region).values("name", "slug", "producer_count")),
            "sales_points": _sales_point_rows(region=region),
            "former": former_unit_history(region=region),
            # Names this reading: HTML cached from it (the page's communes list) is keyed by it.
            "stamp": uuid.uuid4().hex,
        }
        cache.set(key, summary, PRODUCER_SUMMARY_SECONDS)
    return summary


def producer_map_markers(*, producers) -> list[dict]:
    """Map markers for the producers that have stored coordinates (JSON-ready)."""
    return [
        {
            "name": producer.name,
            "lat": producer.latitude,
            "lon": producer.longitude,
            "url": producer.get_absolute_url(),
            "address": producer.full_address,
        }
        for producer in producers
        if producer.latitude is not None and producer.longitude is not None
    ]


def province_get_by_code(*, code: str) -> Region | None:
    """A province or centrally-run city by its GSO code; None for anything else (a commune's code too)."""
    return Region.objects.provinces().filter(code=code).first()


def province_list() -> QuerySet:
    """The provinces and centrally-run cities by name (for address forms)."""
    return Region.objects.provinces().order_by("name")


def local_unit_list(*, province: Region | int | None) -> QuerySet:
    """A province's communes, wards and special zones by name (for address forms); none without a province."""
    if not province:
        return Region.objects.none()
    return Region.objects.local_units().filter(parent=province).order_by("name")


def local_unit_options(*, province: Region) -> list[dict]:
    """A province's communes and wards for the chained address selects: id, GSO code and name, by name
    (one query)."""
    return list(local_unit_list(province=province).values("id", "code", "name"))


def local_unit_queryset() -> QuerySet:
    """Every commune, ward and special zone, with its province: what an address may point at."""
    return Region.objects.local_units().select_related("parent")


def place_get_by_slugs(*, province_slug: str, unit_slug: str = "") -> Region | None:
    """The province of that slug, or its commune/ward of ``unit_slug`` when given; None when either is unknown.

    (Slugs are unique only within their parent: a ward and a province may share one.)
    """
    province = Region.objects.provinces().filter(slug=province_slug).first()
    if province is None or not unit_slug:
        return province
    return Region.objects.local_units().filter(parent=province, slug=unit_slug).first()


def sales_point_list_in_region(*, region: Region) -> list:
    """Active OCOP sales points of a province or of one commune/ward, with the producers they serve."""
    SalesPoint = get_model("shipping", "SalesPoint")
    return list(
        SalesPoint.objects.filter(_producer_region_q(region), is_active=True)
        .select_related("region__parent")
        .prefetch_related("producers")
        .order_by("name")
    )


def _sales_point_rows(*, region: Region) -> list[dict]:
    """The sales points as the region page shows them (plain data, for the cached summary)."""
    return [
        {
            "name": point.name,
            "address": point.full_address,
            "opening_hours": point.opening_hours,
            "phone": point.phone,
            "producers": [
                {"name": producer.name, "url": producer.get_absolute_url() if producer.slug else None}
                for producer in point.producers.all()
            ],
        }
        for point in sales_point_list_in_region(region=region)
    ]


FAIR_IDS_SECONDS = 300


class UpcomingFairs:
    """A place's upcoming fairs for its page: what their cards show, read in one light query of plain values;
    the pages themselves are loaded only if something iterates over them (the cards' HTML was not cached).
    """

    # Everything a card shows (fairs/partials/fair_card.html): the cards' cache key is made of these.
    SHOWN = (
        "pk",
        "url_path",
        "title",
        "start",
        "end",
        "summary",
        "last_published_at",
        "cover_image_id",
        "cover_image__file",
        "venue__name",
        "venue__region__parent__name",
    )

    def __init__(self, shown: list[tuple]):
        self.shown = shown
        self._pages = None

    def __len__(self):
        return len(self.shown)

    def __bool__(self):
        return bool(self.shown)

    def __iter__(self):
        if self._pages is None:
            from events.fairs.selectors import fair_queryset

            ids = [row[0] for row in self.shown]
            by_id = {fair.pk: fair for fair in fair_queryset().filter(pk__in=ids)}
            self._pages = [by_id[pk] for pk in ids if pk in by_id]
        return iter(self._pages)


def fair_list_upcoming_in_region(*, region: Region, limit: int = 6) -> UpcomingFairs:
    """Upcoming trade fairs held in a province or one commune/ward, in the visitor's language, soonest first.

    Which fairs those are is kept for five minutes per place and language (most places have none, and their
    pages then ask nothing more); what their cards show is read fresh, so an edited, unpublished or ended fair
    changes the page at once.
    """
    from django.core.cache import cache
    from django.utils import timezone
    from django.utils.translation import get_language
    from wagtail.models import Locale

    from events.fairs.models import FairPage
    from events.fairs.selectors import fair_list

    key = f"region-fairs:{region.pk}:{get_language()}:{limit}"
    ids = cache.get(key)
    if ids is None:
        venue_q = Q(venue__region=region) if region.is_local_unit else Q(venue__region__parent=region)
        # The fairs app's "upcoming" (not yet over, soonest first).
        ids = list(
            fair_list(when="upcoming").filter(venue_q, locale=Locale.get_active()).values_list("pk", flat=True)[:limit]
        )
        cache.set(key, ids, FAIR_IDS_SECONDS)
    if not ids:
        return UpcomingFairs([])
    shown = (
        FairPage.objects.live()
        .filter(pk__in=ids, end__gte=timezone.now())
        .order_by("start", "pk")
        .values_list(*UpcomingFairs.SHOWN)
    )
    return UpcomingFairs(list(shown))


def fair_cards_cache_key(*, fairs: UpcomingFairs, host: str) -> str:
    """The key of these fairs' rendered cards: everything a card shows, so an edit to any of it is a new key.

    (Wagtail's page URLs take a few milliseconds each to work out; the cards are the same for every visitor.)
    """
    import hashlib

    return hashlib.sha256(repr((host, fairs.shown)).encode()).hexdigest()
