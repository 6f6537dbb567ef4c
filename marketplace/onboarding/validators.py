"""Checks on what an applicant sends: a Vietnamese phone number and the registration certificate scan."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.core.phone import phone_e164_vn

MAX_SCAN_BYTES = 10 * 1024 * 1024
MAX_SCAN_PIXELS = 80_000_000  # an A4 page scanned at 600 dpi is about 35 megapixels
PDF_MAGIC = b"%PDF-"
# Pillow's format name → the extension the stored file gets.
ACCEPTED_SCAN_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}
SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def phone_normalize(value: str) -> str:
    """A Vietnamese landline or mobile number in E.164 ("0912 345 678" → "+84912345678"), or ValidationError."""
    return phone_e164_vn(value)


def phone_national(value: str) -> str:
    """ "+842103812345" → "0210 3812 345", the way Vietnamese people write numbers (shown on listings)."""
    number = phonenumbers.parse(value, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_phone(value: str) -> None:
    phone_normalize(value)


def registration_scan_kind(upload) -> str:
    """ "pdf", "jpg" or "png", decided by the file's content (never its name), or ValidationError.

    A PDF must start with ``%PDF-``; a picture must be a JPEG or PNG that Pillow decodes whole.
    """
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is 10 MB."),
            code="scan_too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="scan_empty")
    upload.seek(0)
    try:
        if upload.read(len(PDF_MAGIC)) == PDF_MAGIC:
            return "pdf"
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                extension = ACCEPTED_SCAN_IMAGE_FORMATS.get(image.format)
                if extension is None:
                    raise ValidationError(_("Send the certificate as a PDF, JPEG or PNG file."), code="scan_format")
                width, height = image.size
                if width * height > MAX_SCAN_PIXELS:
                    raise ValidationError(
                        _("The picture is %(megapixels)s megapixels; the limit is 80."),
                        code="scan_too_many_pixels",
                        params={"megapixels": f"{width * height / 1_000_000:.0f}"},
                    )
                image.load()  # decodes every pixel: a truncated file fails here
                return extension
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationError(
                _(
                    "This file is not a PDF, JPEG or PNG document, whatever its name says "
                    "(or it is damaged or cut short)."
                ),
                code="scan_unreadable",
            ) from None
    finally:
        upload.seek(0)


def validate_registration_scan(upload) -> None:
    registration_scan_kind(upload)
