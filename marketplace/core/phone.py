"""Vietnamese phone numbers: validated with Google's libphonenumber data, stored in national format."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE_MESSAGE = _("Enter a valid Vietnamese phone number, for example 0912 345 678.")


def phone_normalize_vn(value: str) -> str:
    """Return the number as "0912345678" (national digits), or raise ValidationError.

    Accepts the forms people type: "0912 345 678", "091.234.5678", "+84 912 345 678", "84912345678".
    """
    raw = (value or "").strip()
    if not raw or len(raw) > 20:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone") from exc
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return "0" + str(number.national_number)
