"""Writes of the payments app: the producer ledger, and preparing a purchase's card payment.

Producer balances are delivered orders minus the platform's commission, minus payouts; the reads
(balances, entries, summaries) are in ``marketplace.payments.selectors``.
"""

import logging
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from marketplace.core.money import validate_whole_dong
from marketplace.order.models import Purchase
from marketplace.payments.models import LedgerEntry

logger = logging.getLogger(__name__)

# A card purchase can be paid (again, after a declined card) while it is in one of these states.
CARD_PAYABLE_STATUSES = (Purchase.PaymentStatus.AWAITING, Purchase.PaymentStatus.FAILED)


# --- Producer ledger --------------------------------------------------------------------------------


def commission_for(*, goods_total: Decimal) -> Decimal:
    """The platform's share of the goods (not of delivery), rounded down to whole đồng."""
    rate = Decimal(str(settings.MARKETPLACE_COMMISSION_PERCENT)) / 100
    return (goods_total * rate).quantize(Decimal(1), rounding=ROUND_DOWN)


def ledger_record_delivery(*, order) -> None:
    """Book a delivered order to its producer (and the commission, if any). Idempotent."""
    if not order.producer_id:
        return
    with transaction.atomic():
        _sale, created = LedgerEntry.objects.get_or_create(
            order=order,
            kind=LedgerEntry.Kind.SALE,
            defaults={"producer_id": order.producer_id, "amount": order.total_incl_tax},
        )
        if not created:
            return
        commission = commission_for(goods_total=order.total_incl_tax - order.shipping_incl_tax)
        if commission > 0:
            LedgerEntry.objects.create(
                order=order, kind=LedgerEntry.Kind.COMMISSION, producer_id=order.producer_id, amount=-commission
            )


def ledger_record_payout(*, producer, amount, officer, note: str = "") -> LedgerEntry:
    """An officer records money paid out to a producer. Cannot exceed what the producer is owed."""
    from marketplace.payments.selectors import producer_balance

    try:
        amount = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError(_("Enter an amount in đồng."), code="amount") from exc
    if amount <= 0:
        raise ValidationError(_("A payout must be more than 0 ₫."), code="amount")
    validate_whole_dong(amount)
    with transaction.atomic():
        # Lock the producer row so that two officers cannot pay out the same balance twice.
        type(producer).objects.select_for_update().filter(pk=producer.pk).first()
        balance = producer_balance(producer=producer)
        if amount > balance:
            raise ValidationError(
                _("The payout is larger than the balance owed (%(balance)s).") % {"balance": currency(balance, "VND")},
                code="over_balance",
            )
        return LedgerEntry.objects.create(
            producer=producer, kind=LedgerEntry.Kind.PAYOUT, amount=-amount, created_by=officer, note=note.strip()[:255]
        )


# --- Card payment of a purchase ---------------------------------------------------------------------


def purchase_payment_prepare_on_commit(*, purchase: Purchase) -> None:
    """Prepare a newly placed purchase's card payment as soon as the placing transaction commits.

    Not inside it: the purchase is committed first (whatever Stripe does), and no row the checkout locked
    (basket, stock, vouchers) stays locked while Stripe is asked. The shopper's browser is redirected to
    the purchase page only after this has run (the request's transaction commits before it answers).
    """
    if purchase.payment_method != Purchase.PaymentMethod.STRIPE:
        return
    transaction.on_commit(lambda: purchase_payment_prepare(purchase=purchase))


def purchase_payment_prepare(*, purchase: Purchase) -> bool:
    """Create the card purchase's Stripe PaymentIntent if it has none yet; True when it has one afterwards.

    Called when a card purchase is placed (``purchase_payment_prepare_on_commit``) and when the shopper
    asks again on the purchase page (a POST), never on a page view. Idempotent: a stored PaymentIntent
    is reused without calling Stripe, and a creation repeated after a lost answer (or by a second
    request at the same moment) carries the same idempotency key, so Stripe returns the same intent.
    Other payment methods, and purchases no longer awaiting payment, are left alone (False).
    Stripe being unreachable or refusing is logged and answered with False: the purchase itself is
    placed and safe, and the shopper can ask again from the purchase page.
    """
    from marketplace.payments.stripe_payments import purchase_payment_intent_ensure

    if purchase.payment_method != Purchase.PaymentMethod.STRIPE:
        return False
    current = Purchase.objects.filter(pk=purchase.pk).values("payment_status", "stripe_payment_intent_id").first()
    if current is None or current["payment_status"] not in CARD_PAYABLE_STATUSES:
        return False
    if current["stripe_payment_intent_id"]:
        purchase.stripe_payment_intent_id = current["stripe_payment_intent_id"]
        return True
    try:
        purchase_payment_intent_ensure(purchase=purchase)
    except Exception:  # Stripe down or refusing (stripe.StripeError), or anything else: the purchase is safe
        logger.exception("Could not create the Stripe PaymentIntent of purchase %s", purchase.reference)
        return False
    return True
