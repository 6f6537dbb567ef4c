"""Wagtail CMS."""

from django.utils.translation import gettext_lazy as _

from marketplace.settings.env import env

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Chợ OCOP")
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Content pages exist in Vietnamese and English (Wagtail's built-in i18n).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILIMAGES_FORMAT_CONVERTERS = {"png": "webp", "jpeg": "webp"}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploaded images go through the one upload pipeline: the stored original keeps no EXIF (cms/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.CleanImageForm"
# Below Pillow's own decompression-bomb threshold (about 89 megapixels), so no upload reaches it.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 80_000_000
# Documents (fair programmes, forms for exhibitors) are checked by their content, not their name
# (cms/document_forms.py): only the formats that check can read are accepted.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.document_forms.CleanDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("WAGTAILDOCS_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
