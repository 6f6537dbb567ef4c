"""Vietnamese phone numbers, validated with Google's libphonenumber data.

One rule for every form (checkout, producer applications, producer profiles): a landline or mobile
number in Vietnam, typed the way people write it ("0912 345 678", "091.234.5678",
"+84 912 345 678"); service numbers (1900…) and foreign numbers are refused.

One stored form: E.164 ("+84912345678", ``phone_to_e164``). Pages show numbers the way Vietnamese
people write them ("0912 345 678", ``phone_display`` and the ``phone_display`` template filter).
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


def phone_to_e164(value: str) -> str:
    """The stored form of a number typed by a person, e.g. "0912 345 678" → "+84912345678"; or ValidationError."""
    return phonenumbers.format_number(phone_parse_vn(value), phonenumbers.PhoneNumberFormat.E164)


def _phone_parse_lenient(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phone_parse_vn(value)
    except ValidationError:
        return None


def phone_display(value: str | None) -> str:
    """A stored number as Vietnamese people write it: "+84912345678" → "0912 345 678", "+842103812345" →
    "0210 3812 345". Legacy values (national digits, already grouped) give the same; a value that is not a
    Vietnamese number is shown as stored."""
    number = _phone_parse_lenient(value or "")
    if number is None:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_zalo_url(value: str | None) -> str:
    """The Zalo chat link for a number: "https://zalo.me/0912345678" (Zalo's links use the national digits).

    A value that is not a Vietnamese number keeps the former rule (its spaces removed); empty gives ""."""
    if not value:
        return ""
    number = _phone_parse_lenient(value)
    digits = "0" + str(number.national_number) if number is not None else value.replace(" ", "")
    return "https://zalo.me/" + digits


def phone_rows_to_e164(*, model, fields: tuple[str, ...]) -> int:
    """Rewrite the given phone fields of every row of ``model`` to E.164 (for data migrations).

    Values already in E.164, empty ones and ones that are not a Vietnamese number are left as they were;
    returns the number of rows changed. Writes by ``update()`` (no save(), no signals): the migration's
    historical model has neither.
    """
    changed = 0
    for row in model.objects.only("pk", *fields).iterator():
        updates = {}
        for field in fields:
            value = getattr(row, field)
            number = _phone_parse_lenient(value) if value else None
            if number is not None:
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                if e164 != value:
                    updates[field] = e164
        if updates:
            model.objects.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed
