"""Shoppers racing for the last units: real HTTP requests in parallel against a threaded live server.

Each buyer is its own HTTP client (own cookies: session, basket, CSRF) in its own thread. All
of them fill their basket first, then post the checkout together; the live server answers each
request in a thread of its own, with its own database connection and transaction (ATOMIC_REQUESTS).
The race is triggered at the critical point, not left to timing: every request is held right
before the guarded stock allocation (``tests.helpers.race_at``) until all of them are there, so
each one's transaction has passed every check and reaches for the stock at the same moment.
PostgreSQL only: SQLite serialises writers on one file lock, so it would say nothing about row locking.

Also raced: the same shopper posting the checkout twice at once (a double click, held before
``purchase_place``), and the first views and basket additions of a new product (Oscar's analytics
row is created on the first one; held before the counter's write).
"""

import html
import re
from decimal import Decimal

import pytest
import requests
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.order.models import Order, Purchase
from tests.factories import ProducerFactory, ProductFactory
from tests.helpers import (
    RACE_TIMEOUT,
    basket_fill_over_http,
    checkout_data,
    checkout_race_marks,
    race_at,
    race_errors,
    race_run,
)

StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
ProductRecord = get_model("analytics", "ProductRecord")

pytestmark = checkout_race_marks()

BUYERS = 20
STOCK = 5
ALLOCATION = "marketplace.order.services.stock_allocate"  # the critical point: it takes the stock's row locks
COUNTER = "marketplace.core.analytics._count"  # where a product's first view or addition creates its counter row
ALERT = re.compile(r'<div class="alert alert-danger" role="alert">(.*?)</div>', re.S)


@pytest.fixture
def last_units(places):
    """A product with only five units left (a producer in Việt Trì, delivering within Phú Thọ)."""
    return ProductFactory(
        title="Mì gạo Hùng Lô",
        stockrecord__price=Decimal("45000"),
        stockrecord__num_in_stock=STOCK,
        stockrecord__producer=ProducerFactory(name="HTX Mì gạo Hùng Lô", region=places["viet_tri"]),
    )


