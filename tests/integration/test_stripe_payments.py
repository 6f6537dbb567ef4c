"""Card payments through the real Stripe SDK, against a stand-in Stripe API on 127.0.0.1.

A purchase placed with payment method "stripe" gets one PaymentIntent for its exact total in
đồng as it is placed (its page only reads it: tests/integration/test_purchase_payment_intent.py);
only a correctly signed webhook marks it paid, once, however often Stripe repeats itself;
cancelling a paid order refunds that order's total, once.
"""

import hashlib
import hmac
import json
import secrets
import time
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django.urls import reverse

from marketplace.order.models import Order, Purchase
from marketplace.order.services import order_status_change
from marketplace.payments import tasks
from marketplace.payments.models import StripeEvent, StripeRefund
from marketplace.payments.stripe_payments import (
    order_refund,
    payment_intent_params,
    purchase_payment_intent_ensure,
    stripe_client,
)
from tests.helpers import STRIPE_WEBHOOK_SECRET, card_checkout_place, race_at, race_errors, race_run

# --- helpers (the fixtures stripe_api and products are in tests/integration/conftest.py) ------------------


def _place_while_stripe_is_down(client, places, stripe_api, capture, *items, **overrides) -> Purchase:
    """A card purchase placed while Stripe answered 500: placed, without a PaymentIntent; Stripe is back after."""
    stripe_api.fail_with = 500
    with capture(execute=True):  # the PaymentIntent is asked for as the placing transaction commits
        purchase = card_checkout_place(client, places, *items, **overrides)
    assert [r.status for r in stripe_api.calls("POST", "/v1/payment_intents")] == [500]
    stripe_api.fail_with = None
    stripe_api.requests.clear()
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id is None
    return purchase


def _card_purchase_of(client, places, products, capture) -> Purchase:
    """Honey and tea bought by card, with the purchase page opened once (which creates the PaymentIntent)."""
    honey, tea = products
    with capture(execute=True):
        purchase = card_checkout_place(client, places, (honey, 1), (tea, 1))
    client.get(purchase.get_absolute_url())
    purchase.refresh_from_db()
    return purchase


