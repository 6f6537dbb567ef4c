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


MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_product_image(upload) -> None:
    """Accept only real JPEG, PNG or WebP pictures, decoded by Pillow (never trusting the file name).

    Refuses files over 10 MB, images over 40 megapixels, and truncated or corrupt files.
    """
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is 10 MB."),
            code="image_too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in ACCEPTED_IMAGE_FORMATS:
                raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."), code="image_format")
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is %(megapixels)s megapixels; the limit is 40."),
                    code="image_too_many_pixels",
                    params={"megapixels": f"{width * height / 1_000_000:.0f}"},
                )
            image.load()  # decodes every pixel: a truncated file fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image (it may be damaged or cut short)."),
            code="image_unreadable",
        ) from None
    finally:
        upload.seek(0)
