"""Media and static file storage.

Media is on the local disk by default; MEDIA_STORAGE=s3 switches to an
S3-compatible bucket through django-storages so web processes keep no state.
"""

from marketplace.settings.env import env

MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
STATICFILES_BACKEND = env("STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage")

if MEDIA_STORAGE == "s3":
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET_NAME"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION_NAME", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")

STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}
