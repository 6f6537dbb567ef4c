"""Reads of the OCOP catalogue, with the prefetching that keeps list pages' query counts flat."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
Certification = get_model("catalogue", "Certification")
Option = get_model("catalogue", "Option")


def _today() -> datetime.date:
    return timezone.localdate()


def certification_in_force_q(*, today: datetime.date | None = None, prefix: str = "") -> Q:
    """The one definition of "in force": certified or expiring, and not past its end date."""
    today = today or _today()
    return Q(**{f"{prefix}status__in": Certification.IN_FORCE_STATUSES, f"{prefix}valid_until__gte": today})


def certification_get_in_force(*, product, today: datetime.date | None = None):
    """The certificate in force for a product, or None."""
    return Certification.objects.filter(certification_in_force_q(today=today), product=product).first()


def product_queryset_storefront(*, today: datetime.date | None = None) -> QuerySet:
    """Public products with what a card or page shows: stars in force, price, producer and region."""
    stars_in_force = Certification.objects.filter(certification_in_force_q(today=today), product=OuterRef("pk")).values(
        "stars"
    )[:1]
    stockrecords = StockRecord.objects.select_related("partner__region__parent")
    return (
        Product.objects.browsable()
        .filter(is_public=True)
        .annotate(
            ocop_stars=Subquery(stars_in_force),
            # Oscar's Product.has_options reads these instead of querying per product.
            has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .select_related("product_class")
        .prefetch_related("images", Prefetch("stockrecords", queryset=stockrecords))
    )


def product_list_storefront(
    *, category=None, min_stars: int | None = None, today: datetime.date | None = None
) -> QuerySet:
    """Products for the catalogue and category pages, newest first."""
    products = product_queryset_storefront(today=today)
    if category is not None:
        subtree = Category.get_tree(category).values("pk")
        products = products.filter(categories__in=subtree).distinct()
    if min_stars is not None:
        products = products.filter(ocop_stars__gte=min_stars)
    return products.order_by("-date_created", "-pk")


def product_list_featured(*, limit: int = 8, today: datetime.date | None = None) -> list:
    """The home page's picks: the highest-starred certified products, newest first."""
    products = product_queryset_storefront(today=today).filter(ocop_stars__isnull=False)
    return list(products.order_by("-ocop_stars", "-date_created", "-pk")[:limit])


def category_list_groups() -> QuerySet:
    """The six OCOP product groups (top-level categories)."""
    return Category.get_root_nodes().filter(is_public=True)


def producer_of(product):
    """The producer selling a product: the partner of its first stock record (Oscar's model)."""
    records = product.stockrecords.all()
    return records[0].partner if records else None


def product_structured_data(*, product, request, producer=None, purchase_info=None) -> dict:
    """schema.org Product with its Offer (and AggregateRating where reviews exist), for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "url": request.build_absolute_uri(product.get_absolute_url()),
        "sku": str(product.pk),
    }
    if product.description:
        from django.utils.html import strip_tags

        data["description"] = strip_tags(product.description).strip()
    image = product.primary_image()
    if getattr(image, "original", None) and getattr(image, "pk", None):
        data["image"] = request.build_absolute_uri(image.original.url)
    if product.gtin:
        data["gtin"] = product.gtin
    if producer is not None:
        data["brand"] = {"@type": "Brand", "name": producer.name}
        data["manufacturer"] = {"@type": "Organization", "name": producer.name}
    if purchase_info is not None and purchase_info.price.exists:
        price = purchase_info.price
        data["offers"] = {
            "@type": "Offer",
            "priceCurrency": price.currency,
            # Whole đồng: no decimals.
            "price": str(int(price.incl_tax if price.is_tax_known else price.excl_tax)),
            "availability": "https://schema.org/InStock"
            if purchase_info.availability.is_available_to_buy
            else "https://schema.org/OutOfStock",
            "url": data["url"],
        }
        if producer is not None:
            data["offers"]["seller"] = {"@type": "Organization", "name": producer.name}
    if product.rating is not None and product.num_approved_reviews:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating:.1f}",
            "reviewCount": product.num_approved_reviews,
        }
    return data