def _signature(payload: str, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header exactly as Stripe builds it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _event(event_type: str, intent: dict, *, event_id: str | None = None) -> str:
    return json.dumps(
        {
            "id": event_id or f"evt_{secrets.token_hex(12)}",
            "object": "event",
            "api_version": "2025-09-30.clover",
            "created": int(time.time()),
            "data": {"object": intent},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
    )


def _post_webhook(client, payload, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post(reverse("payments:stripe-webhook"), data=payload, content_type="application/json", **headers)


def _deliver(client, capture, payload, signature=None):
    """One webhook delivery as its own request: e-mails and tasks run when it commits."""
    with capture(execute=True):
        return _post_webhook(client, payload, _signature(payload) if signature is None else signature)


def _status(purchase):
    purchase.refresh_from_db()
    return purchase.payment_status, sorted(purchase.orders.values_list("status", flat=True))


@pytest.fixture
def card_purchase(client, places, products, stripe_api, django_capture_on_commit_callbacks):
    """A placed card purchase of one honey (145.000 ₫ with delivery) whose page has been opened."""
    honey, _tea = products
    with django_capture_on_commit_callbacks(execute=True):
        purchase = card_checkout_place(client, places, (honey, 1))
    assert client.get(purchase.get_absolute_url()).status_code == 200
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id
    mail.outbox.clear()
    return purchase


# --- the PaymentIntent -------------------------------------------------------------------------------


def test_the_amount_sent_to_stripe_is_the_dong_total_never_times_100():
    purchase = Purchase(reference="OCTEST2345", payment_method="stripe", total=Decimal("145000.00"))
    params = payment_intent_params(purchase=purchase)
    assert params["amount"] == 145000 and isinstance(params["amount"], int)
    assert params["currency"] == "vnd"
    assert params["metadata"] == {"purchase_reference": "OCTEST2345"}
    assert params["automatic_payment_methods"] == {"enabled": True}
    # A fraction of a đồng is a bug upstream, not something to round away silently.
    with pytest.raises(ValueError):
        payment_intent_params(purchase=Purchase(reference="OCTEST2346", total=Decimal("145000.50")))


def test_placing_a_card_purchase_creates_one_payment_intent_for_the_exact_total(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    honey, _tea = products
    with django_capture_on_commit_callbacks(execute=True):
        purchase = card_checkout_place(client, places, (honey, 1))
    assert purchase.payment_method == "stripe" and purchase.payment_status == "awaiting"
    assert purchase.total == Decimal("145000")
    assert list(purchase.orders.values_list("status", flat=True)) == ["awaiting_payment"]
    assert [r.method for r in stripe_api.requests] == ["POST"]  # placing the purchase created the intent

    page = client.get(purchase.get_absolute_url()).content.decode()

    [create] = stripe_api.calls("POST", "/v1/payment_intents")
    assert create.form["amount"] == "145000"  # not 14500000
    assert create.form["currency"] == "vnd"
    assert create.form["metadata[purchase_reference]"] == purchase.reference
    assert create.form["automatic_payment_methods[enabled]"] == "true"
    assert create.idempotency_key == f"purchase-{purchase.reference}-intent"
    assert create.headers["authorization"] == "Bearer sk_test_x"
    purchase.refresh_from_db()
    [intent] = stripe_api.intents.values()
    assert purchase.stripe_payment_intent_id == intent["id"]
    assert f'data-client-secret="{intent["client_secret"]}"' in page
    assert 'data-publishable-key="pk_test_x"' in page

    # Again: the stored intent is fetched, no second one is created.
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert len(stripe_api.calls("POST", "/v1/payment_intents")) == 1
    assert [r.path for r in stripe_api.calls("GET", "/v1/")] == [f"/v1/payment_intents/{intent['id']}"] * 2
    assert f'data-client-secret="{intent["client_secret"]}"' in page
    assert len(stripe_api.intents) == 1


def test_a_cash_purchase_never_calls_stripe(client, places, products, stripe_api):
    honey, _tea = products
    purchase = card_checkout_place(client, places, (honey, 1), payment_method="cod")
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert 'id="stripe-form"' not in page
    assert stripe_api.requests == []
    with pytest.raises(ValueError):
        purchase_payment_intent_ensure(purchase=purchase)
    assert stripe_api.requests == []


def test_stripe_down_shows_an_apology_and_stores_nothing_then_recovers(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    honey, _tea = products
    stripe_api.fail_with = 500
    with django_capture_on_commit_callbacks(execute=True):
        purchase = card_checkout_place(client, places, (honey, 1))  # placed all the same
    assert [r.status for r in stripe_api.calls("POST", "/v1/payment_intents")] == [500]

    response = client.get(purchase.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="stripe-form"' not in page and 'id="stripe-prepare"' in page
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id is None and purchase.payment_status == "awaiting"
    assert stripe_api.intents == {}

    stripe_api.fail_with = None
    stripe_api.requests.clear()
    # Viewing the page again creates nothing; the shopper's "Try again" (a POST) does.
    assert 'id="stripe-form"' not in client.get(purchase.get_absolute_url()).content.decode()
    assert stripe_api.requests == []
    response = client.post(purchase.get_absolute_url())
    assert response.status_code == 302 and response.url == purchase.get_absolute_url()
    assert 'id="stripe-form"' in client.get(purchase.get_absolute_url()).content.decode()
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == next(iter(stripe_api.intents))
    assert len(stripe_api.calls("POST", "/v1/payment_intents")) == 1


def test_a_stale_purchase_object_does_not_create_a_second_intent(card_purchase, stripe_api):
    stale = Purchase.objects.get(pk=card_purchase.pk)
    stale.stripe_payment_intent_id = None  # as loaded before the page stored the id

    result = purchase_payment_intent_ensure(purchase=stale)

    assert result["id"] == card_purchase.stripe_payment_intent_id
    assert len(stripe_api.calls("POST", "/v1/payment_intents")) == 1
    assert len(stripe_api.intents) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_at_once_share_one_intent(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    """Both requests ask Stripe with the same idempotency key: Stripe answers the second with the first intent."""
    honey, _tea = products
    purchase = _place_while_stripe_is_down(client, places, stripe_api, django_capture_on_commit_callbacks, (honey, 1))
    stripe_api.create_delay = 0.4  # the first is still in flight at Stripe when the second asks

    def open_page(_index: int) -> dict:
        return purchase_payment_intent_ensure(purchase=Purchase.objects.get(pk=purchase.pk))

    # Both are held after reading "no intent stored", right before asking Stripe, until both are there.
    with race_at("marketplace.payments.stripe_payments.payment_intent_params", racers=2) as asking:
        outcomes = race_run(open_page, racers=2)
    assert race_errors(outcomes) == []
    assert asking.call_count == 2
    results = [outcome.value for outcome in outcomes]
    assert results[0]["id"] == results[1]["id"]
    assert results[0]["client_secret"] == results[1]["client_secret"]
    creates = stripe_api.calls("POST", "/v1/payment_intents")
    assert len([c for c in creates if c.status == 200]) == 2  # each asked, and got the one intent
    assert {c.idempotency_key for c in creates} == {f"purchase-{purchase.reference}-intent"}
    assert {c.status for c in creates} <= {200, 409}  # 409: "in progress", which the SDK retries
    assert len(stripe_api.intents) == 1
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == results[0]["id"]


# --- the webhook -------------------------------------------------------------------------------------


def test_the_webhook_answers_only_post(client, db):
    response = client.get(reverse("payments:stripe-webhook"))
    assert response.status_code == 405
    assert reverse("payments:stripe-webhook") == "/payments/stripe/webhook/"


def test_a_succeeded_event_sent_five_times_pays_once(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    purchase = _card_purchase_of(client, places, products, django_capture_on_commit_callbacks)
    assert purchase.total == Decimal("325000")
    mail.outbox.clear()
    payload = _event("payment_intent.succeeded", stripe_api.succeed(purchase.stripe_payment_intent_id))

    responses = [_deliver(client, django_capture_on_commit_callbacks, payload) for _ in range(5)]

    assert [r.status_code for r in responses] == [200] * 5
    assert responses[0].content == b"paid"
    assert {r.content for r in responses[1:]} == {b"already processed"}
    assert StripeEvent.objects.count() == 1
    event = StripeEvent.objects.get()
    assert event.type == "payment_intent.succeeded" and event.purchase == purchase and event.outcome == "paid"
    assert _status(purchase) == ("paid", ["pending", "pending"])
    assert purchase.paid_at is not None
    # The shopper hears once per order that it moved on.
    numbers = sorted(purchase.orders.values_list("number", flat=True))
    assert all(m.to == ["khach@example.vn"] for m in mail.outbox)
    assert sorted(n for m in mail.outbox for n in numbers if n in m.subject) == numbers
    assert len(mail.outbox) == 2


def test_the_same_payment_reported_in_a_new_event_changes_nothing_more(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks
):
    intent = stripe_api.succeed(card_purchase.stripe_payment_intent_id)
    _deliver(client, django_capture_on_commit_callbacks, _event("payment_intent.succeeded", intent))
    paid_at = Purchase.objects.get(pk=card_purchase.pk).paid_at
    mail.outbox.clear()

    response = _deliver(client, django_capture_on_commit_callbacks, _event("payment_intent.succeeded", intent))

    assert response.status_code == 200 and response.content == b"already paid"
    assert StripeEvent.objects.count() == 2
    assert Purchase.objects.get(pk=card_purchase.pk).paid_at == paid_at
    assert mail.outbox == []


@pytest.mark.parametrize(
    "make_signature",
    [
        pytest.param(lambda payload: _signature(payload, secret="whsec_someone_else"), id="wrong secret"),
        pytest.param(lambda payload: None, id="no header"),
        pytest.param(lambda payload: "", id="empty header"),
        pytest.param(lambda payload: "garbage", id="malformed header"),
        pytest.param(lambda payload: _signature(payload).replace("v1=", "v0="), id="wrong scheme"),
        pytest.param(lambda payload: _signature(payload, timestamp=int(time.time()) - 600), id="too old"),
    ],
)
def test_a_badly_signed_webhook_is_refused_and_changes_nothing(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks, make_signature
):
    payload = _event("payment_intent.succeeded", stripe_api.succeed(card_purchase.stripe_payment_intent_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_webhook(client, payload, make_signature(payload))

    assert response.status_code == 400
    assert response.content == b"invalid signature"
    assert StripeEvent.objects.count() == 0
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])
    assert mail.outbox == []


def test_a_tampered_body_with_the_old_signature_is_refused(client, card_purchase, stripe_api):
    intent = stripe_api.intents[card_purchase.stripe_payment_intent_id]
    genuine = _event("payment_intent.succeeded", {**intent, "status": "requires_payment_method"})
    signature = _signature(genuine)
    tampered = genuine.replace('"requires_payment_method"', '"succeeded"')
    assert tampered != genuine

    response = _post_webhook(client, tampered, signature)

    assert response.status_code == 400 and response.content == b"invalid signature"
    assert StripeEvent.objects.count() == 0
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param("not json at all", b"invalid payload", id="not json"),
        pytest.param('{"hello": "world"}', b"invalid event", id="not an event"),
        pytest.param('{"id": "evt_1", "object": "event", "type": "x", "data": []}', b"invalid event", id="no object"),
    ],
)
def test_a_signed_body_that_is_not_an_event_is_refused(client, card_purchase, payload, reason):
    response = _post_webhook(client, payload, _signature(payload))
    assert response.status_code == 400 and response.content == reason
    assert StripeEvent.objects.count() == 0
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])


def test_a_failure_after_the_success_leaves_the_purchase_paid(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks
):
    intent_id = card_purchase.stripe_payment_intent_id
    succeeded = _event("payment_intent.succeeded", stripe_api.succeed(intent_id))
    failed = _event("payment_intent.payment_failed", stripe_api.fail(intent_id))

    assert _deliver(client, django_capture_on_commit_callbacks, succeeded).content == b"paid"
    response = _deliver(client, django_capture_on_commit_callbacks, failed)

    assert response.status_code == 200 and response.content == b"failure ignored"
    assert _status(card_purchase) == ("paid", ["pending"])
    assert StripeEvent.objects.count() == 2


def test_a_failure_then_a_success_pays(client, card_purchase, stripe_api, django_capture_on_commit_callbacks):
    intent_id = card_purchase.stripe_payment_intent_id
    failed = _event("payment_intent.payment_failed", stripe_api.fail(intent_id))

    response = _deliver(client, django_capture_on_commit_callbacks, failed)

    assert response.status_code == 200 and response.content == b"payment failed"
    assert _status(card_purchase) == ("failed", ["awaiting_payment"])
    # The shopper may try another card: the page still offers the same intent.
    page = client.get(card_purchase.get_absolute_url()).content.decode()
    assert stripe_api.intents[intent_id]["client_secret"] in page
    assert len(stripe_api.intents) == 1

    succeeded = _event("payment_intent.succeeded", stripe_api.succeed(intent_id))
    assert _deliver(client, django_capture_on_commit_callbacks, succeeded).content == b"paid"
    assert _status(card_purchase) == ("paid", ["pending"])


def test_an_event_for_someone_elses_intent_is_acknowledged_and_ignored(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks
):
    foreign = {
        **stripe_api.succeed(card_purchase.stripe_payment_intent_id),
        "id": "pi_not_ours_123",
        "metadata": {"order_id": "shop-elsewhere-7"},
    }
    payload = _event("payment_intent.succeeded", foreign)

    response = _deliver(client, django_capture_on_commit_callbacks, payload)

    assert response.status_code == 200 and response.content == b"unknown payment intent"
    event = StripeEvent.objects.get()
    assert event.purchase is None and event.outcome == "unknown payment intent"
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])
    assert mail.outbox == []


def test_an_intent_naming_our_purchase_but_not_its_intent_does_not_pay(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks
):
    impostor = {
        **stripe_api.succeed(card_purchase.stripe_payment_intent_id),
        "id": "pi_other_999",
        "metadata": {"purchase_reference": card_purchase.reference},
    }
    response = _deliver(client, django_capture_on_commit_callbacks, _event("payment_intent.succeeded", impostor))
    assert response.status_code == 200 and response.content == b"unknown payment intent"
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])


