"""E-mails about purchases and orders.

Sending is at-least-once: a task retried after a crash may repeat a message, but a
message already recorded as sent (in the cache, for a week) is not sent again.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.core.links import absolute_url
from marketplace.order.models import Order, Purchase
from marketplace.order.selectors import purchase_discount_total

_SENT_TTL = 7 * 24 * 3600


def _send_once(key: str, *, subject_template: str, body_template: str, context: dict, to: list[str]) -> bool:
    recipients = [address for address in to if address]
    if not recipients or cache.get(key):
        return False
    context = {**context, "site_url": absolute_url("")}  # links in e-mails must be absolute
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    cache.set(key, True, _SENT_TTL)
    return True


def _producer_recipients(producer) -> list[str]:
    addresses = [producer.email] + [user.email for user in producer.users.all()]
    return list(dict.fromkeys(a for a in addresses if a))


def purchase_send_confirmations(*, purchase_id: int) -> int:
    """The shopper hears about the whole purchase; each producer about their own order only."""
    purchase = Purchase.objects.get(pk=purchase_id)
    orders = list(
        purchase.orders.select_related("producer", "shipping_address", "pickup_point").prefetch_related(
            "lines", "discounts"
        )
    )
    sent = 0
    context = {
        "purchase": purchase,
        "orders": orders,
        "discount_total": purchase_discount_total(purchase=purchase),
        "site_name": settings.OSCAR_SHOP_NAME,
    }
    sent += _send_once(
        f"mail:purchase:{purchase.pk}",
        subject_template="order/emails/purchase_placed_subject.txt",
        body_template="order/emails/purchase_placed_body.txt",
        context=context,
        to=[purchase.email],
    )
    for order in orders:
        sent += _send_once(
            f"mail:order-placed:{order.pk}",
            subject_template="order/emails/producer_order_subject.txt",
            body_template="order/emails/producer_order_body.txt",
            context={"order": order, "purchase": purchase, "site_name": settings.OSCAR_SHOP_NAME},
            to=_producer_recipients(order.producer) if order.producer_id else [],
        )
    return sent


def order_send_status_email(*, status_change_id: int) -> bool:
    from oscar.apps.order.models import OrderStatusChange

    change = OrderStatusChange.objects.select_related("order__purchase", "order__producer").get(pk=status_change_id)
    order: Order = change.order
    email = order.purchase.email if order.purchase_id else (order.email or "")
    return _send_once(
        f"mail:status:{change.pk}",
        subject_template="order/emails/status_subject.txt",
        body_template="order/emails/status_body.txt",
        context={"order": order, "change": change, "site_name": settings.OSCAR_SHOP_NAME},
        to=[email],
    )
