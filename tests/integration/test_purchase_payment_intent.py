"""A card purchase's Stripe PaymentIntent is created as the purchase is placed, never by viewing its page.

Placing a card purchase asks Stripe for one PaymentIntent (idempotency key ``purchase-<reference>-intent``)
once the placing transaction commits; the purchase page only reads the stored intent. When Stripe was
down at that moment the page says so and offers "Try again", a POST that creates it (once). Everything
runs through the real Stripe SDK against the stand-in Stripe API of tests/stripe_stub.py.
"""

from decimal import Decimal

import pytest
import requests
from django.db import connection
from django.urls import reverse

from marketplace.order.models import Purchase
from marketplace.payments.selectors import purchase_payment_context
from marketplace.payments.services import purchase_payment_prepare
from marketplace.payments.vietqr import vietqr_parse
from tests.helpers import (
    RACE_TIMEOUT,
    basket_fill_over_http,
    card_checkout_data,
    card_checkout_place,
    race_at,
    race_errors,
    race_run,
)

INTENTS = "/v1/payment_intents"


def _key(purchase) -> str:
    return f"purchase-{purchase.reference}-intent"


def _place_card(client, places, products, capture, **overrides) -> Purchase:
    honey, _tea = products
    with capture(execute=True):  # what runs as the placing transaction commits
        purchase = card_checkout_place(client, places, (honey, 1), **overrides)
    purchase.refresh_from_db()
    return purchase


def _place_while_stripe_is_down(client, places, products, stripe_api, capture) -> Purchase:
    stripe_api.fail_with = 500
    purchase = _place_card(client, places, products, capture)
    assert [r.status for r in stripe_api.calls("POST", INTENTS)] == [500]
    stripe_api.fail_with = None
    stripe_api.requests.clear()
    assert purchase.stripe_payment_intent_id is None and purchase.payment_status == "awaiting"
    return purchase


@pytest.fixture
def purchase_without_intent(client, places, products, stripe_api, django_capture_on_commit_callbacks) -> Purchase:
    """A card purchase placed by ``client`` while Stripe was down: awaiting payment, with no intent yet."""
    return _place_while_stripe_is_down(client, places, products, stripe_api, django_capture_on_commit_callbacks)


# --- a GET never creates -----------------------------------------------------------------------------


@pytest.mark.parametrize("payment_status", ["awaiting", "failed"])
def test_viewing_a_card_purchase_without_an_intent_creates_nothing_at_stripe(
    client,
    stripe_api,
    purchase_without_intent,
    payment_status,
):
    purchase = purchase_without_intent
    Purchase.objects.filter(pk=purchase.pk).update(payment_status=payment_status)

    for url in (purchase.get_absolute_url(), "/en" + purchase.get_absolute_url()):
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200
            page = response.content.decode()
            assert 'id="stripe-form"' not in page
            assert 'id="stripe-prepare"' in page  # the "Try again" form, posting to this page
            assert f'action="{url}"' in page

    assert stripe_api.requests == []
    assert stripe_api.intents == {}
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id is None and purchase.payment_status == payment_status


def test_viewing_a_card_purchase_with_its_intent_only_reads_it(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks)
    [intent] = stripe_api.intents.values()
    stripe_api.requests.clear()

    for _ in range(3):
        page = client.get(purchase.get_absolute_url()).content.decode()
        assert f'data-client-secret="{intent["client_secret"]}"' in page
        assert 'id="stripe-prepare"' not in page

    assert [(r.method, r.path) for r in stripe_api.requests] == [("GET", f"{INTENTS}/{intent['id']}")] * 3
    assert len(stripe_api.intents) == 1


def test_stripe_failing_while_the_page_reads_the_intent_shows_an_apology_and_creates_nothing(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks)
    intent_id = purchase.stripe_payment_intent_id
    stripe_api.requests.clear()
    stripe_api.fail_with = 500

    response = client.get(purchase.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="stripe-form"' not in page and 'id="stripe-prepare"' not in page  # an intent exists: just wait
    assert "text-danger" in page
    assert {r.method for r in stripe_api.requests} == {"GET"}
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == intent_id


@pytest.mark.parametrize("payment_method", ["cod", "vietqr"])
def test_pages_of_cash_and_transfer_purchases_never_call_stripe(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
    payment_method,
):
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks, payment_method=payment_method)
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert client.post(purchase.get_absolute_url()).status_code == 302

    assert stripe_api.requests == []
    assert 'id="stripe-form"' not in page and 'id="stripe-prepare"' not in page
    assert ('data-testid="vietqr-payload"' in page) is (payment_method == "vietqr")


