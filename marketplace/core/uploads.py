"""Every file a user uploads goes through here before it is stored.

Images are decoded by Pillow (never trusted by name or by header alone), checked against a size in bytes and in
pixels (the pixel check runs on the header, before any pixel is decoded: a "decompression bomb" of huge
dimensions in a small file is refused without allocating it), turned upright by their EXIF orientation and
re-encoded from the pixels alone, so EXIF (a phone's GPS location, camera serial), XMP and comments are gone.
Documents are PDFs parsed by pypdf (kept byte for byte: rewriting would break a digitally signed certificate)
or images cleaned as above.

Each function returns a ``ContentFile`` named by its content (a random stem and the real format's extension),
ready to assign to a FileField, or raises ``ValidationError`` with a message for the person uploading.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"

# Pillow's format name → (extension, content type, save options).
_ENCODINGS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 90, "optimize": True}),
    "PNG": ("png", "image/png", {}),
    "WEBP": ("webp", "image/webp", {"quality": 90, "method": 4}),
    "AVIF": ("avif", "image/avif", {"quality": 80}),
}
# Pillow names a JPEG that carries extra pictures (MPF: depth maps and previews from iPhones and Samsungs) "MPO";
# it is a JPEG, stored as one (its first picture, re-encoded, like any other JPEG).
_SAME_AS = {"MPO": "JPEG"}
PHOTO_FORMATS = ("JPEG", "MPO", "PNG", "WEBP")
DOCUMENT_IMAGE_FORMATS = ("JPEG", "MPO", "PNG")

# Messages by failure; the document ones speak of documents, not photos.
_IMAGE_MESSAGES = {
    "too_large": _("The image is %(size)s MB; the limit is %(limit)s MB."),
    "empty": _("The file is empty."),
    "format": _("Only JPEG, PNG or WebP photos are accepted."),
    "too_many_pixels": _("The image is %(megapixels)s megapixels; the limit is %(limit)s."),
    "bomb": _("The image has far too many pixels; the limit is %(limit)s megapixels."),
    "unreadable": _("This file is not a readable JPEG, PNG or WebP image (it may be damaged or cut short)."),
}
_DOCUMENT_MESSAGES = {
    "too_large": _("The file is %(size)s MB; the limit is %(limit)s MB."),
    "empty": _("The file is empty."),
    "format": _("Send the document as a PDF, JPEG or PNG file."),
    "too_many_pixels": _("The picture is %(megapixels)s megapixels; the limit is %(limit)s."),
    "bomb": _("The picture has far too many pixels; the limit is %(limit)s megapixels."),
    "unreadable": _(
        "This file is not a PDF, JPEG or PNG document, whatever its name says (or it is damaged or cut short)."
    ),
    "encrypted": _("The PDF is protected by a password: send a copy that opens without one."),
    "too_many_pages": _("The PDF has %(pages)s pages; the limit is %(limit)s."),
    "no_pages": _("The PDF has no pages."),
}

# Editors' documents (Wagtail) may also be Word, Excel or OpenDocument text files.
_EDITOR_DOCUMENT_MESSAGES = {
    **_DOCUMENT_MESSAGES,
    "format": _(
        "Send the document as a PDF, a JPEG or PNG picture, or a Word (.docx), Excel (.xlsx) or "
        "OpenDocument (.odt) file."
    ),
    "unreadable": _(
        "This file is not a PDF, a JPEG or PNG picture, or a Word, Excel or OpenDocument text file, whatever its "
        "name says (or it is damaged or cut short)."
    ),
    "macros": _("The document contains macros: save it without them (as .docx, .xlsx or .odt) and send it again."),
    "unpacked_too_large": _("The document unpacks to %(size)s MB; the limit is %(limit)s MB."),
}

# Office files are zip containers, recognised by their manifest: (extension, content type, the part that must be
# there, the main part's content type in [Content_Types].xml). Macro-enabled variants (.docm, .xlsm) are refused.
ZIP_MAGIC = b"PK\x03\x04"
_OOXML_KINDS = (
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
)
_ODT_TYPE = "application/vnd.oasis.opendocument.text"
_OFFICE_CONTENT_TYPES = {kind[0]: kind[1] for kind in _OOXML_KINDS} | {"odt": _ODT_TYPE}
# What a document may unpack to, and how many parts it may have: a "zip bomb" is refused from its directory.
OFFICE_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
OFFICE_MAX_PARTS = 10_000
_MANIFEST_MAX_BYTES = 1024 * 1024


def _refuse(messages: dict, key: str, **params) -> ValidationError:
    return ValidationError(messages[key], code=f"upload_{key}", params=params or None)


def _megabytes(value: int) -> str:
    return f"{value / 1024 / 1024:.1f}"


def _read(*, upload, max_bytes: int, messages: dict) -> bytes:
    """The upload's bytes, refusing an empty or over-size file before reading more than the limit."""
    size = getattr(upload, "size", None)
    limit = f"{max_bytes / 1024 / 1024:g}"
    if size is not None and size > max_bytes:
        raise _refuse(messages, "too_large", size=_megabytes(size), limit=limit)
    upload.seek(0)
    try:
        data = upload.read(max_bytes + 1)
    finally:
        upload.seek(0)
    if len(data) > max_bytes:
        raise _refuse(messages, "too_large", size=_megabytes(len(data)), limit=limit)
    if not data:
        raise _refuse(messages, "empty")
    return data


