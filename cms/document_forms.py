"""The Wagtail document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): what editors and officers upload for fairs and
news is checked by its content, like every other upload.

Wagtail itself checks only the file name's extension (WAGTAILDOCS_EXTENSIONS). This form passes every new file
through the one upload pipeline (marketplace.core.uploads.document_upload_clean): a PDF is parsed whole and kept
as sent, a JPEG or PNG picture is re-encoded without its EXIF (a phone's GPS location), a Word, Excel or
OpenDocument text file is recognised by its manifest (macros refused) and kept as sent; anything else, whatever
its name says, is refused. The editor's file name is kept, with the extension of the real format. Every upload
view (single, multiple, chooser) builds on this form.
"""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from marketplace.core.uploads import content_type_for, document_upload_clean


class CleanDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # editing without a new file
            return upload
        clean = document_upload_clean(
            upload=upload,
            max_bytes=getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None),
            keep_name=True,
            office=True,
        )
        return SimpleUploadedFile(clean.name, clean.read(), content_type=content_type_for(clean.name))

    def _post_clean(self):
        # Document.clean checks the extension of whatever file the instance has: after a refused upload that is
        # none, and it would add "File extension “” is not allowed" under the reason the file was refused.
        refused = self._errors.get("file").copy() if self.has_error("file") else None
        super()._post_clean()
        if refused is not None:
            self._errors["file"] = refused

    class Meta(BaseDocumentForm.Meta):
        pass
