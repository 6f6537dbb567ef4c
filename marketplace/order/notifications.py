"""E-mails about purchases and orders, each sent once and in its recipient's language.

A row in ``SentEmail`` (unique by kind and object) records each e-mail, written in the same
transaction that sends it: a retried task, a second worker or a cleared cache finds the row and
sends nothing; a failed send rolls the row back so that a retry sends it.

The shopper reads the language they checked out in (``Purchase.language``); a producer the
language of their profile (``Partner.language``).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.core.links import absolute_url
from marketplace.order.models import Order, Purchase, SentEmail
from marketplace.order.selectors import purchase_discount_total
from marketplace.order.statuses import OrderStatus


def _language(language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def _already_sent(*, kind: str, object_id: int) -> bool:
    """A shortcut that saves rendering; the unique constraint below is what guarantees once."""
    return SentEmail.objects.filter(kind=kind, object_id=object_id).exists()


def _send_once(
    *,
    kind: str,
    object_id: int,
    language: str | None,
    subject_template: str,
    body_template: str,
    context: dict,
    to: list[str],
) -> bool:
    """Render and send one e-mail unless it went out already; the unique row decides, not a read."""
    recipients = [address for address in to if address]
    if not recipients or _already_sent(kind=kind, object_id=object_id):
        return False
    language = _language(language)
    context = {**context, "site_url": absolute_url("")}  # links in e-mails must be absolute
    try:
        with transaction.atomic():
            # Two workers racing for the same e-mail: the second waits on the first's row, then fails here.
            SentEmail.objects.create(kind=kind, object_id=object_id, language=language)
            with translation.override(language):
                subject = " ".join(render_to_string(subject_template, context).split())
                body = render_to_string(body_template, context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
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
        kind=SentEmail.Kind.PURCHASE_PLACED,
        object_id=purchase.pk,
        language=purchase.language,
        subject_template="order/emails/purchase_placed_subject.txt",
        body_template="order/emails/purchase_placed_body.txt",
        context=context,
        to=[purchase.email],
    )
    for order in orders:
        sent += _send_once(
            kind=SentEmail.Kind.ORDER_PLACED,
            object_id=order.pk,
            language=order.producer.language if order.producer_id else None,
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
        kind=SentEmail.Kind.STATUS_CHANGED,
        object_id=change.pk,
        language=order.language,
        subject_template="order/emails/status_subject.txt",
        body_template="order/emails/status_body.txt",
        context={
            "order": order,
            "change": change,
            # The status the order moved to (it may have moved on since): what the e-mail adds about it.
            "became_shipped": change.new_status == OrderStatus.SHIPPED,
            "became_cancelled": change.new_status == OrderStatus.CANCELLED,
            "site_name": settings.OSCAR_SHOP_NAME,
        },
        to=[email],
    )
