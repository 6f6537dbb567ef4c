"""Vietnamese phone numbers, validated with Google's libphonenumber data.

One rule for every form (checkout, producer applications): a landline or mobile
number in Vietnam, typed the way people write it ("0912 345 678", "091.234.5678",
"+84 912 345 678"); service numbers (1900…) and foreign numbers are refused.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE_MESSAGE = _("Enter a Vietnamese landline or mobile number, for example 0912 345 678 or 0210 3812 345.")
CALLABLE_NUMBER_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def phone_parse_vn(value: str) -> phonenumbers.PhoneNumber:
    """The parsed number, or ValidationError with the message shoppers and producers see."""
    raw = (value or "").strip()
    if not raw or len(raw) > 20:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="phone_invalid")
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="phone_invalid") from None
    if (
        not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) != "VN"
        or phonenumbers.number_type(number) not in CALLABLE_NUMBER_TYPES
    ):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="phone_invalid")
    return number


def phone_normalize_vn(value: str) -> str:
    """National digits, e.g. "0912345678"."""
    return "0" + str(phone_parse_vn(value).national_number)


def phone_e164_vn(value: str) -> str:
    """International form, e.g. "+84912345678"."""
    return phonenumbers.format_number(phone_parse_vn(value), phonenumbers.PhoneNumberFormat.E164)
