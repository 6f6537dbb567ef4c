"""Checks on what an applicant sends: a Vietnamese phone number and the registration certificate scan."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.core.phone import phone_e164_vn


def phone_normalize(value: str) -> str:
    """A Vietnamese landline or mobile number in E.164 ("0912 345 678" → "+84912345678"), or ValidationError."""
    return phone_e164_vn(value)


def phone_national(value: str) -> str:
    """ "+842103812345" → "0210 3812 345", the way Vietnamese people write numbers (shown on listings)."""
    number = phonenumbers.parse(value, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_phone(value: str) -> None:
    phone_normalize(value)


def registration_scan_clean(upload):
    """The scan, checked and cleaned by ``marketplace.core.uploads.document_upload_clean`` (a PDF kept as sent,
    a photo upright and without its EXIF), renamed by its content; or ValidationError."""
    from marketplace.core.uploads import document_upload_clean

    try:
        return document_upload_clean(upload=upload)
    except ValidationError as error:
        if error.code == "upload_format":
            raise ValidationError(_("Send the certificate as a PDF, JPEG or PNG file."), code="scan_format") from None
        raise


def validate_registration_scan(upload) -> None:
    """The model field's validator (named in migration 0001); a stored file is not checked again."""
    if upload and not getattr(upload, "_committed", False):
        registration_scan_clean(upload)
