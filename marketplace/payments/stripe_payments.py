"""Stripe card payments for a whole purchase: the PaymentIntent, webhook events, refunds of cancelled orders.

VND is a zero-decimal currency: every amount sent to Stripe is the integer number of đồng
(``marketplace.core.money.to_dong``), never multiplied by 100.

Every call that creates something at Stripe carries an idempotency key derived from our own
reference, so a retried call (a double click, a re-run task) gets the same object back.
"""

import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.money import to_dong
from marketplace.core.queue import enqueue_on_commit
from marketplace.order.models import Order, Purchase
from marketplace.order.statuses import OrderStatus
from marketplace.payments.models import StripeEvent, StripeRefund

logger = logging.getLogger(__name__)

CURRENCY = "vnd"
# A request or a worker waits this long at most (connect, read), in seconds.
NETWORK_TIMEOUT = (5, 20)
MAX_NETWORK_RETRIES = 2


def stripe_client() -> stripe.StripeClient:
    """A client configured from settings; nothing is set on the ``stripe`` module itself."""
    if not settings.STRIPE_SECRET_KEY:
        raise stripe.AuthenticationError("STRIPE_SECRET_KEY is not set: card payments are not configured.")
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base_addresses,
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=NETWORK_TIMEOUT),
    )


def payment_intent_idempotency_key(*, reference: str) -> str:
    return f"purchase-{reference}-intent"


def refund_idempotency_key(*, order_number: str) -> str:
    return f"order-{order_number}-refund"


# --- PaymentIntent ----------------------------------------------------------------------------------


def payment_intent_params(*, purchase: Purchase) -> dict:
    """What Stripe is asked to collect: the purchase total in whole đồng (VND has no minor unit)."""
    return {
        "amount": to_dong(purchase.total),
        "currency": CURRENCY,
        "automatic_payment_methods": {"enabled": True},
        "description": f"OCOP Market {purchase.reference}",
        "metadata": {"purchase_reference": purchase.reference},
    }


def purchase_payment_intent_ensure(*, purchase: Purchase) -> dict:
    """The purchase's PaymentIntent (created once): ``{"id", "client_secret", "status"}``.

    Called when the purchase is placed (``marketplace.payments.services.purchase_payment_prepare``),
    never by a page view. Two requests at once (a double click) both ask Stripe with the same
    idempotency key and get the same intent; the id is stored only where none is stored yet.
    """
    if purchase.payment_method != Purchase.PaymentMethod.STRIPE:
        raise ValueError(f"Purchase {purchase.reference} is not paid by card.")
    client = stripe_client()
    stored = Purchase.objects.values_list("stripe_payment_intent_id", flat=True).get(pk=purchase.pk)
    if stored:
        intent = client.v1.payment_intents.retrieve(stored)
        purchase.stripe_payment_intent_id = stored
        return _intent_dict(intent)

    intent = client.v1.payment_intents.create(
        params=payment_intent_params(purchase=purchase),
        options={"idempotency_key": payment_intent_idempotency_key(reference=purchase.reference)},
    )
    updated = Purchase.objects.filter(pk=purchase.pk, stripe_payment_intent_id__isnull=True).update(
        stripe_payment_intent_id=intent.id
    )
    if not updated:
        # Another request stored an intent first; use that one (normally the very same intent).
        stored = Purchase.objects.values_list("stripe_payment_intent_id", flat=True).get(pk=purchase.pk)
        if stored != intent.id:
            logger.warning(
                "Purchase %s already has PaymentIntent %s; %s is left unused", purchase.reference, stored, intent.id
            )
            intent = client.v1.payment_intents.retrieve(stored)
    purchase.stripe_payment_intent_id = intent.id
    return _intent_dict(intent)


def payment_intent_retrieve(*, intent_id: str) -> dict:
    """A stored PaymentIntent as Stripe has it now: ``{"id", "client_secret", "status"}``. Creates nothing."""
    return _intent_dict(stripe_client().v1.payment_intents.retrieve(intent_id))


def _intent_dict(intent) -> dict:
    return {"id": intent.id, "client_secret": intent.client_secret, "status": intent.status}


# --- Webhook events ---------------------------------------------------------------------------------


class Outcome:
    """What processing an event did, as recorded on ``StripeEvent.outcome`` and told to Stripe."""

    ALREADY_PROCESSED = "already processed"
    PAID = "paid"
    ALREADY_PAID = "already paid"
    PAID_AFTER_CANCELLATION = "paid after cancellation"
    AMOUNT_MISMATCH = "amount mismatch"
    FAILED = "payment failed"
    FAILURE_IGNORED = "failure ignored"
    UNKNOWN_INTENT = "unknown payment intent"
    IGNORED = "ignored"


def stripe_event_process(*, event_id: str, event_type: str, data: dict) -> str:
    """Act on one verified webhook event, once: recording it and acting on it commit together.

    ``data`` is the event's ``data.object`` as a dict. Returns the outcome. A repeated event
    (same id) changes nothing. Events about intents that are not ours are recorded and left
    alone, so Stripe stops resending them.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event_id, type=event_type)
        except IntegrityError:
            return Outcome.ALREADY_PROCESSED
        if event_type == "payment_intent.succeeded":
            record.purchase, record.outcome = _payment_intent_succeeded(data)
        elif event_type == "payment_intent.payment_failed":
            record.purchase, record.outcome = _payment_intent_failed(data)
        else:
            record.outcome = Outcome.IGNORED
        record.save(update_fields=["purchase", "outcome"])
    return record.outcome


def _purchase_for_intent(intent: dict) -> Purchase | None:
    """Our purchase for a PaymentIntent: by the stored id, else by the reference in its metadata."""
    intent_id = intent.get("id") or ""
    purchase = Purchase.objects.filter(stripe_payment_intent_id=intent_id).first() if intent_id else None
    if purchase is not None:
        return purchase
    reference = (intent.get("metadata") or {}).get("purchase_reference") or ""
    if not reference:
        return None
    purchase = Purchase.objects.filter(reference=reference, payment_method=Purchase.PaymentMethod.STRIPE).first()
    if purchase is None:
        return None
    if purchase.stripe_payment_intent_id is None and intent_id:
        # The page created the intent but could not store its id: adopt it.
        Purchase.objects.filter(pk=purchase.pk, stripe_payment_intent_id__isnull=True).update(
            stripe_payment_intent_id=intent_id
        )
        purchase.refresh_from_db()
    if purchase.stripe_payment_intent_id != intent_id:
        logger.error(
            "PaymentIntent %s names purchase %s, which uses PaymentIntent %s: check it by hand",
            intent_id,
            reference,
            purchase.stripe_payment_intent_id,
        )
        return None
    return purchase


def _payment_intent_succeeded(intent: dict) -> tuple[Purchase | None, str]:
    purchase = _purchase_for_intent(intent)
    if purchase is None:
        logger.warning("Stripe payment for unknown PaymentIntent %s ignored", intent.get("id"))
        return None, Outcome.UNKNOWN_INTENT
    received = intent.get("amount_received")
    if received is None:
        received = intent.get("amount")
    currency = (intent.get("currency") or "").lower()
    if currency != CURRENCY or received != to_dong(purchase.total):
        logger.error(
            "PaymentIntent %s for purchase %s received %s %s, expected %s vnd: not marked paid",
            intent.get("id"),
            purchase.reference,
            received,
            currency,
            to_dong(purchase.total),
        )
        return purchase, Outcome.AMOUNT_MISMATCH

    from marketplace.order.services import purchase_mark_paid

    if purchase_mark_paid(purchase=purchase):
        return purchase, Outcome.PAID
    purchase.refresh_from_db(fields=["payment_status"])
    if purchase.payment_status == Purchase.PaymentStatus.CANCELLED:
        # The money arrived after the deadline cancelled the orders: give it all back.
        logger.warning(
            "Purchase %s was paid by card (PaymentIntent %s) after it was cancelled: refunding it",
            purchase.reference,
            intent.get("id"),
        )
        Purchase.objects.filter(pk=purchase.pk, paid_at__isnull=True).update(paid_at=timezone.now())
        from marketplace.payments import tasks

        for order_id in purchase.orders.filter(status=OrderStatus.CANCELLED).values_list("pk", flat=True):
            enqueue_on_commit(tasks.stripe_refund_order, order_id)
        return purchase, Outcome.PAID_AFTER_CANCELLATION
    return purchase, Outcome.ALREADY_PAID


def _payment_intent_failed(intent: dict) -> tuple[Purchase | None, str]:
    purchase = _purchase_for_intent(intent)
    if purchase is None:
        logger.warning("Stripe payment failure for unknown PaymentIntent %s ignored", intent.get("id"))
        return None, Outcome.UNKNOWN_INTENT

    from marketplace.order.services import purchase_mark_payment_failed

    if purchase_mark_payment_failed(purchase=purchase):
        return purchase, Outcome.FAILED
    return purchase, Outcome.FAILURE_IGNORED


# --- Refunds ----------------------------------------------------------------------------------------


def order_refund(*, order: Order) -> StripeRefund | None:
    """Refund a cancelled order of a card-paid purchase: that order's total, once.

    Returns the refund (the one already recorded, if any), or None when the order was not
    paid by card or is not cancelled. Safe to run again: the recorded refund and the
    idempotency key both stop a second refund.
    """
    order = Order.objects.select_related("purchase").get(pk=order.pk)
    existing = StripeRefund.objects.filter(order=order).first()
    if existing is not None:
        return existing
    purchase = order.purchase
    if (
        purchase is None
        or purchase.payment_method != Purchase.PaymentMethod.STRIPE
        # Paid, or paid too late for a purchase already cancelled (paid_at is set either way).
        or purchase.paid_at is None
        or not purchase.stripe_payment_intent_id
    ):
        logger.warning("Order %s was not paid by card: nothing to refund", order.number)
        return None
    if order.status != OrderStatus.CANCELLED:
        logger.warning("Order %s is %s, not cancelled: not refunded", order.number, order.status)
        return None
    amount = to_dong(order.total_incl_tax)
    refund = stripe_client().v1.refunds.create(
        params={
            "payment_intent": purchase.stripe_payment_intent_id,
            "amount": amount,
            "metadata": {"order_number": order.number, "purchase_reference": purchase.reference},
        },
        options={"idempotency_key": refund_idempotency_key(order_number=order.number)},
    )
    record, _created = StripeRefund.objects.get_or_create(
        order=order, defaults={"refund_id": refund.id, "amount": amount, "status": refund.status or ""}
    )
    logger.info("Refunded %s đồng of order %s (%s)", amount, order.number, record.refund_id)
    return record