# --- placing creates, once ---------------------------------------------------------------------------


def test_placing_a_card_purchase_creates_exactly_one_payment_intent(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks)

    [create] = stripe_api.calls("POST", INTENTS)
    assert create.status == 200 and create.idempotency_key == _key(purchase)
    assert create.form["amount"] == "145000" and create.form["currency"] == "vnd"
    assert create.form["metadata[purchase_reference]"] == purchase.reference
    [intent] = stripe_api.intents.values()
    assert purchase.stripe_payment_intent_id == intent["id"]
    assert stripe_api.calls("GET", "/v1/") == []  # placing did not read anything back


def test_posting_the_checkout_twice_creates_one_payment_intent_that_the_page_reuses(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    honey, _tea = products
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks)

    # The same form again (a second click after the first one went through): nothing new is placed or created.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("checkout:index"), card_checkout_data(places))
    assert again.status_code == 302 and again.url == reverse("basket:summary")
    assert Purchase.objects.count() == 1

    [create] = stripe_api.calls("POST", INTENTS)
    assert create.idempotency_key == _key(purchase)
    [intent] = stripe_api.intents.values()
    for _ in range(2):
        page = client.get(purchase.get_absolute_url()).content.decode()
        assert f'data-client-secret="{intent["client_secret"]}"' in page
    assert len(stripe_api.calls("POST", INTENTS)) == 1
    assert len(stripe_api.intents) == 1
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == intent["id"]


# --- "Try again": an explicit POST ---------------------------------------------------------------------


def test_try_again_creates_the_intent_once_however_often_it_is_posted(
    client,
    stripe_api,
    purchase_without_intent,
):
    purchase = purchase_without_intent

    for _ in range(3):
        response = client.post(purchase.get_absolute_url())
        assert response.status_code == 302 and response.url == purchase.get_absolute_url()

    [create] = stripe_api.calls("POST", INTENTS)
    assert create.status == 200 and create.idempotency_key == _key(purchase)
    assert stripe_api.calls("GET", "/v1/") == []  # the stored intent is reused without asking Stripe
    [intent] = stripe_api.intents.values()
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == intent["id"]
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert f'data-client-secret="{intent["client_secret"]}"' in page


def test_try_again_while_stripe_is_still_down_stores_nothing(
    client,
    stripe_api,
    purchase_without_intent,
    caplog,
):
    purchase = purchase_without_intent
    stripe_api.fail_with = 500

    response = client.post(purchase.get_absolute_url(), follow=True)

    assert response.status_code == 200
    assert 'id="stripe-prepare"' in response.content.decode()
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id is None
    assert f"Could not create the Stripe PaymentIntent of purchase {purchase.reference}" in caplog.text


