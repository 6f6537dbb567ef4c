"""Reads about producers."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

from catalogue.selectors import product_queryset_storefront
from marketplace.core.html import html_url_is_safe
from marketplace.partner.story import producer_story_html, producer_story_text

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


def producer_queryset_public() -> QuerySet:
    return Partner.objects.select_related("region__parent").prefetch_related("gallery").exclude(slug__isnull=True)


def producer_list_public(*, legal_type: str | None = None) -> QuerySet:
    """Every public producer by name (the directory), optionally of one legal type, with their places."""
    producers = Partner.objects.exclude(slug__isnull=True).select_related("region__parent").order_by("name", "pk")
    if legal_type:
        producers = producers.filter(legal_type=legal_type)
    return producers


def producer_get_own(*, user) -> "Partner | None":
    """The producer whose profile this user keeps: only a user who works for exactly one producer."""
    if not getattr(user, "is_authenticated", False):
        return None
    own = list(Partner.objects.filter(users=user).order_by("pk")[:2])
    return own[0] if len(own) == 1 else None


def producer_story_display(*, producer) -> str:
    """The producer's story as sanitized HTML for the public profile (see story.producer_story_html)."""
    return producer_story_html(story=producer.story)


# A LIMIT far above any producer's range: it only keeps PostgreSQL from flattening the subquery below.
SUBQUERY_FENCE = 10_000_000


def producer_list_products(*, producer, images: bool = True) -> QuerySet:
    """The producer's public products, newest first (the catalogue's selector, filtered by seller).

    Picked among the ids of the producer's stock records, a subquery fenced by a LIMIT: flattened into a
    semi-join, PostgreSQL walked the whole catalogue newest first and probed each product's stock record
    until it had a page (about 5,000 probes for a producer with one product in 200, 47 ms at 100,000
    products; the whole catalogue for a small producer); fenced, it reads the producer's few hundred rows
    by index and sorts them (2 ms).
    """
    sold_here = StockRecord.objects.filter(partner=producer).order_by().values("product_id")[:SUBQUERY_FENCE]
    return product_queryset_storefront(images=images).filter(pk__in=sold_here).order_by("-date_created", "-pk")


def producer_structured_data(*, producer, request) -> dict:
    """schema.org LocalBusiness for a producer's public profile."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": producer.name,
        "url": request.build_absolute_uri(producer.get_absolute_url()),
    }
    if producer.region_id:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": producer.street_address,
            "addressLocality": producer.region.name,
            "addressRegion": producer.region.parent.name if producer.region.parent_id else "",
            "addressCountry": "VN",
        }
    if producer.latitude is not None and producer.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": producer.latitude, "longitude": producer.longitude}
    if producer.phone:
        data["telephone"] = producer.phone
    if producer.email:
        data["email"] = producer.email
    if producer.founded_year:
        data["foundingDate"] = str(producer.founded_year)
    description = producer_story_text(story=producer.story)
    if description:
        data["description"] = description  # plain text: JSON-LD has no markup
    same_as = [url for url in (producer.website, producer.facebook_url) if url and html_url_is_safe(url=url)]
    if same_as:
        data["sameAs"] = same_as
    return data