def _pixels_only(image):
    """The pixels (and palette) of an image, with none of its metadata."""
    from PIL import Image

    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _image_clean(*, data: bytes, max_pixels: int, formats, messages: dict) -> tuple[bytes, str]:
    """Decode, check, turn upright and re-encode: (clean bytes, Pillow format)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit = f"{max_pixels / 1_000_000:g}"
    try:
        # Image.open reads only the header; Pillow itself refuses (DecompressionBombError) anything over twice
        # Image.MAX_IMAGE_PIXELS, and the check below refuses anything over our own, lower, limit.
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                raise _refuse(messages, "format")
            width, height = image.size
            if width * height > max_pixels:
                raise _refuse(messages, "too_many_pixels", megapixels=f"{width * height / 1_000_000:.0f}", limit=limit)
            image.load()  # decodes every pixel (of the first picture): a truncated file fails here
            source_format = _SAME_AS.get(image.format, image.format)
            icc_profile = image.info.get("icc_profile")
            clean = _pixels_only(ImageOps.exif_transpose(image))
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _refuse(messages, "bomb", limit=limit) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise _refuse(messages, "unreadable") from None
    _extension, _type, options = _ENCODINGS[source_format]
    if source_format == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        clean = clean.convert("RGBA" if "A" in clean.mode else "RGB")
    buffer = io.BytesIO()
    # Only the colour profile is carried over: without it colours shift; it says nothing about the person.
    clean.save(buffer, format=source_format, **options, **({"icc_profile": icc_profile} if icc_profile else {}))
    return buffer.getvalue(), source_format


def _content_file(data: bytes, *, image_format: str | None = None, stem: str | None = None) -> ContentFile:
    extension = _ENCODINGS[image_format][0] if image_format else "pdf"
    return ContentFile(data, name=f"{stem or uuid.uuid4().hex}.{extension}")


def content_type_for(name: str) -> str:
    """The content type of a file this module stored, by the extension it gave the file."""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension == "pdf":
        return "application/pdf"
    if extension in _OFFICE_CONTENT_TYPES:
        return _OFFICE_CONTENT_TYPES[extension]
    for ext, content_type, _options in _ENCODINGS.values():
        if ext == extension:
            return content_type
    return "application/octet-stream"


def image_upload_clean(
    *,
    upload,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    formats=PHOTO_FORMATS,
    keep_name: bool = False,
) -> ContentFile:
    """A JPEG, PNG or WebP photo, upright and re-encoded with no metadata, or ValidationError.

    ``keep_name`` keeps the uploaded file's stem (editors' media library); otherwise the name is random.
    """
    max_bytes = max_bytes or settings.UPLOAD_IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.UPLOAD_IMAGE_MAX_PIXELS
    data = _read(upload=upload, max_bytes=max_bytes, messages=_IMAGE_MESSAGES)
    clean, image_format = _image_clean(data=data, max_pixels=max_pixels, formats=formats, messages=_IMAGE_MESSAGES)
    stem = PurePosixPath(upload.name or "").stem if keep_name else None
    return _content_file(clean, image_format=image_format, stem=stem or None)


def image_upload_validate(upload) -> None:
    """A model field validator: the same checks as ``image_upload_clean`` (the service stores the clean copy)."""
    if upload and not getattr(upload, "_committed", False):
        image_upload_clean(upload=upload)


def _pdf_check(*, data: bytes, max_pages: int, messages: dict) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                opened = 0
            if not opened:
                raise _refuse(messages, "encrypted")
        pages = len(reader.pages)
        if pages == 0:
            raise _refuse(messages, "no_pages")
        if pages > max_pages:
            raise _refuse(messages, "too_many_pages", pages=pages, limit=max_pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 -- resolves every page object: a broken page tree fails here
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 -- pypdf raises many kinds of errors on hostile input; all mean "unreadable"
        raise _refuse(messages, "unreadable") from None


def _office_kind(*, data: bytes, messages: dict) -> str:
    """The extension of a Word (.docx), Excel (.xlsx) or OpenDocument text (.odt) file, read from its zip
    directory and manifest alone (nothing else is unpacked), or ValidationError."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > OFFICE_MAX_PARTS:
                raise _refuse(messages, "unreadable")
            unpacked = sum(part.file_size for part in parts)
            if unpacked > OFFICE_MAX_UNPACKED_BYTES:
                raise _refuse(
                    messages,
                    "unpacked_too_large",
                    size=_megabytes(unpacked),
                    limit=f"{OFFICE_MAX_UNPACKED_BYTES / 1024 / 1024:g}",
                )
            names = {part.filename: part for part in parts}
            lowered = [name.lower() for name in names]
            # VBA in Office files, Basic or scripts in OpenDocument.
            if any(name.endswith("vbaproject.bin") or name.startswith(("basic/", "scripts/")) for name in lowered):
                raise _refuse(messages, "macros")

            def manifest(name: str) -> bytes:
                part = names.get(name)
                if part is None or part.file_size > _MANIFEST_MAX_BYTES:
                    raise _refuse(messages, "unreadable")
                return archive.read(part)

            if parts[0].filename == "mimetype":
                if manifest("mimetype").strip() == _ODT_TYPE.encode() and "content.xml" in names:
                    return "odt"
                raise _refuse(messages, "format")
            content_types = manifest("[Content_Types].xml")
            if b"macroEnabled" in content_types:
                raise _refuse(messages, "macros")
            for extension, _type, main_part, main_type in _OOXML_KINDS:
                if main_part in names and main_type in content_types:
                    return extension
            raise _refuse(messages, "format")
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 -- zipfile raises many kinds of errors on hostile input; all mean "unreadable"
        raise _refuse(messages, "unreadable") from None