def test_an_intent_whose_id_was_lost_is_found_again_by_its_idempotency_key(
    client,
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    """Stripe created the intent but our side never stored its id (the answer was lost): asking again
    with the same key returns that very intent, not a second one."""
    purchase = _place_card(client, places, products, django_capture_on_commit_callbacks)
    [intent] = stripe_api.intents.values()
    Purchase.objects.filter(pk=purchase.pk).update(stripe_payment_intent_id=None)

    assert client.post(purchase.get_absolute_url()).status_code == 302

    creates = stripe_api.calls("POST", INTENTS)
    assert [c.idempotency_key for c in creates] == [_key(purchase)] * 2
    assert len(stripe_api.intents) == 1
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == intent["id"]


@pytest.mark.parametrize("payment_status", ["paid", "cancelled"])
def test_try_again_does_nothing_for_a_card_purchase_no_longer_awaiting_payment(
    client,
    stripe_api,
    purchase_without_intent,
    payment_status,
):
    purchase = purchase_without_intent
    Purchase.objects.filter(pk=purchase.pk).update(payment_status=payment_status)

    assert client.post(purchase.get_absolute_url()).status_code == 302
    page = client.get(purchase.get_absolute_url()).content.decode()

    assert stripe_api.requests == []
    assert 'id="stripe-form"' not in page and 'id="stripe-prepare"' not in page
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id is None


def test_try_again_needs_the_link_and_the_csrf_token(
    places,
    products,
    stripe_api,
    django_capture_on_commit_callbacks,
):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    purchase = _place_while_stripe_is_down(Client(), places, products, stripe_api, django_capture_on_commit_callbacks)

    assert browser.post(purchase.get_absolute_url()).status_code == 403  # no CSRF token
    unknown = reverse("checkout:purchase", kwargs={"token": "x" * 32})
    assert Client().post(unknown).status_code == 404
    assert stripe_api.requests == []

    page = browser.get(purchase.get_absolute_url())
    token = page.cookies["csrftoken"].value
    response = browser.post(purchase.get_absolute_url(), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert len(stripe_api.intents) == 1


# --- the selector -------------------------------------------------------------------------------------


def test_the_payment_context_of_each_kind_of_purchase(db, settings, stripe_api):
    def purchase(method, status, **fields):
        return Purchase(
            reference="OCTEST7788", payment_method=method, payment_status=status, total=Decimal("145000"), **fields
        )

    url = "https://cho-ocop.example/mua/abc/"
    for done in ("paid", "cancelled", "on_delivery"):
        for method in ("cod", "vietqr", "stripe"):
            assert purchase_payment_context(purchase=purchase(method, done), return_url=url) == {}

    vietqr = purchase_payment_context(purchase=purchase("vietqr", "awaiting"), return_url=url)["vietqr"]
    fields = vietqr_parse(vietqr["payload"])
    assert fields["54"] == "145000" and fields["62"]["08"] == "OCTEST7788"
    assert fields["38"]["01"]["00"] == settings.VIETQR_BANK_BIN == vietqr["bank_bin"]
    assert vietqr["svg"].startswith("<svg")

    unprepared = purchase_payment_context(purchase=purchase("stripe", "awaiting"), return_url=url)["stripe"]
    assert unprepared["needs_intent"] is True and unprepared["error"]
    assert stripe_api.requests == []

    missing = purchase("stripe", "failed", stripe_payment_intent_id="pi_gone")
    assert set(purchase_payment_context(purchase=missing, return_url=url)["stripe"]) == {"error"}  # Stripe: 404


def test_preparing_leaves_other_payment_methods_alone(db, stripe_api):
    cash = Purchase.objects.create(
        reference="OCTEST7789", payment_method="cod", payment_status="on_delivery", total=Decimal("1000"), phone="1"
    )
    assert purchase_payment_prepare(purchase=cash) is False
    assert stripe_api.requests == []


# --- a real double click (PostgreSQL) -------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent checkouts need PostgreSQL's row locks (SQLite serialises all writers)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_clicked_card_checkout_creates_one_payment_intent(
    live_server,
    places,
    products,
    stripe_api,
):
    """Two "Place order" posts inside the checkout at the same moment, while Stripe takes its time: one purchase,
    one intent. Both requests are held right before ``purchase_place`` (which takes the basket's lock) until
    both are there, so the second really places while the first is placing."""
    honey, _tea = products
    stripe_api.create_delay = 0.4
    browser = basket_fill_over_http(live_server.url, honey, 1)
    data = {**card_checkout_data(places), "csrfmiddlewaretoken": browser.cookies["csrftoken"]}

    def click(_index: int):
        return browser.post(
            live_server.url + reverse("checkout:index"), data=data, allow_redirects=False, timeout=RACE_TIMEOUT
        )

    with race_at("marketplace.checkout.views.purchase_place", racers=2) as placing:
        outcomes = race_run(click, racers=2)
    assert not race_errors(outcomes), race_errors(outcomes)
    assert placing.call_count == 2
    responses = [outcome.value for outcome in outcomes]

    purchase = Purchase.objects.get()
    assert [(r.status_code, r.headers.get("Location")) for r in responses] == [(302, purchase.get_absolute_url())] * 2
    assert len(stripe_api.intents) == 1
    [intent] = stripe_api.intents.values()
    assert purchase.stripe_payment_intent_id == intent["id"]
    creates = stripe_api.calls("POST", INTENTS)
    assert {c.idempotency_key for c in creates} == {_key(purchase)}
    assert {c.status for c in creates} <= {200, 409}

    # The page, opened afterwards, shows that intent and creates nothing more.
    created = len(creates)
    page = requests.get(live_server.url + purchase.get_absolute_url(), timeout=RACE_TIMEOUT).text
    assert f'data-client-secret="{intent["client_secret"]}"' in page
    assert len(stripe_api.calls("POST", INTENTS)) == created
