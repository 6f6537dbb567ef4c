"""The Wagtail image form (WAGTAILIMAGES_IMAGE_FORM_BASE): what editors and tourism staff upload is cleaned too.

Wagtail checks the file (extension, size, pixels); this form then passes every original through the one upload
pipeline (marketplace.core.uploads), so the stored original is upright and carries no EXIF (a phone's GPS
location) before Wagtail records its size and hash. Only GIF and SVG, named by the format Wagtail detected,
are stored as sent (they hold no EXIF); anything the pipeline cannot clean is refused, never stored as it came.
Every upload view (single, multiple, chooser) builds on this form.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from marketplace.core.uploads import content_type_for, image_upload_clean

# Pillow's names; MPO is a phone's JPEG with extra pictures (stored as a JPEG).
CLEANED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "AVIF")
# Willow's names of the formats kept as sent.
KEPT_AS_SENT = ("gif", "svg")


class SafeWagtailImageField(WagtailImageField):
    """Wagtail's field, refusing a file whose header is cut short instead of failing with a server error
    (Willow opens the image lazily and the pixel-size check then raises OSError)."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from None


class CleanImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            field.__class__ = SafeWagtailImageField  # same field and state, safer parsing

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # editing without a new file
            return upload
        detected = getattr(getattr(upload, "image", None), "format_name", None)  # set by WagtailImageField
        if detected in KEPT_AS_SENT:
            return upload
        clean = image_upload_clean(
            upload=upload,
            max_bytes=getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None),
            max_pixels=getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None),
            formats=CLEANED_FORMATS,
            keep_name=True,
        )
        return SimpleUploadedFile(clean.name, clean.read(), content_type=content_type_for(clean.name))

    class Meta(BaseImageForm.Meta):
        pass
