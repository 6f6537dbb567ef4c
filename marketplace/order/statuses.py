"""What each order status is called, for shoppers and producers.

The one list of order statuses. Settings build Oscar's pipeline from it, so this module
imports nothing but ``django.db.models`` and ``gettext_lazy``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """The statuses an order (and each of its lines) goes through."""

    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PENDING = "pending", _("Waiting for the producer to confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


ORDER_STATUS_LABELS = {status.value: status.label for status in OrderStatus}


def order_status_label(status: str) -> str:
    return str(ORDER_STATUS_LABELS.get(status, status))
