"""Reads about producers."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

from catalogue.selectors import product_queryset_storefront

Partner = get_model("partner", "Partner")


def producer_queryset_public() -> QuerySet:
    return Partner.objects.select_related("region__parent").exclude(slug__isnull=True)


def producer_list_products(*, producer) -> QuerySet:
    return product_queryset_storefront().filter(stockrecords__partner=producer).order_by("title").distinct()
