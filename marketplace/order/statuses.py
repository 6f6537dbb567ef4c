"""What each order status is called, for shoppers and producers."""

from django.utils.translation import gettext_lazy as _

ORDER_STATUS_LABELS = {
    "awaiting_payment": _("Awaiting payment"),
    "pending": _("Waiting for the producer to confirm"),
    "confirmed": _("Confirmed"),
    "packed": _("Packed"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "cancelled": _("Cancelled"),
}


def order_status_label(status: str) -> str:
    return str(ORDER_STATUS_LABELS.get(status, status))