def _race(base_url: str, product, quantity: int, form: dict):
    """BUYERS shoppers each put ``quantity`` in a basket, then all post the checkout at once.

    Baskets are filled one shopper after the other: the race under test is the checkout. Each request
    waits right before the stock allocation until all BUYERS are there. The responses, and the number of
    requests that reached the allocation.
    """
    browsers = [basket_fill_over_http(base_url, product, quantity) for _ in range(BUYERS)]

    def buyer(index: int):
        browser = browsers[index]
        data = {**form, "email": f"khach{index}@example.vn", "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
        return browser.post(
            base_url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=RACE_TIMEOUT
        )

    with race_at(ALLOCATION, racers=BUYERS) as allocation:
        outcomes = race_run(buyer, racers=BUYERS)
    assert not race_errors(outcomes), race_errors(outcomes)
    return [outcome.value for outcome in outcomes], allocation.call_count


def _sold_out(title: str, language: str) -> str:
    """What marketplace.order.services says when the guarded allocation loses the race."""
    with translation.override(language):
        return gettext("Sorry, %(product)s has just sold out or has fewer units left than you asked for.") % {
            "product": title
        }


def _alert_messages(body: str) -> list[str]:
    alert = ALERT.search(body)
    if alert is None:
        return []
    return [html.unescape(p).strip() for p in re.findall(r"<p>(.*?)</p>", alert.group(1), re.S)]


def _assert_race_outcome(responses, reached_allocation, *, product, quantity, expected_winners):
    assert len(responses) == BUYERS
    # Not vacuous: every checkout reached the allocation inside its transaction, all at the same moment.
    assert reached_allocation == BUYERS
    winners = [r for r in responses if r.status_code == 302]
    losers = [r for r in responses if r.status_code != 302]
    assert len(winners) == expected_winners, [r.status_code for r in responses]
    assert all("/shop/checkout/purchase/" in r.headers["Location"] for r in winners)
    # Every loser read the stock while the winners' transactions were open: the guarded allocation
    # refused it (in the shop's language, Vietnamese), and the page says exactly that.
    for loser in losers:
        assert loser.status_code == 200, loser.status_code
        assert _alert_messages(loser.text) == [_sold_out(product.get_title(), "vi")]

    # Exactly the winners' purchases and orders exist, each one order of `quantity` units.
    purchases = list(Purchase.objects.prefetch_related("orders__lines"))
    assert len(purchases) == expected_winners
    assert len({p.reference for p in purchases}) == expected_winners
    orders = Order.objects.all()
    assert orders.count() == expected_winners
    assert len({o.number for o in orders}) == expected_winners
    for purchase in purchases:
        (order,) = purchase.orders.all()
        assert [(line.product_id, line.quantity) for line in order.lines.all()] == [(product.pk, quantity)]
    # Stock: reserved exactly what was sold, never more than there is, never negative.
    record = StockRecord.objects.get(product=product)
    assert record.num_in_stock == STOCK
    assert record.num_allocated == expected_winners * quantity
    assert 0 <= record.num_allocated <= record.num_in_stock
    # Each winner's basket was submitted once; every loser keeps an open basket with the product.
    assert Basket.objects.filter(status=Basket.SUBMITTED).count() == expected_winners
    assert Basket.objects.filter(status=Basket.OPEN, lines__product=product).count() == BUYERS - expected_winners


def test_twenty_buyers_race_for_the_last_five_units(live_server, places, last_units):
    responses, reached = _race(live_server.url, last_units, 1, checkout_data(places))
    _assert_race_outcome(responses, reached, product=last_units, quantity=1, expected_winners=STOCK)


def test_buyers_of_two_units_each_share_five_units_two_ways(live_server, places, last_units):
    responses, reached = _race(live_server.url, last_units, 2, checkout_data(places))
    # Two buyers get two units each; the fifth unit cannot make a third pair.
    _assert_race_outcome(responses, reached, product=last_units, quantity=2, expected_winners=2)


def test_shoppers_opening_and_adding_a_new_product_at_once_get_no_server_error(live_server, places):
    """The first views and basket additions of a product race to create its analytics record."""
    producer = ProducerFactory(name="HTX Chè Thanh Ba", region=places["viet_tri"])
    viewed = ProductFactory(title="Chè búp tím Thanh Ba", stockrecord__producer=producer)
    added = ProductFactory(title="Trà đinh Hoài Trung", stockrecord__producer=producer)
    browsers = []
    for _ in range(BUYERS):
        browser = requests.Session()
        assert browser.get(live_server.url + reverse("catalogue:index"), timeout=RACE_TIMEOUT).status_code == 200
        browsers.append(browser)

    def add(index: int):
        browser = browsers[index]
        return browser.post(
            live_server.url + reverse("basket:add", kwargs={"pk": added.pk}),
            data={"quantity": 1, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
            allow_redirects=False,
            timeout=RACE_TIMEOUT,
        ).status_code

    def view(index: int):
        return browsers[index].get(live_server.url + viewed.get_absolute_url(), timeout=RACE_TIMEOUT).status_code

    # Each request is held right before it writes the product's counter, until all BUYERS are there.
    for action in (add, view):
        with race_at(COUNTER, racers=BUYERS) as counter:
            outcomes = race_run(action, racers=BUYERS)
        assert not race_errors(outcomes), race_errors(outcomes)
        assert counter.call_count == BUYERS
        assert [outcome.value for outcome in outcomes] == [302 if action is add else 200] * BUYERS
    assert Basket.objects.filter(lines__product=added).count() == BUYERS
    assert ProductRecord.objects.get(product=added).num_basket_additions == BUYERS
    assert ProductRecord.objects.get(product=viewed).num_views == BUYERS


def test_a_double_clicked_checkout_places_one_purchase(live_server, places, last_units):
    """The same shopper posts the checkout twice at the same moment (a double click, a retried request).

    Both requests are held right before ``purchase_place`` (which takes the basket's lock) until both are there.
    """
    StockRecord.objects.filter(product=last_units).update(num_in_stock=100)
    browser = basket_fill_over_http(live_server.url, last_units, 1)
    data = {**checkout_data(places), "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    clicks = 2

    def click(_index: int):
        return browser.post(
            live_server.url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=RACE_TIMEOUT
        )

    with race_at("marketplace.checkout.views.purchase_place", racers=clicks) as placing:
        outcomes = race_run(click, racers=clicks)
    assert not race_errors(outcomes), race_errors(outcomes)
    assert placing.call_count == clicks
    responses = [outcome.value for outcome in outcomes]
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    placed = list(Order.objects.order_by("number").values_list("number", "basket_id"))
    assert len(placed) == 1, f"one basket, {len(placed)} orders (number, basket): {placed}"
    assert Purchase.objects.count() == 1
    assert StockRecord.objects.get(product=last_units).num_allocated == 1
    assert Basket.objects.filter(status=Basket.SUBMITTED).count() == 1
    # Both clicks land on the one purchase's page.
    purchase_url = Purchase.objects.get().get_absolute_url()
    assert [(r.status_code, r.headers.get("Location")) for r in responses] == [(302, purchase_url)] * clicks
