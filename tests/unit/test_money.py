from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from oscar.templatetags.currency_filters import currency

from marketplace.core.money import round_offer_discount, to_dong, validate_whole_dong


@pytest.mark.parametrize("value", [Decimal("125000"), Decimal("125000.00"), 0, "99000"])
def test_whole_dong_is_accepted(value):
    assert validate_whole_dong(value) is None  # accepted: no ValidationError


@pytest.mark.parametrize("value", [Decimal("125000.5"), Decimal("0.01"), "12.3", "abc"])
def test_fraction_of_a_dong_is_refused_with_a_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_whole_dong(value)
    assert excinfo.value.code == "fractional_dong"
    with translation.override("en"):
        assert excinfo.value.messages == [f"Prices are in whole đồng: {value} has a fractional part."]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("12500.99"), Decimal("12500")), (Decimal("0.4"), Decimal("0")), (Decimal("7000"), Decimal("7000"))],
)
def test_offer_discounts_round_down_to_whole_dong(amount, expected):
    assert round_offer_discount(amount, "VND") == expected


def test_to_dong_gives_the_integer_stripe_takes_without_multiplying():
    assert to_dong(Decimal("125000.00")) == 125000
    with pytest.raises(ValueError):
        to_dong(Decimal("125000.50"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "125.000\xa0₫"), ("en", "₫125,000")],
)
def test_prices_are_formatted_per_language(language, expected):
    with translation.override(language):
        assert currency(Decimal("125000.00"), "VND") == expected