def test_a_payment_found_by_its_reference_is_adopted(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    """The intent was created but the request died before storing its id: the webhook still confirms the purchase."""
    honey, _tea = products
    purchase = _place_while_stripe_is_down(client, places, stripe_api, django_capture_on_commit_callbacks, (honey, 1))
    intent = stripe_client().v1.payment_intents.create(params=payment_intent_params(purchase=purchase))
    assert Purchase.objects.get(pk=purchase.pk).stripe_payment_intent_id is None

    payload = _event("payment_intent.succeeded", stripe_api.succeed(intent.id))
    response = _deliver(client, django_capture_on_commit_callbacks, payload)

    assert response.content == b"paid"
    purchase.refresh_from_db()
    assert purchase.stripe_payment_intent_id == intent.id and purchase.payment_status == "paid"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"amount_received": 1450}, id="a hundredth"),
        pytest.param({"amount_received": 14500000}, id="a hundred times"),
        pytest.param({"amount_received": 144999}, id="one đồng short"),
        pytest.param({"currency": "usd"}, id="other currency"),
    ],
)
def test_a_payment_of_the_wrong_amount_does_not_pay(
    client, card_purchase, stripe_api, django_capture_on_commit_callbacks, change, caplog
):
    intent = stripe_api.succeed(card_purchase.stripe_payment_intent_id) | change

    response = _deliver(client, django_capture_on_commit_callbacks, _event("payment_intent.succeeded", intent))

    assert response.status_code == 200 and response.content == b"amount mismatch"
    assert StripeEvent.objects.get().outcome == "amount mismatch"
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])
    assert "not marked paid" in caplog.text
    assert mail.outbox == []


