"""What the marketplace owes each producer: a ledger of sales, commission and payouts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import validate_whole_dong


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("Delivered order")
        COMMISSION = "commission", _("Platform commission")
        PAYOUT = "payout", _("Payout")

    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("Producer"), related_name="ledger_entries", on_delete=models.PROTECT
    )
    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    # Signed whole đồng: sales add to what the producer is owed, commission and payouts subtract.
    amount = models.DecimalField(_("Amount (đồng)"), max_digits=14, decimal_places=2, validators=[validate_whole_dong])
    order = models.ForeignKey(
        "order.Order",
        verbose_name=_("Order"),
        related_name="ledger_entries",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("Note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("Date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Ledger entry")
        verbose_name_plural = _("Ledger entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # An order is booked once, however often "delivered" is reported.
            models.UniqueConstraint(
                fields=["order", "kind"], condition=models.Q(order__isnull=False), name="ledger_entry_once_per_order"
            ),
        ]
        indexes = [models.Index(fields=["producer", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class StripeEvent(models.Model):
    """A Stripe webhook event that was processed: each event acts once, however often Stripe sends it."""

    event_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("Type"), max_length=100)
    purchase = models.ForeignKey(
        "order.Purchase",
        verbose_name=_("Purchase"),
        related_name="stripe_events",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # What processing did, for whoever reads the log ("paid", "amount mismatch", "unknown payment intent", …).
    outcome = models.CharField(_("Outcome"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("Received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class StripeRefund(models.Model):
    """The card refund of one cancelled order; at most one per order."""

    order = models.OneToOneField(
        "order.Order", verbose_name=_("Order"), related_name="stripe_refund", on_delete=models.PROTECT
    )
    refund_id = models.CharField(_("Stripe refund"), max_length=255, unique=True)
    amount = models.DecimalField(_("Amount (đồng)"), max_digits=14, decimal_places=2, validators=[validate_whole_dong])
    status = models.CharField(_("Status"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("Date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Stripe refund")
        verbose_name_plural = _("Stripe refunds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.refund_id} {self.amount}"
