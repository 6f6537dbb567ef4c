"""Stock allocation that cannot oversell.

Every change is one conditional UPDATE per stock record, taken in primary-key order so
that concurrent checkouts lock rows in the same order and cannot deadlock. The
UPDATE only succeeds while the free stock covers the quantity; PostgreSQL re-checks
that condition after waiting for a concurrent writer, so the last units go to exactly
one buyer. A database constraint (allocated ≤ in stock) backs it up.

A product's search document says whether it is in stock (free units left). Allocating and releasing
can flip that; consuming cannot (both counters fall together). The flipped products are reindexed
after commit, found with one read per call, not one per line.
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


def _search_reindex_flipped(*, quantities: list[tuple[int, int]], released: bool) -> None:
    """Queue a search reindex of the products whose records went from free units to none (allocated)
    or from none to some (released): the free count after the change, minus or plus the quantity,
    tells what it was before."""
    by_record = dict(quantities)
    records = StockRecord.objects.filter(pk__in=by_record, num_in_stock__isnull=False).values_list(
        "pk", "product_id", "num_in_stock", "num_allocated"
    )
    flipped = []
    for pk, product_id, in_stock, allocated in records:
        free_after = in_stock - (allocated or 0)
        free_before = free_after - by_record[pk] if released else free_after + by_record[pk]
        if (free_before > 0) != (free_after > 0):
            flipped.append(product_id)
    if flipped:
        from marketplace.search.services import search_index_enqueue_many

        search_index_enqueue_many(kind="product", pks=flipped)


def stock_allocate(*, items) -> None:
    """Reserve ``quantity`` of each ``(stockrecord_id, quantity)``; all or nothing (call inside a transaction).

    Records that do not track stock (no ``num_in_stock``) are left alone.
    """
    quantities = _quantities(items)
    for stockrecord_id, quantity in quantities:
        tracked = StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False)
        updated = tracked.filter(num_in_stock__gte=Coalesce(F("num_allocated"), 0) + quantity).update(
            num_allocated=Coalesce(F("num_allocated"), 0) + quantity
        )
        if not updated and tracked.exists():
            raise OutOfStock(stockrecord_id=stockrecord_id, requested=quantity)
    _search_reindex_flipped(quantities=quantities, released=False)


def stock_release(*, items) -> None:
    """Give back reserved units (an order cancelled before it shipped)."""
    quantities = _quantities(items)
    for stockrecord_id, quantity in quantities:
        StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - quantity
        )
    _search_reindex_flipped(quantities=quantities, released=True)


def stock_consume(*, items) -> None:
    """Reserved units leave the warehouse (the order shipped): both counters go down."""
    for stockrecord_id, quantity in _quantities(items):
        StockRecord.objects.filter(pk=stockrecord_id, num_in_stock__isnull=False).update(
            num_allocated=Coalesce(F("num_allocated"), 0) - quantity,
            num_in_stock=F("num_in_stock") - quantity,
        )