def test_other_event_types_are_recorded_and_ignored(client, card_purchase, stripe_api):
    intent = stripe_api.intents[card_purchase.stripe_payment_intent_id]
    payload = _event("payment_intent.created", intent)
    response = _post_webhook(client, payload, _signature(payload))
    assert response.status_code == 200 and response.content == b"ignored"
    assert StripeEvent.objects.get().type == "payment_intent.created"
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])


def test_an_error_while_applying_an_event_records_nothing(
    client, card_purchase, stripe_api, monkeypatch, django_capture_on_commit_callbacks
):
    """The event record and the state change commit together: after a crash Stripe's retry is processed."""
    from marketplace.order import services

    def crash(*, purchase, user=None):
        Purchase.objects.filter(pk=purchase.pk).update(payment_status="paid")
        raise RuntimeError("worker killed")

    payload = _event("payment_intent.succeeded", stripe_api.succeed(card_purchase.stripe_payment_intent_id))
    monkeypatch.setattr(services, "purchase_mark_paid", crash)
    client.raise_request_exception = False
    assert _post_webhook(client, payload, _signature(payload)).status_code == 500
    assert StripeEvent.objects.count() == 0
    assert _status(card_purchase) == ("awaiting", ["awaiting_payment"])

    monkeypatch.undo()
    assert _deliver(client, django_capture_on_commit_callbacks, payload).content == b"paid"
    assert StripeEvent.objects.count() == 1
    assert _status(card_purchase) == ("paid", ["pending"])


