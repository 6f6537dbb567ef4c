"""Shoppers racing for the last units: real HTTP requests in parallel against a threaded live server.

Each buyer is its own HTTP client (own cookies: session, basket, CSRF) in its own thread. All
of them fill their basket first, then wait at a barrier and post the checkout at the same
moment; the live server answers each request in a thread of its own, with its own database
connection and transaction (ATOMIC_REQUESTS). PostgreSQL only: SQLite serialises writers on
one file lock, so it would say nothing about row locking.

Also raced: the same shopper posting the checkout twice at once (a double click), and the first
views and basket additions of a new product (Oscar's analytics row is created on the first one).
"""

import html
import re
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest
import requests
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.order.models import Order, Purchase
from tests.factories import ProducerFactory, ProductFactory
from tests.integration.test_checkout import _checkout_data

StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent checkouts need PostgreSQL's row locks (SQLite serialises all writers)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUYERS = 20
STOCK = 5
TIMEOUT = 60  # seconds, for one HTTP request and for the barrier
ALERT = re.compile(r'<div class="alert alert-danger" role="alert">(.*?)</div>', re.S)


@dataclass
class Result:
    status: int | None = None
    location: str = ""
    body: str = ""
    started: float = 0.0
    finished: float = 0.0
    error: str = ""


@pytest.fixture
def last_units(places):  # noqa: F811  (the imported fixture)
    """A product with only five units left (a producer in Việt Trì, delivering within Phú Thọ)."""
    return ProductFactory(
        title="Mì gạo Hùng Lô",
        stockrecord__price=Decimal("45000"),
        stockrecord__num_in_stock=STOCK,
        stockrecord__producer=ProducerFactory(name="HTX Mì gạo Hùng Lô", region=places["viet_tri"]),
    )


