"""Stock allocation that cannot oversell.

Every change is one conditional UPDATE per stock record, taken in primary-key order so
that concurrent checkouts lock rows in the same order and cannot deadlock. The
UPDATE only succeeds while the free stock covers the quantity; PostgreSQL re-checks
that condition after waiting for a concurrent writer, so the last units go to exactly
one buyer. A database constraint (allocated ≤ in stock) backs it up.
"""

from collections import Counter

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from marketplace.partner.models import StockRecord


class OutOfStock(Exception):
    def __init__(self, *, stockrecord_id: int, requested: int):
        self.stockrecord_id = stockrecord_id
        self.requested = requested
        super().__init__(_("Not enough stock left."))


def _quantities(items) -> list[tuple[int, int]]:
    totals = Counter()
    for stockrecord_id, quantity in items:
        if quantity <= 0:
            raise ValueError("quantities must be positive")
        totals[stockrecord_id] += quantity
    return sorted(totals.items())


def stock_allocate(*, items) -> None:
    """Reserve ``quantity`` of each ``(stockrecord_id, quantity)``; all or nothing (call inside a transaction).

    Records that do not track stock (no ``num_in_stock``) are left alone.
    """
    for stockrecord_id, quantity in _quantities(items):
        tracked = StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False)
        updated = tracked.filter(num_in_stock__gte=Coalesce(F("num_allocated"), 0) + quantity).update(
            num_allocated=Coalesce(F("num_allocated"), 0) + quantity
        )
        if not updated and tracked.exists():
            raise OutOfStock(stockrecord_id=stockrecord_id, requested=quantity)


def stock_release(*, items) -> None:
    """Give back reserved units (an order cancelled before it shipped)."""
    for stockrecord_id, quantity in _quantities(items):
        StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - quantity
        )


def stock_consume(*, items) -> None:
    """Reserved units leave the warehouse (the order shipped): both counters go down."""
    for stockrecord_id, quantity in _quantities(items):
        StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - quantity,
            num_in_stock=F("num_in_stock") - quantity,
        )
