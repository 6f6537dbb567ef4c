"""Product images: strip location data and make WebP renditions (run in Celery)."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_model
from PIL import Image, ImageOps

from marketplace.core.queue import enqueue_on_commit

ProductImage = get_model("catalogue", "ProductImage")

RENDITION_MAX_SIDE = 1600
_SAVE_FORMATS = {
    "JPEG": ("JPEG", {"quality": 90, "optimize": True}),
    "PNG": ("PNG", {}),
    "WEBP": ("WEBP", {"quality": 90}),
}


def product_image_enqueue_processing(*, image) -> None:
    from catalogue.tasks import product_image_process

    enqueue_on_commit(product_image_process, image.pk)


def _strip_metadata(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, then keep the pixels only: EXIF (with any GPS location) is dropped."""
    upright = ImageOps.exif_transpose(image)
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode == "P":
        clean.putpalette(upright.getpalette())
    return clean


def product_image_process(*, image_id: int) -> bool:
    """Rewrite the original without EXIF and store a WebP rendition. Returns False if there was nothing to do.

    Idempotent: an image that already has its rendition and no EXIF left is not touched again.
    """
    with transaction.atomic():
        record = ProductImage.objects.select_for_update().filter(pk=image_id).first()
        if record is None or not record.original:
            return False
        record.original.open("rb")
        try:
            with Image.open(record.original) as image:
                image.load()
                has_exif = bool(image.getexif())
                source_format = image.format
                clean = _strip_metadata(image)
        finally:
            record.original.close()
        if record.webp and not has_exif:
            return False
        if has_exif:
            save_format, options = _SAVE_FORMATS[source_format]
            buffer = io.BytesIO()
            to_save = clean.convert("RGB") if save_format == "JPEG" and clean.mode not in ("RGB", "L") else clean
            to_save.save(buffer, format=save_format, **options)
            name = PurePosixPath(record.original.name).name
            record.original.save(name, ContentFile(buffer.getvalue()), save=False)
        rendition = clean.copy()
        rendition.thumbnail((RENDITION_MAX_SIDE, RENDITION_MAX_SIDE))
        buffer = io.BytesIO()
        rendition.save(buffer, format="WEBP", quality=82, method=4)
        stem = PurePosixPath(record.original.name).stem
        if record.webp:
            record.webp.delete(save=False)
        record.webp.save(f"{stem}.webp", ContentFile(buffer.getvalue()), save=False)
        record.save(update_fields=["original", "webp"])
    return True