# --- refunds -----------------------------------------------------------------------------------------


@pytest.fixture
def paid_two_orders(client, places, products, stripe_api, django_capture_on_commit_callbacks):
    """A paid card purchase of honey (145.000 ₫) and tea (180.000 ₫)."""
    purchase = _card_purchase_of(client, places, products, django_capture_on_commit_callbacks)
    payload = _event("payment_intent.succeeded", stripe_api.succeed(purchase.stripe_payment_intent_id))
    assert _deliver(client, django_capture_on_commit_callbacks, payload).content == b"paid"
    honey_order = purchase.orders.get(producer__name="HTX Mật ong")
    tea_order = purchase.orders.get(producer__name="HTX Chè Long Cốc")
    assert (honey_order.total_incl_tax, tea_order.total_incl_tax) == (Decimal("145000"), Decimal("180000"))
    return purchase, honey_order, tea_order


def test_cancelling_a_paid_order_refunds_that_order_once(
    paid_two_orders, stripe_api, django_capture_on_commit_callbacks
):
    purchase, honey_order, tea_order = paid_two_orders

    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=honey_order, new_status="cancelled", reason="Hết hàng")

    [call] = stripe_api.calls("POST", "/v1/refunds")
    assert call.form["payment_intent"] == purchase.stripe_payment_intent_id
    assert call.form["amount"] == "145000"
    assert call.idempotency_key == f"order-{honey_order.number}-refund"
    refund = StripeRefund.objects.get()
    assert refund.order == honey_order and refund.amount == Decimal("145000") and refund.status == "succeeded"
    assert refund.refund_id in stripe_api.refunds

    # The task again (a redelivery after a worker crash): nothing more is asked of Stripe.
    assert tasks.stripe_refund_order.delay(honey_order.pk).get() == refund.refund_id
    tasks.stripe_refund_order(honey_order.pk)
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1
    assert StripeRefund.objects.count() == 1
    # The other order is untouched.
    assert Order.objects.get(pk=tea_order.pk).status == "pending"


