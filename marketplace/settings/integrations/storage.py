"""Media and static file storage, private documents and upload limits.

Media is on the local disk by default; MEDIA_STORAGE=s3 switches to an
S3-compatible bucket through django-storages so web processes keep no state.
Private documents (registration scans, OCOP dossiers) never share public media: on the local disk they are under
PRIVATE_MEDIA_ROOT with no URL; on S3 in a private bucket (or prefix), read through short-lived signed URLs.
"""

from django.core.exceptions import ImproperlyConfigured

from marketplace.settings.env import BASE_DIR, env

MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
STATICFILES_BACKEND = env("STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage")

# Outside MEDIA_ROOT, which the web server (or Django in development) serves to anyone.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private-media")
# How long a signed URL to a private document stays valid (S3).
PRIVATE_MEDIA_URL_SECONDS = env.int("PRIVATE_MEDIA_URL_SECONDS", default=60)

# Every upload is decoded and checked against these (marketplace/core/uploads.py).
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=40_000_000)
UPLOAD_DOCUMENT_MAX_BYTES = env.int("UPLOAD_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# An A4 page scanned at 600 dpi is about 35 megapixels.
UPLOAD_DOCUMENT_MAX_PIXELS = env.int("UPLOAD_DOCUMENT_MAX_PIXELS", default=80_000_000)
UPLOAD_DOCUMENT_MAX_PAGES = env.int("UPLOAD_DOCUMENT_MAX_PAGES", default=100)

if MEDIA_STORAGE == "s3":
    _s3_connection = {
        "endpoint_url": env("S3_ENDPOINT_URL", default=None),
        "region_name": env("S3_REGION_NAME", default=None),
        "access_key": env("S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
    }
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET_NAME"),
            **_s3_connection,
            "custom_domain": env("S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Named on purpose, never defaulted to the media bucket: that one is usually readable by anyone (the site links
    # its pictures), so scans put there by default would be public. Best a bucket of its own; in the media bucket,
    # under a prefix its policy keeps private.
    _private_bucket = env("S3_PRIVATE_BUCKET_NAME", default="")
    _private_location = env("S3_PRIVATE_LOCATION", default="private").strip("/")
    if not _private_bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs S3_PRIVATE_BUCKET_NAME: the bucket for private documents (registration scans). "
            "It has no default because the media bucket is public: scans put there would be readable by anyone. "
            "Use a private bucket of its own, or the media bucket with S3_PRIVATE_LOCATION set to a prefix its "
            "policy keeps private."
        )
    if _private_bucket == env("S3_BUCKET_NAME") and not _private_location:
        raise ImproperlyConfigured(
            "S3_PRIVATE_BUCKET_NAME is the media bucket and S3_PRIVATE_LOCATION is empty: private documents would "
            "be stored among public media. Set S3_PRIVATE_LOCATION (e.g. 'private') or use another bucket."
        )
    _private = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _private_bucket,
            "location": _private_location,
            **_s3_connection,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private = {"BACKEND": "marketplace.core.private_files.PrivateFileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")

STORAGES = {
    "default": _media,
    "private": _private,
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}
