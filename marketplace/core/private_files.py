"""Private documents (registration scans, OCOP dossiers): stored apart from public media, served only by views.

A FileField keeps them with ``storage=private_storage`` (a callable, so migrations name the function, not a
path). On the local disk they live under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT`` and with no URL; on S3
in a private bucket (or prefix) whose objects are read through short-lived signed URLs. A view checks who is
asking, then answers with ``private_file_response``.
"""

import enum
import hashlib
import logging
import mimetypes
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PRIVATE_STORAGE_ALIAS = "private"
# Shown in the browser rather than downloaded; anything else is an attachment.
INLINE_CONTENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read on every use, so tests can point it elsewhere), no URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # FileSystemStorage would fall back to MEDIA_URL: a /media/… link that must never exist for these files.
        raise NotImplementedError("Private files have no URL: serve them through a view (private_file_response).")


def private_storage():
    """The storage of private documents (``STORAGES["private"]``); a FileField's ``storage=`` callable."""
    return storages[PRIVATE_STORAGE_ALIAS]


def _is_local(storage) -> bool:
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def private_file_response(*, file, filename: str):
    """The response that hands a private file to a viewer the calling view has already checked.

    Local disk: the bytes, streamed. S3: a redirect to a URL signed for ``PRIVATE_MEDIA_URL_SECONDS``.
    PDFs and pictures open in the browser, anything else downloads; never cached, never content-sniffed.
    Raises Http404 when the file is missing.
    """
    if not file:
        raise Http404(_("There is no file."))
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    inline = content_type in INLINE_CONTENT_TYPES
    storage = file.storage
    if _is_local(storage):
        try:
            handle = storage.open(file.name, "rb")
        except FileNotFoundError:
            raise Http404(_("The file is missing from storage.")) from None
        response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    else:
        disposition = "inline" if inline else "attachment"
        url = storage.url(
            file.name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": f'{disposition}; filename="{filename}"',
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.PRIVATE_MEDIA_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class MoveOutcome(enum.StrEnum):
    MOVED = "moved"  # copied (or found already copied, the same bytes) and the source copy deleted
    ABSENT = "absent"  # no source copy: already moved, or never there
    DIFFERENT = "different"  # both copies exist and differ: both kept for a person to look at


def _object_identity(storage, name: str):
    """Where a storage keeps ``name``: its real path on disk, or its endpoint, bucket and key on S3."""
    if _is_local(storage):
        return ("file", os.path.realpath(storage.path(name)))
    if hasattr(storage, "bucket_name") and hasattr(storage, "_normalize_name"):
        from storages.utils import clean_name

        return ("s3", storage.endpoint_url or "", storage.bucket_name, storage._normalize_name(clean_name(name)))
    raise ImproperlyConfigured(f"Cannot tell where {type(storage).__name__} keeps its files; refusing to move them.")


def _digest(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_file_move(*, name: str, source, target) -> MoveOutcome:
    """Move the file ``name`` from one storage to another under the same name (copy, check, then delete).

    Safe to run again and again: a copy left by an interrupted run is checked byte for byte before the source
    goes; when both copies exist and differ, nothing is deleted (DIFFERENT, logged). Raises ImproperlyConfigured
    when both storages keep ``name`` in the same place (PRIVATE_MEDIA_ROOT equal to MEDIA_ROOT, or the same
    bucket and prefix): the "copy" would be the file itself, and deleting the source would delete the only one.
    """
    if not name:
        return MoveOutcome.ABSENT
    if _object_identity(source, name) == _object_identity(target, name):
        raise ImproperlyConfigured(
            f"Public and private storage keep {name!r} in the same place: set PRIVATE_MEDIA_ROOT (or "
            "S3_PRIVATE_BUCKET_NAME/S3_PRIVATE_LOCATION) to a place of its own before moving private files."
        )
    if not source.exists(name):
        return MoveOutcome.ABSENT
    if target.exists(name):
        if source.size(name) != target.size(name) or _digest(source, name) != _digest(target, name):
            logger.error("Not moving %s: a different file of that name is already in the target storage.", name)
            return MoveOutcome.DIFFERENT
    else:
        with source.open(name, "rb") as handle:
            saved = target.save(name, handle)
        if saved != name:  # the name is what the row points at: it must not change
            target.delete(saved)
            raise RuntimeError(f"The target storage renamed {name!r} to {saved!r}")
        if target.size(name) != source.size(name):
            target.delete(name)
            raise RuntimeError(f"The copy of {name!r} is not the size of the original; the original is kept")
    source.delete(name)
    return MoveOutcome.MOVED


def private_file_move_from_public(*, name: str, public=None, private=None) -> MoveOutcome:
    """Move one file from public media into private storage (``private_file_move``)."""
    return private_file_move(name=name, source=public or storages["default"], target=private or private_storage())


def private_file_move_to_public(*, name: str, public=None, private=None) -> MoveOutcome:
    """The way back (undoing the migration): one file from private storage to public media."""
    return private_file_move(name=name, source=private or private_storage(), target=public or storages["default"])