def test_a_refund_lost_before_it_was_recorded_is_not_made_twice(
    paid_two_orders, stripe_api, django_capture_on_commit_callbacks
):
    """Stripe refunded but the worker died before writing it down: the idempotency key replays the same refund."""
    purchase, honey_order, _tea_order = paid_two_orders
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=honey_order, new_status="cancelled", reason="Khách đổi ý")
    first = StripeRefund.objects.get().refund_id
    StripeRefund.objects.all().delete()

    again = order_refund(order=honey_order)

    assert again.refund_id == first
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 2
    assert len(stripe_api.refunds) == 1


def test_cancelling_both_orders_refunds_each_its_own_total(
    paid_two_orders, stripe_api, django_capture_on_commit_callbacks
):
    purchase, honey_order, tea_order = paid_two_orders
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=honey_order, new_status="cancelled", reason="Hết hàng")
        order_status_change(order=tea_order, new_status="cancelled", reason="Hết hàng")
    amounts = sorted(int(call.form["amount"]) for call in stripe_api.calls("POST", "/v1/refunds"))
    assert amounts == [145000, 180000]
    assert sum(r["amount"] for r in stripe_api.refunds.values()) == purchase.total


def test_only_cancelled_card_paid_orders_are_refunded(
    client, places, products, stripe_api, paid_two_orders, django_capture_on_commit_callbacks
):
    _purchase, honey_order, _tea_order = paid_two_orders
    # Not cancelled: no refund.
    assert order_refund(order=honey_order) is None
    # Cash on delivery: nothing to refund, even when cancelled.
    honey, _tea = products
    with django_capture_on_commit_callbacks(execute=True):
        cash = card_checkout_place(client, places, (honey, 1), payment_method="cod")
        order = cash.orders.get()
        order_status_change(order=order, new_status="cancelled", reason="Khách đổi ý")
    assert tasks.stripe_refund_order(order.pk) is None
    assert tasks.stripe_refund_order(987654321) is None
    assert stripe_api.calls("POST", "/v1/refunds") == []
    assert StripeRefund.objects.count() == 0


