"""Orders: one Oscar order per producer, tied together by a purchase.

A shopper checks out once and pays once; the marketplace places one order per
producer (own number, lines, shipping charge and status) so that each producer
fulfils and is paid for only their part. The ``Purchase`` is the checkout
reference the shopper sees and the owner of the single payment.
"""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractOrder

from marketplace.core.money import validate_whole_dong


def _access_token() -> str:
    return secrets.token_urlsafe(24)


class Purchase(models.Model):
    class PaymentMethod(models.TextChoices):
        COD = "cod", _("Cash on delivery")
        VIETQR = "vietqr", _("Bank transfer (VietQR)")
        STRIPE = "stripe", _("Card (Stripe)")

    class PaymentStatus(models.TextChoices):
        # Cash is collected by the carrier: nothing to wait for at checkout.
        ON_DELIVERY = "on_delivery", _("Pay on delivery")
        AWAITING = "awaiting", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("Purchase reference"), max_length=20, unique=True)
    # The purchase page is reachable by guests through this secret, never by the reference alone.
    access_token = models.CharField(max_length=64, unique=True, default=_access_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Customer"),
        related_name="purchases",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    email = models.EmailField(_("Email"))
    phone = models.CharField(_("Phone"), max_length=20)
    payment_method = models.CharField(_("Payment method"), max_length=16, choices=PaymentMethod.choices)
    payment_status = models.CharField(_("Payment status"), max_length=16, choices=PaymentStatus.choices)
    total = models.DecimalField(
        _("Total (đồng)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), validate_whole_dong],
    )
    currency = models.CharField(max_length=3, default="VND")
    payment_deadline = models.DateTimeField(_("Pay by"), null=True, blank=True)
    paid_at = models.DateTimeField(_("Paid at"), null=True, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True, db_index=True)
    # Set when the purchase, cancelled unpaid, gave its offer and voucher uses back (so it does so once).
    discounts_released_at = models.DateTimeField(_("Discounts released"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Purchase")
        verbose_name_plural = _("Purchases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["payment_method", "payment_status", "payment_deadline"])]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("checkout:purchase", kwargs={"token": self.access_token})

    @property
    def total_dong(self) -> int:
        return int(self.total)


class Order(AbstractOrder):
    purchase = models.ForeignKey(
        Purchase,
        verbose_name=_("Purchase"),
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Each order belongs to exactly one producer: the one who fulfils it.
    producer = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Producer"),
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Pick-up at an OCOP sales point instead of home delivery.
    pickup_point = models.ForeignKey(
        "shipping.SalesPoint",
        verbose_name=_("Pick-up point"),
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    carrier = models.CharField(_("Carrier"), max_length=64, blank=True)
    tracking_number = models.CharField(_("Tracking number"), max_length=64, blank=True)
    cancel_reason = models.CharField(_("Cancellation reason"), max_length=255, blank=True)

    class Meta(AbstractOrder.Meta):
        indexes = [models.Index(fields=["producer", "status", "-date_placed"])]


class ShippingAddress(AbstractShippingAddress):
    # Vietnamese addresses: street line + commune/ward (+ its province); no postcode.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta(AbstractShippingAddress.Meta):
        pass


from oscar.apps.order.models import *  # noqa: E402,F403