def document_upload_clean(
    *,
    upload,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    max_pages: int | None = None,
    keep_name: bool = False,
    office: bool = False,
) -> ContentFile:
    """A PDF (parsed whole by pypdf, kept as sent) or a JPEG/PNG picture (cleaned like a photo); with ``office``,
    also a Word, Excel or OpenDocument text file (recognised by its manifest, no macros, kept as sent).

    Decided by the content, never by the name: a text file renamed ``.pdf`` is refused. ``keep_name`` keeps the
    uploaded file's stem (editors' documents), with the extension of the real format; otherwise the name is random.
    """
    max_bytes = max_bytes or settings.UPLOAD_DOCUMENT_MAX_BYTES
    max_pixels = max_pixels or settings.UPLOAD_DOCUMENT_MAX_PIXELS
    max_pages = max_pages or settings.UPLOAD_DOCUMENT_MAX_PAGES
    messages = _EDITOR_DOCUMENT_MESSAGES if office else _DOCUMENT_MESSAGES
    data = _read(upload=upload, max_bytes=max_bytes, messages=messages)
    stem = (PurePosixPath(upload.name or "").stem if keep_name else None) or None
    if data.startswith(PDF_MAGIC):
        _pdf_check(data=data, max_pages=max_pages, messages=messages)
        return _content_file(data, stem=stem)
    if office and data.startswith(ZIP_MAGIC):
        extension = _office_kind(data=data, messages=messages)
        return ContentFile(data, name=f"{stem or uuid.uuid4().hex}.{extension}")
    clean, image_format = _image_clean(
        data=data, max_pixels=max_pixels, formats=DOCUMENT_IMAGE_FORMATS, messages=messages
    )
    return _content_file(clean, image_format=image_format, stem=stem)
