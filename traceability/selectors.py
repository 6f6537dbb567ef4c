"""Reads for traceability: the public lot page, the address its QR code carries and the producers' lot list."""

import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from catalogue.selectors import certification_get_in_force, producer_of
from marketplace.core.links import absolute_url
from marketplace.dashboard.selectors import product_list_for_user
from traceability.models import Lot, LotStep

StockRecord = get_model("partner", "StockRecord")


def lot_queryset_public() -> QuerySet:
    """Lots with what their public page shows, in a fixed number of queries whatever the number of steps."""
    return Lot.objects.select_related("product__parent", "product__product_class").prefetch_related(
        Prefetch("product__stockrecords", queryset=StockRecord.objects.select_related("partner__region__parent")),
        "product__images",
        Prefetch("steps", queryset=LotStep.objects.order_by("date", "pk")),
    )


def lot_get(*, code: str):
    """The lot with this trace code (nothing prefetched), or None."""
    return Lot.objects.filter(code=code).first()


def lot_get_public(*, code: str, today: datetime.date | None = None):
    """The lot with this trace code, ready for its public page, or None.

    Adds ``producer`` (with region and province), ``certification`` (the one in force, or None) and
    ``is_expired``; ``lot.steps.all()`` and the product's images are prefetched. Five queries in all.
    """
    today = today or timezone.localdate()
    lot = lot_queryset_public().filter(code=code).first()
    if lot is None:
        return None
    lot.producer = producer_of(lot.product)
    lot.certification = certification_get_in_force(product=lot.product, today=today)
    lot.is_expired = lot.expiry_date is not None and lot.expiry_date < today
    return lot


def lot_trace_path(*, lot) -> str:
    """The lot page's path in the default language (/t/<code>/): one printed label serves every shopper."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("lots:detail", kwargs={"code": lot.code})


def lot_trace_url(*, lot, request=None) -> str:
    """The absolute URL of the lot page: the payload of its QR code.

    With a request, the site the request came to; without one (tasks, shell), ``WAGTAILADMIN_BASE_URL``.
    """
    path = lot_trace_path(lot=lot)
    if request is not None:
        return request.build_absolute_uri(path)
    return absolute_url(path)


def lot_list_for_user(*, user) -> QuerySet:
    """The lots of the products this user may see in the dashboard (a producer: their own), newest first."""
    return (
        Lot.objects.filter(product__in=product_list_for_user(user=user))
        .select_related("product__parent")
        .order_by("-production_date", "-pk")
    )