def _fill_basket(base_url: str, product, quantity: int) -> requests.Session:
    """A new shopper: open the product page (CSRF cookie), add it to the basket, open the checkout."""
    browser = requests.Session()
    page = browser.get(base_url + product.get_absolute_url(), timeout=TIMEOUT)
    assert page.status_code == 200, page.status_code
    added = browser.post(
        base_url + reverse("basket:add", kwargs={"pk": product.pk}),
        data={"quantity": quantity, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert added.status_code == 302, added.status_code
    checkout = browser.get(base_url + reverse("checkout:index"), allow_redirects=False, timeout=TIMEOUT)
    assert checkout.status_code == 200, checkout.status_code
    return browser


def _race(base_url: str, product, quantity: int, form: dict) -> list[Result]:
    """BUYERS shoppers each put ``quantity`` in a basket, then all post the checkout at once.

    Baskets are filled one shopper after the other: the race under test is the checkout.
    """
    browsers = [_fill_basket(base_url, product, quantity) for _ in range(BUYERS)]
    results = [Result() for _ in range(BUYERS)]
    barrier = threading.Barrier(BUYERS, timeout=TIMEOUT)

    def buyer(index: int) -> None:
        result, browser = results[index], browsers[index]
        data = {**form, "email": f"khach{index}@example.vn", "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
        try:
            barrier.wait()
            result.started = time.perf_counter()
            response = browser.post(
                base_url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=TIMEOUT
            )
            result.finished = time.perf_counter()
            result.status, result.body = response.status_code, response.text
            result.location = response.headers.get("Location", "")
        except Exception as exc:  # reported by the test, with the buyer's number
            result.error = f"{type(exc).__name__}: {exc}"
            barrier.abort()

    _run_threads(buyer)
    return results


def _run_threads(target) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 3)


def _max_in_flight(results: list[Result]) -> int:
    """The most checkout requests that were open at the same instant (seen from the clients)."""
    events = sorted([(r.started, 1) for r in results] + [(r.finished, -1) for r in results])
    peak = current = 0
    for _moment, change in events:
        current += change
        peak = max(peak, current)
    return peak


def _sold_out(title: str, language: str) -> str:
    """What marketplace.order.services says when the guarded allocation loses the race."""
    with translation.override(language):
        return gettext("Sorry, %(product)s has just sold out or has fewer units left than you asked for.") % {
            "product": title
        }


def _refusals(title: str, quantity: int) -> set[str]:
    """Every way the checkout may say "not enough left", in Vietnamese and English.

    Either the guarded allocation lost the race (services: "has just sold out"), or the
    request began after the winners committed and the availability check caught it first.
    """
    texts = set()
    for language in ("vi", "en"):
        texts.add(_sold_out(title, language))
        with translation.override(language):
            reasons = [gettext("no stock available"), gettext("unavailable")]
            reasons += [gettext("a maximum of %(max)d can be bought") % {"max": n} for n in range(1, quantity)]
            texts.update(gettext("%(product)s: %(reason)s") % {"product": title, "reason": r} for r in reasons)
    return texts


def _alert_messages(body: str) -> list[str]:
    alert = ALERT.search(body)
    if alert is None:
        return []
    return [html.unescape(p).strip() for p in re.findall(r"<p>(.*?)</p>", alert.group(1), re.S)]


def _assert_race_outcome(results, *, product, quantity, expected_winners):
    errors = [(i, r.error) for i, r in enumerate(results) if r.error]
    assert not errors, errors
    assert len(results) == BUYERS and all(r.status is not None for r in results)
    server_errors = [(i, r.status) for i, r in enumerate(results) if r.status >= 500]
    assert not server_errors, server_errors
    # Not vacuous: the checkouts really were in progress at the same time.
    assert _max_in_flight(results) > 1

    winners = [r for r in results if r.status == 302]
    losers = [r for r in results if r.status != 302]
    assert len(winners) == expected_winners, [r.status for r in results]
    assert all("/shop/checkout/purchase/" in r.location for r in winners)
    refusals = _refusals(product.get_title(), quantity)
    for loser in losers:
        assert loser.status == 200, loser.status
        messages = _alert_messages(loser.body)
        assert messages and set(messages) <= refusals, messages
    # ...and at least one refusal came from the guarded allocation itself: that request read
    # the stock while a winner's transaction was still open, and waited on its row lock.
    sold_out = {_sold_out(product.get_title(), language) for language in ("vi", "en")}
    assert any(set(_alert_messages(loser.body)) & sold_out for loser in losers)

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


def test_twenty_buyers_race_for_the_last_five_units(live_server, places, last_units):  # noqa: F811
    results = _race(live_server.url, last_units, 1, _checkout_data(places))
    _assert_race_outcome(results, product=last_units, quantity=1, expected_winners=STOCK)


def test_buyers_of_two_units_each_share_five_units_two_ways(live_server, places, last_units):  # noqa: F811
    results = _race(live_server.url, last_units, 2, _checkout_data(places))
    # Two buyers get two units each; the fifth unit cannot make a third pair.
    _assert_race_outcome(results, product=last_units, quantity=2, expected_winners=2)


def test_shoppers_opening_and_adding_a_new_product_at_once_get_no_server_error(live_server, places):  # noqa: F811
    """The first views and basket additions of a product race to create its analytics record."""
    producer = ProducerFactory(name="HTX Chè Thanh Ba", region=places["viet_tri"])
    viewed = ProductFactory(title="Chè búp tím Thanh Ba", stockrecord__producer=producer)
    added = ProductFactory(title="Trà đinh Hoài Trung", stockrecord__producer=producer)
    browsers = []
    for _ in range(BUYERS):
        browser = requests.Session()
        assert browser.get(live_server.url + reverse("catalogue:index"), timeout=TIMEOUT).status_code == 200
        browsers.append(browser)
    statuses = [[] for _ in range(BUYERS)]
    errors = []
    barrier = threading.Barrier(BUYERS, timeout=TIMEOUT)

    def shopper(index: int) -> None:
        browser = browsers[index]
        try:
            barrier.wait()
            response = browser.post(
                live_server.url + reverse("basket:add", kwargs={"pk": added.pk}),
                data={"quantity": 1, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            statuses[index].append(response.status_code)
            barrier.wait()
            response = browser.get(live_server.url + viewed.get_absolute_url(), timeout=TIMEOUT)
            statuses[index].append(response.status_code)
        except Exception as exc:  # reported below, with the shopper's number
            errors.append((index, f"{type(exc).__name__}: {exc}"))
            barrier.abort()

    _run_threads(shopper)
    assert not errors, errors
    assert statuses == [[302, 200]] * BUYERS
    assert Basket.objects.filter(lines__product=added).count() == BUYERS


def test_a_double_clicked_checkout_places_one_purchase(live_server, places, last_units):  # noqa: F811
    """The same shopper posts the checkout twice at the same moment (a double click, a retried request)."""
    StockRecord.objects.filter(product=last_units).update(num_in_stock=100)
    browser = _fill_basket(live_server.url, last_units, 1)
    data = {**_checkout_data(places), "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    clicks = 2
    responses, errors = [None] * clicks, []
    barrier = threading.Barrier(clicks, timeout=TIMEOUT)

    def click(index: int) -> None:
        try:
            barrier.wait()
            responses[index] = browser.post(
                live_server.url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=TIMEOUT
            )
        except Exception as exc:  # reported below
            errors.append(f"{type(exc).__name__}: {exc}")
            barrier.abort()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 3)
    assert not errors, errors
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    placed = list(Order.objects.order_by("number").values_list("number", "basket_id"))
    assert len(placed) == 1, f"one basket, {len(placed)} orders (number, basket): {placed}"
    assert Purchase.objects.count() == 1
    assert StockRecord.objects.get(product=last_units).num_allocated == 1
    assert Basket.objects.filter(status=Basket.SUBMITTED).count() == 1
    # Both clicks land on the one purchase's page.
    purchase_url = Purchase.objects.get().get_absolute_url()
    assert [(r.status_code, r.headers.get("Location")) for r in responses] == [(302, purchase_url)] * clicks
