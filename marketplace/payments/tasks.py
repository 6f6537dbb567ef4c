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
