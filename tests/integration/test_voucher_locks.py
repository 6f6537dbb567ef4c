"""A checkout locks only the vouchers and offers that limit something, and counts the rest without losing uses.

PostgreSQL only: SQLite has no row locks (Django leaves FOR UPDATE out there).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from marketplace.order.models import Purchase
from tests.factories import ProducerFactory, ProductFactory
from tests.helpers import (
    RACE_TIMEOUT,
    basket_place,
    basket_priced,
    make_offer,
    make_voucher,
    race_at,
    race_errors,
    race_run,
)

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite serialises all writers)"
)


@pytest.fixture
def rice_noodles(places):
    return ProductFactory(
        title="Mì gạo Hùng Lô",
        stockrecord__num_in_stock=100,
        stockrecord__producer=ProducerFactory(name="HTX Mì gạo Hùng Lô", region=places["viet_tri"]),
    )


def _locked_tables(queries) -> list[str]:
    """The tables a captured checkout locked FOR (NO KEY) UPDATE, in order."""
    tables = []
    for query in queries:
        sql = query["sql"]
        if " FOR NO KEY UPDATE" in sql or " FOR UPDATE" in sql:
            table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
            tables.append(table)
    return tables


@pytest.mark.django_db
def test_unlimited_vouchers_and_offers_are_not_locked_and_limited_ones_are_in_order(rice_noodles):
    make_offer(name="Khai trương", value=5, exclusive=False)
    everyone = make_voucher("MOINGUOI", value=10, exclusive=False)
    basket = basket_priced([(rice_noodles, 1)], vouchers=[everyone])
    with CaptureQueriesContext(connection) as free:
        basket_place(basket)
    assert "voucher_voucher" not in _locked_tables(free.captured_queries)
    assert "offer_conditionaloffer" not in _locked_tables(free.captured_queries)

    once = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE, value=10, exclusive=False)
    make_offer(name="Một trăm suất", value=5, exclusive=False, max_global_applications=100)
    basket = basket_priced([(rice_noodles, 1)], vouchers=[once])
    with CaptureQueriesContext(connection) as limited:
        basket_place(basket)
    tables = [t for t in _locked_tables(limited.captured_queries) if t in ("voucher_voucher", "offer_conditionaloffer")]
    assert tables == ["voucher_voucher", "offer_conditionaloffer"]  # vouchers, then offers
    sql = [q["sql"] for q in limited.captured_queries if "FOR NO KEY UPDATE" in q["sql"]]
    assert any("voucher_voucher" in s for s in sql) and any("offer_conditionaloffer" in s for s in sql)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_checkouts_with_an_unlocked_voucher_and_offer_lose_no_use(rice_noodles):
    buyers = 6
    offer = make_offer(name="Khai trương", benefit=get_model("offer", "Benefit").FIXED, value=1000, exclusive=False)
    voucher = make_voucher("MOINGUOI", benefit=get_model("offer", "Benefit").FIXED, value=2000, exclusive=False)
    baskets = [basket_priced([(rice_noodles, 1)], vouchers=[voucher]) for _ in range(buyers)]

    def buy(index):
        return basket_place(baskets[index])

    # Every checkout has read the (unlocked) voucher and offer before any goes on to count its use: counts
    # written from those reads would lose uses; F() updates lose none.
    with race_at("marketplace.order.services._discounts_lock", racers=buyers, after=True) as reading:
        outcomes = race_run(buy, racers=buyers, timeout=RACE_TIMEOUT)
    assert race_errors(outcomes) == []
    assert reading.call_count == buyers
    assert all(isinstance(o.value, Purchase) for o in outcomes), outcomes
    offer.refresh_from_db()
    voucher.refresh_from_db()
    voucher_offer = voucher.offers.get()
    assert (offer.num_applications, offer.num_orders, offer.total_discount) == (buyers, buyers, Decimal(1000 * buyers))
    assert (voucher.num_orders, voucher.total_discount) == (buyers, Decimal(2000 * buyers))
    assert (voucher_offer.num_orders, voucher_offer.total_discount) == (buyers, Decimal(2000 * buyers))
    assert VoucherApplication.objects.filter(voucher=voucher).count() == buyers
