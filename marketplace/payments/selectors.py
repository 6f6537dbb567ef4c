"""Reads of the payments app."""

from django.db.models import Exists, OuterRef

from marketplace.order.models import Order, Purchase
from marketplace.payments.models import StripeRefund


def stripe_orders_awaiting_refund_ids(*, limit: int = 500) -> list[int]:
    """Cancelled orders of card-paid purchases that have no refund recorded yet (oldest first).

    The refund task normally runs as the order is cancelled; this finds the ones whose task was lost
    (Stripe failing while the task ran in-process during a broker outage, a worker killed mid-retry).
    """
    return list(
        Order.objects.filter(
            status="cancelled",
            purchase__payment_method=Purchase.PaymentMethod.STRIPE,
            purchase__paid_at__isnull=False,
            purchase__stripe_payment_intent_id__gt="",
        )
        .exclude(Exists(StripeRefund.objects.filter(order=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
