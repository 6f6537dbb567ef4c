"""Celery tasks of the payments app: thin wrappers around services."""

import stripe
from celery import shared_task

from marketplace.order.models import Order
from marketplace.payments import stripe_payments

# Stripe unreachable, rate-limited or failing on its side: try again later (the idempotency key
# makes a retry after a lost answer return the same refund).
_TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


@shared_task(acks_late=True, autoretry_for=_TRANSIENT, retry_backoff=30, retry_backoff_max=3600, max_retries=10)
def stripe_refund_order(order_id: int) -> str | None:
    """Refund a cancelled card-paid order; running it again refunds nothing more."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return None
    refund = stripe_payments.order_refund(order=order)
    return refund.refund_id if refund else None


@shared_task(acks_late=True)
def stripe_refunds_pending() -> int:
    """The safety net (beat): queue the refund of every cancelled card-paid order that has none yet."""
    from marketplace.core.queue import task_enqueue
    from marketplace.payments.selectors import stripe_orders_awaiting_refund_ids

    order_ids = stripe_orders_awaiting_refund_ids()
    for order_id in order_ids:
        task_enqueue(stripe_refund_order, order_id)
    return len(order_ids)
