"""Money is whole Vietnamese đồng, end to end.

Oscar stores prices in ``DecimalField(decimal_places=2)``; we keep those values
integer-valued. VND has no minor unit, so nothing here (nor Stripe) ever
multiplies by 100.
"""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WHOLE_DONG = Decimal("1")


def validate_whole_dong(value):
    """Refuse fractions of a đồng ("12500.5") with a message a producer understands."""
    if value is None:
        return
    try:
        whole = Decimal(value) == Decimal(value).to_integral_value()
    except (InvalidOperation, TypeError, ValueError):
        whole = False
    if not whole:
        raise ValidationError(
            _("Prices are in whole đồng: %(value)s has a fractional part."),
            code="fractional_dong",
            params={"value": value},
        )


def round_offer_discount(amount, currency=None):
    """Oscar's OSCAR_OFFER_ROUNDING_FUNCTION: discounts round down to whole đồng.

    Rounding down never gives away more than the offer promises.
    """
    return Decimal(amount).quantize(WHOLE_DONG, rounding=ROUND_DOWN)


def to_dong(amount) -> int:
    """An integer number of đồng (what Stripe and ledgers take) from an integer-valued Decimal."""
    value = Decimal(amount)
    if value != value.to_integral_value():
        raise ValueError(f"{amount!r} is not a whole number of đồng")
    return int(value)
