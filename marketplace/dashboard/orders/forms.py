"""The order search form, with our statuses' names and our payment methods (on the purchase)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as core_forms

from marketplace.order.models import Purchase
from marketplace.order.statuses import ORDER_STATUS_LABELS


class OrderSearchForm(core_forms.OrderSearchForm):
    status = forms.ChoiceField(
        choices=[("", "---------"), *ORDER_STATUS_LABELS.items()], label=_("Status"), required=False
    )

    def payment_method_choices(self):
        return [("", "---------"), *Purchase.PaymentMethod.choices]

    def clean(self):
        cleaned = super().clean()
        # Oscar filters on its payment sources, which this shop does not use: the method is the purchase's.
        cleaned["purchase_payment_method"] = cleaned.get("payment_method") or ""
        cleaned["payment_method"] = ""
        return cleaned
