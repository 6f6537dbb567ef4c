"""Reads about producers."""

from django.db.models import Exists, OuterRef, QuerySet
from oscar.core.loading import get_model

from catalogue.selectors import product_queryset_storefront
from marketplace.partner.story import producer_story_html, producer_story_text

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


def producer_queryset_public() -> QuerySet:
    return Partner.objects.select_related("region__parent").prefetch_related("gallery").exclude(slug__isnull=True)


def producer_get_own(*, user) -> "Partner | None":
    """The producer whose profile this user keeps: only a user who works for exactly one producer."""
    if not getattr(user, "is_authenticated", False):
        return None
    own = list(Partner.objects.filter(users=user).order_by("pk")[:2])
    return own[0] if len(own) == 1 else None


def producer_story_display(*, producer) -> str:
    """The producer's story as sanitized HTML for the public profile (see story.producer_story_html)."""
    return producer_story_html(story=producer.story)


# Up to this many products, a producer's page reads their ids first (see producer_list_products).
PRODUCT_IDS_FIRST_MAX = 5000


def producer_list_products(*, producer, images: bool = True) -> QuerySet:
    """The producer's public products, newest first (the catalogue's selector, filtered by seller).

    The producer's product ids are read first (one index read) and the page is picked among them: as a
    semi-join on the stock records, PostgreSQL walked the whole catalogue newest first and probed each
    product's stock record until it had a page (about 5,000 probes for a producer with one product in 200,
    the whole catalogue for a small producer). A producer with more products than that is a large share of
    the catalogue, for which that walk is the right plan.
    """
    product_ids = list(
        StockRecord.objects.filter(partner=producer).values_list("product_id", flat=True)[: PRODUCT_IDS_FIRST_MAX + 1]
    )
    products = product_queryset_storefront(images=images)
    if len(product_ids) <= PRODUCT_IDS_FIRST_MAX:
        products = products.filter(pk__in=product_ids)
    else:
        products = products.filter(Exists(StockRecord.objects.filter(product=OuterRef("pk"), partner=producer)))
    return products.order_by("-date_created", "-pk")


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
    same_as = [url for url in (producer.website, producer.facebook_url) if url]
    if same_as:
        data["sameAs"] = same_as
    return data
