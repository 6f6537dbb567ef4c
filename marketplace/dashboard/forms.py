"""Dashboard forms: moving an order on, recording a payout (the lot form is traceability.forms.LotForm)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.order.statuses import ORDER_STATUS_LABELS, OrderStatus

# The moves a person makes; "pending" follows the payment, never a click.
ORDER_ACTIONS = {
    OrderStatus.CONFIRMED: _("Confirm"),
    OrderStatus.PACKED: _("Mark as packed"),
    OrderStatus.SHIPPED: _("Mark as shipped"),
    OrderStatus.DELIVERED: _("Mark as delivered"),
    OrderStatus.CANCELLED: _("Cancel the order"),
}


class OrderStatusChangeForm(forms.Form):
    new_status = forms.ChoiceField(label=_("New status"))
    carrier = forms.CharField(label=_("Carrier"), max_length=64, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255, required=False, widget=forms.Textarea)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["new_status"].choices = [
            (status, ORDER_STATUS_LABELS.get(status, status))
            for status in order.available_statuses()
            if status in ORDER_ACTIONS
        ]

    @property
    def actions(self) -> list[dict]:
        """The buttons the order's page offers, in pipeline order."""
        return [
            {
                "status": status,
                "label": ORDER_ACTIONS[status],
                # Shipping asks for the carrier and tracking number; cancelling for a reason.
                "needs_tracking": status == OrderStatus.SHIPPED,
                "needs_reason": status == OrderStatus.CANCELLED,
            }
            for status, _label in self.fields["new_status"].choices
        ]

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("new_status")
        if new_status == OrderStatus.SHIPPED:
            for field, message in (
                ("carrier", _("Enter the carrier.")),
                ("tracking_number", _("Enter the tracking number.")),
            ):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(field, message)
        if new_status == OrderStatus.CANCELLED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for cancelling."))
        return cleaned


class PayoutForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (đồng)"),
        min_value=1,
        max_digits=14,
        error_messages={"min_value": _("A payout must be more than 0 ₫.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("For example the bank transfer's reference."),
    )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount != amount.to_integral_value():
            raise ValidationError(_("Enter a whole number of đồng."), code="fractional_dong")
        return amount
