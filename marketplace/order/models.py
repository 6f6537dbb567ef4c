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
from marketplace.order.statuses import OrderStatus


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
    # The language the shopper checked out in: every e-mail about the purchase and its orders speaks it.
    language = models.CharField(
        _("Language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

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

    @property
    def awaits_payment(self) -> bool:
        """Whether the transfer or card payment may still arrive (neither paid, failed nor cancelled)."""
        return self.payment_status == self.PaymentStatus.AWAITING


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

    # What templates ask about an order's status (they never compare status strings).

    @property
    def awaits_payment(self) -> bool:
        """Whether the shopper can still pay for this order: it waits for its purchase's payment."""
        return (
            self.status == OrderStatus.AWAITING_PAYMENT
            and self.purchase_id is not None
            and self.purchase.awaits_payment
        )

    @property
    def is_shipped(self) -> bool:
        return self.status == OrderStatus.SHIPPED

    @property
    def is_cancelled(self) -> bool:
        return self.status == OrderStatus.CANCELLED

    @property
    def language(self) -> str:
        """The shopper's language: the one they checked out in."""
        return self.purchase.language if self.purchase_id else settings.LANGUAGE_CODE


class SentEmail(models.Model):
    """One e-mail about a purchase or an order that went out; the unique pair makes each go out once.

    The database decides (not a cache): a retried task, a second worker or a cleared cache finds
    the row and sends nothing.
    """

    class Kind(models.TextChoices):
        PURCHASE_PLACED = "purchase_placed", _("Purchase placed (to the shopper)")
        ORDER_PLACED = "order_placed", _("New order (to the producer)")
        STATUS_CHANGED = "status_changed", _("Order status changed (to the shopper)")

    kind = models.CharField(_("E-mail kind"), max_length=32, choices=Kind.choices)
    # The purchase, the order or the status change the e-mail was about (by kind).
    object_id = models.PositiveBigIntegerField(_("Object ID"))
    language = models.CharField(_("Language"), max_length=10)
    sent_at = models.DateTimeField(_("Sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Sent e-mail")
        verbose_name_plural = _("Sent e-mails")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="order_sent_email_once")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id}"


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
