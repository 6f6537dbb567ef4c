"""The test suite: `make test` (honours DATABASE_URL, so it runs on SQLite and PostgreSQL)."""

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.env import env

DEBUG = False
DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")  # noqa: F405
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
