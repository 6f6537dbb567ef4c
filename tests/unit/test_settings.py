"""Settings come from the environment; production refuses to start without its secrets.

Each case imports the settings in a fresh interpreter, as a deployment would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "es": settings.ELASTICSEARCH_URL,
    "stripe_enabled": settings.STRIPE_ENABLED,
    "media": settings.STORAGES["default"]["BACKEND"],
    "language": settings.LANGUAGE_CODE,
    "tz": settings.TIME_ZONE,
    "currency": settings.OSCAR_DEFAULT_CURRENCY,
    "theme_dir": str(settings.TEMPLATES[0]["DIRS"][0]),
}))
"""

_CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "ELASTICSEARCH_URL",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "MEDIA_STORAGE",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "THEME",
    }
}


def _run(settings_module, code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_CLEAN, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(settings_module="marketplace.settings.dev", **env):
    result = _run(settings_module, PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_need_nothing_configured():
    loaded = _settings()
    assert loaded["db_engine"] == "django.db.backends.sqlite3"
    assert loaded["cache"].endswith("LocMemCache")
    assert loaded["broker"] == "memory://" and loaded["eager"] is True
    assert loaded["es"] == "" and loaded["stripe_enabled"] is False
    assert loaded["media"].endswith("FileSystemStorage")
    assert (loaded["language"], loaded["tz"], loaded["currency"]) == ("vi", "Asia/Ho_Chi_Minh", "VND")
    assert loaded["theme_dir"].endswith("themes/ocop/templates")


def test_every_knob_is_read_from_the_environment():
    loaded = _settings(
        DATABASE_URL="postgres://shop:pw@db.internal:5432/ocop",
        REDIS_URL="redis://cache.internal:6379/1",
        CELERY_BROKER_URL="redis://broker.internal:6379/2",
        ELASTICSEARCH_URL="http://search.internal:9200",
        STRIPE_SECRET_KEY="sk_test_x",
        STRIPE_PUBLISHABLE_KEY="pk_test_x",
        MEDIA_STORAGE="s3",
        S3_BUCKET_NAME="ocop-media",
        THEME="other",
    )
    assert loaded["db_engine"] == "django.db.backends.postgresql"
    assert loaded["db_name"] == "ocop"
    assert loaded["cache"].endswith("RedisCache")
    assert loaded["cache_location"] == "redis://cache.internal:6379/1"
    assert loaded["broker"] == "redis://broker.internal:6379/2" and loaded["eager"] is False
    assert loaded["es"] == "http://search.internal:9200"
    assert loaded["stripe_enabled"] is True
    assert loaded["media"] == "storages.backends.s3.S3Storage"
    assert loaded["theme_dir"].endswith("themes/other/templates")


def test_unknown_media_storage_is_refused():
    result = _run("marketplace.settings.dev", PRINT_SETTINGS, MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE" in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = _run("marketplace.settings.production", PRINT_SETTINGS, ALLOWED_HOSTS="ocop.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run("marketplace.settings.production", PRINT_SETTINGS, SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_its_secrets():
    loaded = _settings("marketplace.settings.production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="ocop.example.vn")
    assert loaded["language"] == "vi"
