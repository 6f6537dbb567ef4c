"""Basket forms: quantities are whole numbers of at least one.

Oscar treats a quantity of 0 as "remove the line"; here removal has its own
button, so 0 is refused with a message and the basket is left as it was.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as core_forms

QUANTITY_ERRORS = {
    "required": _("Enter a quantity."),
    "invalid": _("The quantity must be a whole number."),
    "min_value": _("The quantity must be at least 1."),
}


def _quantity_field():
    return forms.IntegerField(label=_("Quantity"), min_value=1, initial=1, error_messages=QUANTITY_ERRORS)


class BasketLineForm(core_forms.BasketLineForm):
    quantity = _quantity_field()


class AddToBasketForm(core_forms.AddToBasketForm):
    quantity = _quantity_field()


class SimpleAddToBasketForm(core_forms.SimpleAddToBasketMixin, AddToBasketForm):
    """Product cards: quantity fixed at one, as in Oscar."""
