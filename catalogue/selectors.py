"""Reads of the OCOP catalogue, with the prefetching that keeps list pages' query counts flat."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.statuses import OrderStatus

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
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


def producer_queryset_with_places() -> QuerySet:
    """Producers with their commune/ward and province, as cards and addresses show them."""
    return Partner.objects.select_related("region__parent")


def product_queryset_storefront(*, today: datetime.date | None = None, images: bool = True) -> QuerySet:
    """Public products with what a card or page shows: stars in force, price, producer and region.

    ``images=False`` leaves the images and the stock records' producers out, for listings whose cards mostly
    come from the cache (``catalogue.cards.card_fragments_attach`` then reads both for the cards it has to
    render; a cached card needs only its stock record's price and stock, which name it).
    """
    stars_in_force = Certification.objects.filter(certification_in_force_q(today=today), product=OuterRef("pk")).values(
        "stars"
    )[:1]
    stockrecords = (
        StockRecord.objects.select_related("partner__region__parent") if images else StockRecord.objects.all()
    )
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
        .prefetch_related(*(["images"] if images else []), Prefetch("stockrecords", queryset=stockrecords))
    )


# Price bands in whole đồng: (key, lowest included, highest excluded).
PRICE_BANDS = (
    ("under-50k", None, 50_000),
    ("50k-100k", 50_000, 100_000),
    ("100k-200k", 100_000, 200_000),
    ("200k-500k", 200_000, 500_000),
    ("over-500k", 500_000, None),
)
SORTS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": ("price_vnd", "-pk"),
    "price-desc": ("-price_vnd", "-pk"),
    "stars": ("-ocop_stars", "-date_created", "-pk"),
}


def product_list_storefront(
    *,
    category=None,
    stars: list[int] | None = None,
    min_stars: int | None = None,
    region=None,
    legal_types: list[str] | None = None,
    price_band: str | None = None,
    in_stock: bool = False,
    certified_only: bool = False,
    sort: str = "newest",
    today: datetime.date | None = None,
    images: bool = True,
) -> QuerySet:
    """Products for the catalogue, category and region pages; filters combine, newest first by default.

    ``region`` is a province (all its communes and wards) or a commune/ward.
    """
    products = product_queryset_storefront(today=today, images=images)
    first_record = StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk")
    if category is not None:
        # EXISTS rather than a join + DISTINCT, which would sort every matching row to de-duplicate.
        in_subtree = ProductCategory.objects.filter(
            product=OuterRef("pk"), category__in=Category.get_tree(category).values("pk")
        )
        products = products.filter(Exists(in_subtree))
    # EXISTS, not a filter on the ocop_stars annotation: PostgreSQL runs it as a semi-join on
    # the in-force partial index instead of a subquery per product (it matters at 100k products).
    in_force = Certification.objects.filter(certification_in_force_q(today=today), product=OuterRef("pk"))
    if certified_only:
        products = products.filter(Exists(in_force))
    if stars:
        products = products.filter(Exists(in_force.filter(stars__in=stars)))
    if min_stars is not None:
        products = products.filter(Exists(in_force.filter(stars__gte=min_stars)))
    if region is not None:
        # The producers of the place first (one small query), then a semi-join on their stock records. Their
        # ids go in as literals: as a subquery through the region tree PostgreSQL guessed a dozen producers
        # where a province has hundreds, and sorted every product of the province to show 24 (40 ms at 10k).
        field = "region" if region.is_local_unit else "region__parent"
        producers_here = list(Partner.objects.filter(**{field: region}).values_list("pk", flat=True))
        products = products.filter(Exists(first_record.filter(partner_id__in=producers_here)))
    if legal_types:
        products = products.filter(Exists(first_record.filter(partner__legal_type__in=legal_types)))
    if price_band:
        _key, low, high = next(band for band in PRICE_BANDS if band[0] == price_band)
        priced = first_record
        if low is not None:
            priced = priced.filter(price__gte=low)
        if high is not None:
            priced = priced.filter(price__lt=high)
        products = products.filter(Exists(priced))
    if in_stock:
        available = first_record.filter(num_in_stock__gt=Coalesce("num_allocated", 0))
        products = products.filter(Exists(available))
    if sort in ("price-asc", "price-desc"):
        products = products.annotate(price_vnd=Subquery(first_record.values("price")[:1]))
    return products.order_by(*SORTS.get(sort, SORTS["newest"]))


def product_list_count_key(*, category=None, region=None, filters: dict, today: datetime.date) -> str:
    """What names a ``product_list_storefront`` list for its cached total (CachedCountPaginator).

    The day is part of it: which certificates are in force changes with it.
    """
    parts = [f"{name}={sorted(value) if isinstance(value, list) else value}" for name, value in sorted(filters.items())]
    return (
        f"product_list_storefront|c={category.pk if category else ''}|r={region.pk if region else ''}"
        f"|{'|'.join(parts)}|{today.isoformat()}"
    )


def product_list_featured(*, limit: int = 8, today: datetime.date | None = None) -> list:
    """The home page's picks: the highest-starred certified products, newest first.

    Picked from the certificates in force (an index scan), then loaded with the storefront prefetching.
    """
    ids = list(
        Certification.objects.filter(
            certification_in_force_q(today=today), product__is_public=True, product__parent__isnull=True
        )
        .order_by("-stars", "-product__date_created", "-product_id")
        .values_list("product_id", flat=True)[:limit]
    )
    by_id = {product.pk: product for product in product_queryset_storefront(today=today).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def category_list_groups() -> QuerySet:
    """The six OCOP product groups (top-level categories)."""
    return Category.get_root_nodes().filter(is_public=True)


def producer_of(product):
    """The producer selling a product: the partner of its first stock record (Oscar's model)."""
    records = product.stockrecords.all()
    return records[0].partner if records else None


def product_card_fragments(*, products) -> dict[int, str]:
    """The cached bodies of these products' cards, read in one cache round trip instead of one per card.

    The keys are those the ``{% cache 600 product_card … %}`` tag in oscar/catalogue/partials/product.html
    makes, from the same values in the same order. A card missing here (or if the two ever differ) is
    simply rendered and cached by the tag itself, so a mismatch costs speed, never correctness.
    """
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    language = get_language()
    keys = {}
    for product in products:
        records = product.stockrecords.all()
        if not records:
            continue
        record = records[0]
        vary_on = [
            "card2",  # the card's version: "card2" holds the add-to-basket form too
            product.pk,
            product.date_updated,
            record.pk,
            record.date_updated,
            record.price,
            record.num_in_stock,
            record.num_allocated,
            product.ocop_stars,
            language,
        ]
        keys[make_template_fragment_key("product_card", vary_on)] = product.pk
    found = cache.get_many(list(keys))
    return {keys[key]: mark_safe(html) for key, html in found.items()}  # noqa: S308 - rendered by our template


RECOMMENDED_CACHE_SECONDS = 600


def product_list_recommended(*, product, limit: int = 6) -> list:
    """The products recommended with this one (public ones, by ranking), loaded like catalogue cards.

    Which products are recommended is kept per product and update time: most products have none, and
    their pages then ask the database nothing for this.
    """
    from django.core.cache import cache

    ProductRecommendation = get_model("catalogue", "ProductRecommendation")
    stamp = product.date_updated.timestamp() if product.date_updated else ""
    key = f"product-recommended:{product.pk}:{stamp}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = list(
            ProductRecommendation.objects.filter(primary=product)
            .order_by("-ranking", "pk")
            .values_list("recommendation_id", flat=True)[:limit]
        )
        cache.set(key, ids, RECOMMENDED_CACHE_SECONDS)
    if not ids:
        return []
    by_id = {item.pk: item for item in product_queryset_storefront().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


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
        from marketplace.core.html import html_to_text

        data["description"] = html_to_text(html=product.description)
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


def product_received_by(*, product, user) -> bool:
    """Whether this user has had this product delivered (the condition for reviewing it)."""
    OrderLine = get_model("order", "Line")
    return OrderLine.objects.filter(product=product, order__user=user, order__status=OrderStatus.DELIVERED).exists()
