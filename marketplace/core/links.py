"""Absolute links for what leaves the site without a request: e-mails, QR codes, feeds."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the public site (``SITE_URL``, read into WAGTAILADMIN_BASE_URL); a full URL stays as it is."""
    if "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
