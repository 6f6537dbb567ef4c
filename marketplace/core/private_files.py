"""Private documents (registration scans, OCOP dossiers): stored apart from public media, served only by views.

A FileField keeps them with ``storage=private_storage`` (a callable, so migrations name the function, not a
path). On the local disk they live under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT`` and with no URL; on S3
in a private bucket (or prefix) whose objects are read through short-lived signed URLs. A view checks who is
asking, then answers with ``private_file_response``.
"""

import mimetypes
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

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


def private_file_move_from_public(*, name: str, public=None, private=None) -> bool:
    """Move one file of that name from public media to private storage (copy, then delete). Idempotent.

    Returns True when a public copy was found (and is now gone).
    """
    public = public or storages["default"]
    private = private or private_storage()
    if not name or not public.exists(name):
        return False
    if not private.exists(name):
        with public.open(name, "rb") as source:
            saved = private.save(name, source)
        if saved != name:  # the name is what the row points at: it must not change
            private.delete(saved)
            raise RuntimeError(f"Private storage renamed {name!r} to {saved!r}")
    public.delete(name)
    return True
