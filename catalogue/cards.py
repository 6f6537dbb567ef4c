"""Product cards on listing pages (the catalogue, a producer's shop, a region): their cached bodies.

Every listing that shows product cards calls ``card_fragments_attach`` on the page's products.
"""

from django.db.models import Prefetch, prefetch_related_objects

from catalogue import selectors


def card_fragments_attach(products) -> None:
    """Give each product its cached card body, read for the whole page in one cache round trip.

    A listing read with ``images=False`` gets its images and its producers here, only for the cards not in
    the cache (their bodies show both; a cached body already has them): two queries, or none on a warm page.
    """
    fragments = selectors.product_card_fragments(products=products)
    missing = []
    for product in products:
        product.card_fragment = fragments.get(product.pk)
        if product.card_fragment is None:
            missing.append(product)
    if missing and "images" not in getattr(products, "_prefetch_related_lookups", ("images",)):
        prefetch_related_objects(missing, "images")
        records = [record for product in missing for record in product.stockrecords.all()]
        prefetch_related_objects(records, Prefetch("partner", queryset=selectors.producer_queryset_with_places()))
