"""django-oscar: the shop."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403

from marketplace.order.statuses import OrderStatus
from marketplace.settings.env import env

OSCAR_SHOP_NAME = env("SITE_NAME", default="Chợ OCOP")
OSCAR_SHOP_TAGLINE = _("Certified OCOP products from Phú Thọ")
OSCAR_HOMEPAGE = reverse_lazy("catalogue:index")
OSCAR_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OCOP Market <no-reply@ocop.example.vn>")

# Whole Vietnamese đồng everywhere: VND has no minor unit (Babel knows it has 0
# digits and formats "125.000 ₫" in vi, "₫125,000" in en).
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_OFFER_ROUNDING_FUNCTION = "marketplace.core.money.round_offer_discount"

OSCAR_SLUG_FUNCTION = "marketplace.core.text.oscar_slugifier"
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
# Vietnamese addresses have no postcode; line1 is the street, line4 the commune/ward.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "country")

# One order per producer. New orders wait for the producer to confirm them; orders paid by
# transfer or card wait for the payment first. Producers move them on; shoppers get an
# e-mail at each step (marketplace.order.services.order_status_change).
OSCAR_INITIAL_ORDER_STATUS = OrderStatus.PENDING.value
OSCAR_INITIAL_LINE_STATUS = OrderStatus.PENDING.value
OSCAR_ORDER_STATUS_PIPELINE = {
    status.value: tuple(target.value for target in targets)
    for status, targets in (
        (OrderStatus.AWAITING_PAYMENT, (OrderStatus.PENDING, OrderStatus.CANCELLED)),
        (OrderStatus.PENDING, (OrderStatus.CONFIRMED, OrderStatus.CANCELLED)),
        (OrderStatus.CONFIRMED, (OrderStatus.PACKED, OrderStatus.CANCELLED)),
        (OrderStatus.PACKED, (OrderStatus.SHIPPED, OrderStatus.CANCELLED)),
        (OrderStatus.SHIPPED, (OrderStatus.DELIVERED,)),
        (OrderStatus.DELIVERED, ()),
        (OrderStatus.CANCELLED, ()),
    )
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = {status: status for status in OSCAR_ORDER_STATUS_PIPELINE}
