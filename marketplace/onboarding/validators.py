"""Checks on what an applicant sends: a Vietnamese phone number and the registration certificate scan."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.core.phone import phone_to_e164


def validate_phone(value: str) -> None:
    """The model field's validator (named in migration 0001)."""
    phone_to_e164(value)


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