def test_an_unpaid_card_order_cancelled_asks_stripe_for_nothing(
    card_purchase, stripe_api, django_capture_on_commit_callbacks
):
    order = card_purchase.orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=order, new_status="cancelled", reason="Khách đổi ý")
    assert order_refund(order=order) is None
    assert stripe_api.calls("POST", "/v1/refunds") == []


def test_a_stripe_error_reaches_the_caller_so_the_task_retries(paid_two_orders, stripe_api):
    _purchase, honey_order, _tea_order = paid_two_orders
    Order.objects.filter(pk=honey_order.pk).update(status="cancelled")
    stripe_api.fail_with = 500
    with pytest.raises(stripe.APIError):
        order_refund(order=honey_order)
    assert StripeRefund.objects.count() == 0
    assert stripe.APIError in tasks.stripe_refund_order.autoretry_for


def test_staff_read_the_stripe_logs_in_the_admin_but_cannot_edit_them(
    client, paid_two_orders, stripe_api, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    _purchase, honey_order, _tea_order = paid_two_orders
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=honey_order, new_status="cancelled", reason="Hết hàng")
    event, refund = StripeEvent.objects.get(), StripeRefund.objects.get()
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))

    events = client.get(reverse("admin:payments_stripeevent_changelist")).content.decode()
    refunds = client.get(reverse("admin:payments_striperefund_changelist")).content.decode()

    assert event.event_id in events and refund.refund_id in refunds
    assert client.get(reverse("admin:payments_stripeevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:payments_stripeevent_add")).status_code == 403
    assert client.get(reverse("admin:payments_striperefund_delete", args=[refund.pk])).status_code == 403


def test_a_payment_arriving_after_the_deadline_cancelled_the_purchase_is_refunded_in_full(
    client, places, products, stripe_api, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.order.services import purchases_cancel_unpaid

    purchase = _card_purchase_of(client, places, products, django_capture_on_commit_callbacks)
    Purchase.objects.filter(pk=purchase.pk).update(payment_deadline=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert purchases_cancel_unpaid() == 1
    assert stripe_api.calls("POST", "/v1/refunds") == []

    payload = _event("payment_intent.succeeded", stripe_api.succeed(purchase.stripe_payment_intent_id))
    response = _deliver(client, django_capture_on_commit_callbacks, payload)

    assert response.status_code == 200 and response.content == b"paid after cancellation"
    assert _status(purchase) == ("cancelled", ["cancelled", "cancelled"])
    amounts = sorted(int(call.form["amount"]) for call in stripe_api.calls("POST", "/v1/refunds"))
    assert amounts == [145000, 180000] and sum(amounts) == purchase.total
    # Stripe sends the event again: nothing more is refunded.
    _deliver(client, django_capture_on_commit_callbacks, payload)
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 2


def test_a_refund_whose_task_was_lost_is_made_by_the_safety_net_once(
    paid_two_orders, stripe_api, django_capture_on_commit_callbacks
):
    """A cancelled card order whose refund task never ran (broker down and Stripe failing at that moment)."""
    from marketplace.payments.selectors import stripe_orders_awaiting_refund_ids

    purchase, honey_order, tea_order = paid_two_orders
    # Cancelled without its task running: the callbacks are captured and dropped.
    with django_capture_on_commit_callbacks(execute=False):
        order_status_change(order=honey_order, new_status="cancelled", reason="Hết hàng")
    assert stripe_api.calls("POST", "/v1/refunds") == []
    assert stripe_orders_awaiting_refund_ids() == [honey_order.pk]  # not the tea order: it is not cancelled

    assert tasks.stripe_refunds_pending() == 1
    [call] = stripe_api.calls("POST", "/v1/refunds")
    assert call.form["amount"] == "145000"
    assert StripeRefund.objects.get().order == honey_order
    # Run again: nothing is awaiting, nothing more is asked of Stripe.
    assert stripe_orders_awaiting_refund_ids() == []
    assert tasks.stripe_refunds_pending() == 0
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1
