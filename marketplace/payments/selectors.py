"""Reads of the payments app: producer balances and ledgers, refunds still owed, what the purchase page shows."""

import logging
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext as _

from marketplace.order.models import Order, Purchase
from marketplace.order.statuses import OrderStatus
from marketplace.payments.models import LedgerEntry, StripeRefund

logger = logging.getLogger(__name__)


# --- Producer ledger --------------------------------------------------------------------------------


def producer_balance(*, producer) -> Decimal:
    total = LedgerEntry.objects.filter(producer=producer).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def ledger_entry_list(*, producer) -> QuerySet:
    return LedgerEntry.objects.filter(producer=producer).select_related("order", "created_by")


def producer_ledger_summary(*, producer) -> dict:
    totals = dict(
        LedgerEntry.objects.filter(producer=producer).values_list("kind").annotate(total=Sum("amount")).order_by()
    )
    sales = totals.get(LedgerEntry.Kind.SALE, Decimal(0))
    commission = -totals.get(LedgerEntry.Kind.COMMISSION, Decimal(0))
    payouts = -totals.get(LedgerEntry.Kind.PAYOUT, Decimal(0))
    return {"sales": sales, "commission": commission, "payouts": payouts, "balance": sales - commission - payouts}


# --- Refunds ----------------------------------------------------------------------------------------


def stripe_orders_awaiting_refund_ids(*, limit: int = 500) -> list[int]:
    """Cancelled orders of card-paid purchases that have no refund recorded yet (oldest first).

    The refund task normally runs as the order is cancelled; this finds the ones whose task was lost
    (Stripe failing while the task ran in-process during a broker outage, a worker killed mid-retry).
    """
    return list(
        Order.objects.filter(
            status=OrderStatus.CANCELLED,
            purchase__payment_method=Purchase.PaymentMethod.STRIPE,
            purchase__paid_at__isnull=False,
            purchase__stripe_payment_intent_id__gt="",
        )
        .exclude(Exists(StripeRefund.objects.filter(order=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- The purchase page ------------------------------------------------------------------------------


def purchase_payment_context(*, purchase: Purchase, return_url: str) -> dict:
    """How the shopper pays what the purchase still owes: ``{"vietqr": {...}}``, ``{"stripe": {...}}`` or ``{}``.

    ``vietqr``: the transfer's QR code (payload and SVG) and the operator's bank account.
    ``stripe``: for a card purchase with a PaymentIntent, what Stripe's card form needs (``client_secret``,
    ``publishable_key``, ``return_url``: where Stripe sends the shopper back); ``needs_intent`` when none
    was created yet (Stripe was down when the purchase was placed: the page offers to try again by POST);
    ``error`` when Stripe cannot be reached now. Nothing is created here: the stored intent is only read.
    """
    from marketplace.payments.services import CARD_PAYABLE_STATUSES

    if (
        purchase.payment_method == Purchase.PaymentMethod.VIETQR
        and purchase.payment_status == Purchase.PaymentStatus.AWAITING
    ):
        return {"vietqr": _vietqr_context(purchase=purchase)}
    if purchase.payment_method == Purchase.PaymentMethod.STRIPE and purchase.payment_status in CARD_PAYABLE_STATUSES:
        return {"stripe": _stripe_context(purchase=purchase, return_url=return_url)}
    return {}


def _vietqr_context(*, purchase: Purchase) -> dict:
    from marketplace.payments.vietqr import vietqr_for_settings, vietqr_svg

    payload = vietqr_for_settings(amount=purchase.total_dong, reference=purchase.reference)
    return {
        "payload": payload,
        "svg": vietqr_svg(payload),
        "bank_bin": settings.VIETQR_BANK_BIN,
        "bank_name": settings.VIETQR_BANK_NAME,
        "account_number": settings.VIETQR_ACCOUNT_NUMBER,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }


def _stripe_context(*, purchase: Purchase, return_url: str) -> dict:
    from marketplace.payments.stripe_payments import payment_intent_retrieve

    unavailable = _("Card payment is unavailable right now. Please try again in a few minutes.")
    if not purchase.stripe_payment_intent_id:
        return {"needs_intent": True, "error": unavailable}
    try:
        intent = payment_intent_retrieve(intent_id=purchase.stripe_payment_intent_id)
    except Exception:  # the card form cannot be shown; the purchase itself is safe
        logger.exception("Could not read the Stripe PaymentIntent of purchase %s", purchase.reference)
        return {"error": unavailable}
    return {
        "client_secret": intent["client_secret"],
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "return_url": return_url,
    }
