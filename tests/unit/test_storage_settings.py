"""Private documents on S3 need a bucket named for them: never the public media bucket by default.

Each case imports the settings in a fresh interpreter with only the given environment (as tests/unit/test_settings.py
does), since STORAGES is decided at import.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_PRIVATE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.STORAGES["private"]))
"""


def _run(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_STORAGE", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", PRINT_PRIVATE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "MEDIA_STORAGE": "s3", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_s3_without_a_private_bucket_is_refused_and_says_why():
    result = _run(S3_BUCKET_NAME="ocop-media")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "S3_PRIVATE_BUCKET_NAME" in result.stderr and "readable by anyone" in result.stderr


def test_the_media_bucket_without_a_private_prefix_is_refused():
    result = _run(S3_BUCKET_NAME="ocop-media", S3_PRIVATE_BUCKET_NAME="ocop-media", S3_PRIVATE_LOCATION="")
    assert result.returncode != 0
    assert "S3_PRIVATE_LOCATION" in result.stderr


def test_a_private_bucket_is_used_as_named():
    result = _run(S3_BUCKET_NAME="ocop-media", S3_PRIVATE_BUCKET_NAME="ocop-private")
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])["OPTIONS"]
    assert options["bucket_name"] == "ocop-private" and options["location"] == "private"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True


def test_the_media_bucket_under_a_private_prefix_is_allowed():
    result = _run(S3_BUCKET_NAME="ocop-media", S3_PRIVATE_BUCKET_NAME="ocop-media", S3_PRIVATE_LOCATION="/ho-so/")
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("ocop-media", "ho-so")
