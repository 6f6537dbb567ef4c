"""Two checkouts spending one single-use voucher at the same moment: exactly one gets the discount.

PostgreSQL only: the guard is the voucher's row lock (``select_for_update``) taken inside the
purchase transaction; SQLite serialises every writer on one file lock, so it would say nothing.

The first test is deterministic: checkout A holds the voucher's lock (placed, not yet committed)
while checkout B is started and seen, in ``pg_stat_activity``, waiting on that lock; only then is A
committed. The second races real HTTP requests from many shoppers, each held right before the
voucher's lock is taken (``tests.helpers.race_at`` on ``_discounts_lock``) until all are there.
"""

import html
import re
import threading
import time

import pytest
import requests
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.order.models import Purchase
from marketplace.order.services import DiscountUnavailable
from tests.factories import ProducerFactory, ProductFactory
from tests.helpers import (
    RACE_TIMEOUT,
    basket_place,
    basket_priced,
    checkout_data,
    checkout_race_marks,
    make_voucher,
    race_at,
    race_errors,
    race_run,
)

Basket = get_model("basket", "Basket")
OrderDiscount = get_model("order", "OrderDiscount")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

pytestmark = checkout_race_marks()

TIMEOUT = RACE_TIMEOUT
BUYERS = 8
ALERT = re.compile(r'<div class="alert alert-danger" role="alert">(.*?)</div>', re.S)


@pytest.fixture
def rice_noodles(places):
    return ProductFactory(
        title="Mì gạo Hùng Lô",
        stockrecord__num_in_stock=100,
        stockrecord__producer=ProducerFactory(name="HTX Mì gạo Hùng Lô", region=places["viet_tri"]),
    )


def _refusal(language="vi"):
    with translation.override(language):
        return gettext("%(reason)s (voucher %(code)s). Remove it from your basket to order without it.") % {
            "reason": gettext("This voucher has already been used"),
            "code": "MOTLAN",
        }


def _wait_until_waiting_on_a_lock(pid: int) -> None:
    """Poll PostgreSQL until backend ``pid`` is blocked on a lock (fails after TIMEOUT seconds)."""
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.02)
    pytest.fail(f"checkout B (backend {pid}) never waited on the voucher's lock")


def test_the_second_checkout_waits_for_the_first_and_is_refused_the_spent_voucher(rice_noodles):
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE)
    baskets = {}
    for name in ("a", "b"):
        basket = basket_priced([(rice_noodles, 1)], vouchers=[voucher])
        assert basket.voucher_discounts, "each basket is priced with the voucher's discount"
        baskets[name] = basket

    a_placed, a_release = threading.Event(), threading.Event()
    outcome, b_pid = {}, {}

    def checkout_a():
        try:
            with transaction.atomic():
                outcome["a"] = basket_place(baskets["a"])
                a_placed.set()
                assert a_release.wait(TIMEOUT)  # the voucher stays locked (and spent, uncommitted) meanwhile
        except Exception as exc:  # reported below
            outcome["a"] = exc
            a_placed.set()
        finally:
            connection.close()

    def checkout_b():
        try:
            connection.ensure_connection()
            b_pid["pid"] = connection.connection.info.backend_pid
            outcome["b"] = basket_place(baskets["b"])
        except Exception as exc:  # the expected refusal, or a failure reported below
            outcome["b"] = exc
        finally:
            connection.close()

    thread_a = threading.Thread(target=checkout_a)
    thread_a.start()
    assert a_placed.wait(TIMEOUT)
    assert isinstance(outcome["a"], Purchase), outcome["a"]
    thread_b = threading.Thread(target=checkout_b)
    thread_b.start()
    deadline = time.monotonic() + TIMEOUT
    while "pid" not in b_pid and time.monotonic() < deadline:
        time.sleep(0.01)
    # B is blocked on A's voucher lock; nothing of B's is written while it waits.
    _wait_until_waiting_on_a_lock(b_pid["pid"])
    assert "b" not in outcome
    a_release.set()
    thread_a.join(TIMEOUT)
    thread_b.join(TIMEOUT)

    assert isinstance(outcome["b"], DiscountUnavailable), outcome["b"]
    assert outcome["b"].messages == [_refusal()]
    assert Purchase.objects.count() == 1
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 1
    assert OrderDiscount.objects.count() == 1
    voucher.refresh_from_db()
    assert voucher.num_orders == 1
    assert StockRecord.objects.get(product=rice_noodles).num_allocated == 1  # B reserved nothing
    assert Basket.objects.get(pk=baskets["b"].pk).status == Basket.OPEN


def _shopper_with_voucher(base_url, product) -> requests.Session:
    browser = requests.Session()
    assert browser.get(base_url + product.get_absolute_url(), timeout=TIMEOUT).status_code == 200
    token = {"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    added = browser.post(
        base_url + reverse("basket:add", kwargs={"pk": product.pk}),
        data={"quantity": 1, **token},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert added.status_code == 302
    voucher = browser.post(
        base_url + reverse("basket:vouchers-add"), data={"code": "MOTLAN", **token}, allow_redirects=False
    )
    assert voucher.status_code == 302
    page = browser.get(base_url + reverse("checkout:index"), timeout=TIMEOUT)
    assert page.status_code == 200 and 'data-testid="discount-total"' in page.text
    return browser


def test_many_shoppers_racing_for_one_single_use_voucher_give_exactly_one_discount(live_server, places, rice_noodles):
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE)
    browsers = [_shopper_with_voucher(live_server.url, rice_noodles) for _ in range(BUYERS)]

    def buyer(index):
        browser = browsers[index]
        data = {
            **checkout_data(places),
            "email": f"khach{index}@example.vn",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        }
        return browser.post(
            live_server.url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=TIMEOUT
        )

    # Every checkout is held inside its transaction, right before it locks the voucher, until all are there.
    with race_at("marketplace.order.services._discounts_lock", racers=BUYERS) as locking:
        outcomes = race_run(buyer, racers=BUYERS)
    assert race_errors(outcomes) == []
    assert locking.call_count == BUYERS
    results = [outcome.value for outcome in outcomes]
    winners = [r for r in results if r.status_code == 302]
    losers = [r for r in results if r.status_code != 302]
    assert len(winners) == 1, [r.status_code for r in results]
    for loser in losers:
        assert loser.status_code == 200
        alert = ALERT.search(loser.text)
        assert alert is not None
        assert [html.unescape(p).strip() for p in re.findall(r"<p>(.*?)</p>", alert.group(1), re.S)] == [_refusal()]
    assert Purchase.objects.count() == 1
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 1
    assert OrderDiscount.objects.count() == 1
    assert StockRecord.objects.get(product=rice_noodles).num_allocated == 1
    assert Basket.objects.filter(status=Basket.OPEN, lines__product=rice_noodles).count() == BUYERS - 1
