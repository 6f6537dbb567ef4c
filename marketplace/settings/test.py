"""The test suite: `make test` (honours DATABASE_URL, so it runs on SQLite and PostgreSQL)."""

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.env import env
from marketplace.settings.integrations.vietqr import VIETQR_SAMPLE_ACCOUNT

DEBUG = False
DEMO_MODE = True
# Tests pay by VietQR to the labelled sample account, whatever the environment says.
globals().update(VIETQR_SAMPLE_ACCOUNT)
VIETQR_ENABLED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "test-media")  # noqa: F405
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# A connection per use, as the tests' worker and live-server threads expect (they close their own).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: Celery worker and live-server threads then get SQLite's
    # ordinary locking (waiting up to the timeout) instead of "table is locked" errors.
    # TEST_DATABASE_FILE lets two test runs on one machine keep apart.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_FILE", default=str(VAR_DIR / "test-db.sqlite3"))}  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30  # noqa: F405

# Off whatever REDIS_URL says: inside a test's transaction on_commit never runs, so the index version that
# invalidates cached answers would not change (tests/integration/test_search_cache.py turns it on itself).
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=0)
