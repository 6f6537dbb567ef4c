from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """GS1 check digit for the digits before it: weights 3,1,3,… from the right."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_gtin(value: str) -> None:
    """A GTIN-8/12/13/14 barcode number with a correct check digit (Vietnam's prefix is 893)."""
    if not value:
        return
    if not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise ValidationError(_("A GTIN has 8, 12, 13 or 14 digits and nothing else."), code="gtin_format")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            _("%(value)s is not a valid GTIN: its check digit should be %(digit)s."),
            code="gtin_check_digit",
            params={"value": value, "digit": gtin_check_digit(value[:-1])},
        )


def validate_product_image(upload) -> None:
    """Accept only real JPEG, PNG or WebP pictures, decoded by Pillow (never trusting the file name).

    The one upload pipeline's checks (marketplace.core.uploads): over 10 MB, over 40 megapixels, truncated or
    corrupt files are refused. A stored image is not checked again; the processing task stores the clean copy.

    Kept under this name because ProductImage.original and migration 0036 name it (a migration imports its
    validators); new fields use ``marketplace.core.uploads.image_upload_validate`` directly.
    """
    from marketplace.core.uploads import image_upload_validate

    image_upload_validate(upload)
