"""Product images: strip location data and make WebP renditions (run in Celery).

The original goes through the one upload pipeline (marketplace.core.uploads): upright, re-encoded from its
pixels, so EXIF (with any GPS location) is gone; the copy that still had it is deleted.
"""

import io
import logging
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_model
from PIL import Image

from marketplace.core.queue import enqueue_on_commit
from marketplace.core.uploads import image_upload_clean

logger = logging.getLogger(__name__)

ProductImage = get_model("catalogue", "ProductImage")

RENDITION_MAX_SIDE = 1600
# Where Pillow keeps what the pipeline removes: any of them left means the original is not clean yet.
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment")


def product_image_enqueue_processing(*, image) -> None:
    from catalogue.tasks import product_image_process

    enqueue_on_commit(product_image_process, image.pk)


def _has_metadata(image: Image.Image) -> bool:
    return bool(image.getexif()) or any(key in image.info for key in _METADATA_KEYS)


def product_image_process(*, image_id: int) -> bool:
    """Rewrite the original without metadata and store a WebP rendition. Returns False if there was nothing to do.

    Idempotent: an image that already has its rendition and no metadata left is not touched again.
    """
    with transaction.atomic():
        record = ProductImage.objects.select_for_update().filter(pk=image_id).first()
        if record is None or not record.original:
            return False
        record.original.open("rb")
        try:
            with Image.open(record.original) as image:
                has_metadata = _has_metadata(image)
            if record.webp and not has_metadata:
                return False
            old_original = record.original.name
            try:
                clean = image_upload_clean(upload=record.original, keep_name=True)
            except ValidationError as error:
                logger.warning("Product image %s cannot be processed: %s", image_id, " ".join(error.messages))
                return False
        finally:
            record.original.close()
        storage = record.original.storage
        if has_metadata:
            clean.name = PurePosixPath(clean.name).name
            record.original.save(clean.name, clean, save=False)
            # The storage may have given the clean copy another name: the copy with the location must go.
            if record.original.name != old_original:
                transaction.on_commit(lambda: storage.delete(old_original), robust=True)
        clean.seek(0)
        with Image.open(clean) as picture:
            rendition = picture.copy() if picture.mode in ("RGB", "RGBA") else picture.convert("RGBA")
        rendition.thumbnail((RENDITION_MAX_SIDE, RENDITION_MAX_SIDE))
        buffer = io.BytesIO()
        rendition.save(buffer, format="WEBP", quality=82, method=4)
        stem = PurePosixPath(record.original.name).stem
        if record.webp:
            record.webp.delete(save=False)
        record.webp.save(f"{stem}.webp", ContentFile(buffer.getvalue()), save=False)
        record.save(update_fields=["original", "webp"])
    return True
