"""Builders that flatten products, producers and regions into search documents (plain dicts).

They read through the existing selectors, so "public" and "certificate in force" mean what they mean on
the storefront. Each builder takes a list of primary keys and returns the documents of those that are
searchable; a key with no document means "remove it from the index".
"""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from catalogue.selectors import PRICE_BANDS, product_queryset_storefront
from marketplace.partner.selectors import producer_queryset_public
from marketplace.regions.models import FormerUnit, Region
from marketplace.search.text import folded, lowered

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")

PRODUCT, PRODUCER, REGION = "product", "producer", "region"
KINDS = (PRODUCT, PRODUCER, REGION)
LOCAL_KINDS = (Region.Kind.WARD, Region.Kind.COMMUNE, Region.Kind.SPECIAL_ZONE)


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
            description = strip_tags(product.description or "")
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
            story = strip_tags(producer.story or "")
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
            if region.kind in LOCAL_KINDS:
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


BUILDERS = {PRODUCT: product_documents, PRODUCER: producer_documents, REGION: region_documents}


def all_pks(*, kind: str):
    """Every candidate primary key of a kind, in order (the builders decide which are searchable)."""
    Product = get_model("catalogue", "Product")
    model = {PRODUCT: Product, PRODUCER: Partner, REGION: Region}[kind]
    return model.objects.order_by("pk").values_list("pk", flat=True)
