"""Settings come from the environment; production refuses to start without its secrets.

Each case imports the settings in a fresh interpreter, as a deployment would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
        "EMAIL_HOST",
        "CSP_MEDIA_ORIGINS",
        "CSP_REPORT_URI",
        "S3_BUCKET_NAME",
        "S3_PRIVATE_BUCKET_NAME",
        "S3_PRIVATE_LOCATION",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "THEME",
        "DEMO_MODE",
        "SITE_URL",
        "EMAIL_BACKEND",
        "DEFAULT_FROM_EMAIL",
        "OPERATOR_NAME",
        "OPERATOR_ADDRESS",
        "OPERATOR_PHONE",
        "OPERATOR_EMAIL",
        "OPERATOR_REGISTRATION",
        "VIETQR_BANK_BIN",
        "VIETQR_BANK_NAME",
        "VIETQR_ACCOUNT_NUMBER",
        "VIETQR_ACCOUNT_NAME",
        "TRUSTED_PROXY_NETWORKS",
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
        S3_PRIVATE_BUCKET_NAME="ocop-private",
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


# Everything production needs, none of it a sample value (the smoke run in .ci/smoke sets the same).
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "cho-ocop.vn",
    "SITE_URL": "https://cho-ocop.vn",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.cho-ocop.vn",
    "DEFAULT_FROM_EMAIL": "Chợ OCOP <no-reply@cho-ocop.vn>",
    "OPERATOR_PHONE": "0210 3846 123",
    "OPERATOR_EMAIL": "hotro@cho-ocop.vn",
    "OPERATOR_REGISTRATION": "2600123456",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/1",
    "TRUSTED_PROXY_NETWORKS": "10.0.0.0/8",
}

# A configured (made-up, not the sample) receiving account.
VIETQR_ACCOUNT = {
    "VIETQR_BANK_BIN": "970415",
    "VIETQR_BANK_NAME": "VietinBank",
    "VIETQR_ACCOUNT_NUMBER": "113366668888",
    "VIETQR_ACCOUNT_NAME": "CONG TY OCOP PHU THO",
}


def _production(**env):
    """Production settings imported with PRODUCTION's environment changed by ``env`` (None: unset)."""
    merged = {key: value for key, value in {**PRODUCTION, **env}.items() if value is not None}
    return _run("marketplace.settings.production", PRINT_SETTINGS, **merged)


def _refused_lines(result) -> list[str]:
    assert result.returncode != 0, "production settings started"
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("  - ")]


def test_production_refuses_to_start_without_secret_key():
    result = _production(SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _production(ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_fully_configured():
    result = _production()
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["language"] == "vi"
    assert loaded["broker"] == PRODUCTION["CELERY_BROKER_URL"] and loaded["eager"] is False
    assert loaded["cache_location"] == PRODUCTION["REDIS_URL"]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEMO_MODE": "true"}, "DEMO_MODE"),
        ({"SITE_URL": None}, "SITE_URL"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL"),
        ({"SITE_URL": "http://localhost:8000"}, "SITE_URL"),
        ({"SITE_URL": "https://[::1]/"}, "SITE_URL"),
        ({"SITE_URL": "https://ocop.example.vn"}, "SITE_URL"),
        ({"SITE_URL": "cho-ocop.vn"}, "SITE_URL"),
        ({"EMAIL_BACKEND": None}, "EMAIL_BACKEND"),  # falls back to the console
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "EMAIL_BACKEND"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "EMAIL_BACKEND"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST"),
        ({"SECRET_KEY": "dev-only-insecure-key-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY"),
        (
            {"MEDIA_STORAGE": "s3", "S3_BUCKET_NAME": "ocop-media", "S3_PRIVATE_BUCKET_NAME": "ocop-private"},
            "CSP_MEDIA_ORIGINS",
        ),
        ({"DEFAULT_FROM_EMAIL": None}, "DEFAULT_FROM_EMAIL"),
        ({"OPERATOR_EMAIL": None}, "OPERATOR_EMAIL"),
        ({"OPERATOR_EMAIL": "hotro@ocop.example.vn"}, "OPERATOR_EMAIL"),
        ({"OPERATOR_EMAIL": "hotro"}, "OPERATOR_EMAIL"),
        ({"OPERATOR_PHONE": None}, "OPERATOR_PHONE"),
        ({"OPERATOR_PHONE": "0210 000 0000"}, "OPERATOR_PHONE"),
        ({"OPERATOR_PHONE": "(0210) 000-0000"}, "OPERATOR_PHONE"),
        ({"OPERATOR_REGISTRATION": None}, "OPERATOR_REGISTRATION"),
        ({"OPERATOR_REGISTRATION": "   "}, "OPERATOR_REGISTRATION"),
        ({"CELERY_BROKER_URL": None}, "CELERY_BROKER_URL"),
        ({"CELERY_BROKER_URL": "memory://"}, "CELERY_BROKER_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"TRUSTED_PROXY_NETWORKS": None}, "TRUSTED_PROXY_NETWORKS"),
        ({"TRUSTED_PROXY_NETWORKS": " "}, "TRUSTED_PROXY_NETWORKS"),
        ({**VIETQR_ACCOUNT, "VIETQR_ACCOUNT_NUMBER": "0011000000000"}, "VIETQR_ACCOUNT_NUMBER"),
        ({**VIETQR_ACCOUNT, "VIETQR_ACCOUNT_NUMBER": None}, "VIETQR_ACCOUNT_NUMBER"),
        ({**VIETQR_ACCOUNT, "VIETQR_ACCOUNT_NAME": None}, "VIETQR_ACCOUNT_NAME"),
        ({**VIETQR_ACCOUNT, "VIETQR_BANK_NAME": None}, "VIETQR_BANK_NAME"),
        ({**VIETQR_ACCOUNT, "VIETQR_BANK_BIN": "97043"}, "VIETQR_BANK_BIN"),
    ],
)
def test_production_refuses_each_sample_or_missing_value(env, variable):
    lines = _refused_lines(_production(**env))
    # Exactly the one problem, naming the variable to set.
    assert len(lines) == 1, lines
    # Every refusal starts with the variable it is about, then says what is wrong with it.
    assert lines[0].startswith(f"  - {variable} "), lines[0]


def test_production_names_every_problem_at_once():
    lines = _refused_lines(_production(REDIS_URL=None, CELERY_BROKER_URL=None, OPERATOR_PHONE="0210 000 0000"))
    assert [line.split()[1] for line in lines] == ["OPERATOR_PHONE", "CELERY_BROKER_URL", "REDIS_URL"]


def test_production_offers_vietqr_only_with_a_configured_account():
    off = _run("marketplace.settings.production", VIETQR_SETTINGS, **PRODUCTION)
    assert off.returncode == 0, off.stderr
    assert json.loads(off.stdout.strip().splitlines()[-1])["enabled"] is False
    on = _run("marketplace.settings.production", VIETQR_SETTINGS, **PRODUCTION, **VIETQR_ACCOUNT)
    assert on.returncode == 0, on.stderr
    assert json.loads(on.stdout.strip().splitlines()[-1]) == {"enabled": True, "number": "113366668888"}


PROXY_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.TRUSTED_PROXY_NETWORKS))
"""


def test_production_takes_the_proxy_networks_or_an_explicit_none():
    listed = _run(
        "marketplace.settings.production",
        PROXY_SETTINGS,
        **{**PRODUCTION, "TRUSTED_PROXY_NETWORKS": "10.0.0.0/8, 127.0.0.1/32"},
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout.strip().splitlines()[-1]) == ["10.0.0.0/8", "127.0.0.1/32"]
    # A site with no proxy in front says so explicitly.
    direct = _run("marketplace.settings.production", PROXY_SETTINGS, **{**PRODUCTION, "TRUSTED_PROXY_NETWORKS": "none"})
    assert direct.returncode == 0, direct.stderr
    assert json.loads(direct.stdout.strip().splitlines()[-1]) == []


def test_a_malformed_proxy_network_is_refused():
    result = _run(
        "marketplace.settings.production", PROXY_SETTINGS, **{**PRODUCTION, "TRUSTED_PROXY_NETWORKS": "10.0.0/8x"}
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_NETWORKS" in result.stderr and "10.0.0/8x" in result.stderr


VIETQR_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"enabled": settings.VIETQR_ENABLED, "number": settings.VIETQR_ACCOUNT_NUMBER}))
"""


def test_vietqr_is_off_by_default_and_the_demo_uses_a_labelled_sample_account():
    plain = _run("marketplace.settings.dev", VIETQR_SETTINGS, DEMO_MODE="false")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout.strip().splitlines()[-1])["enabled"] is False
    demo = _run("marketplace.settings.dev", VIETQR_SETTINGS)
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout.strip().splitlines()[-1]) == {"enabled": True, "number": "0011000000000"}


def test_bench_settings_keep_production_hardening_on_sample_data():
    result = _run(
        "marketplace.settings.bench",
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEMO_MODE, settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.VIETQR_ENABLED)",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "True", "True"]


def test_media_on_s3_is_allowed_by_the_content_security_policy():
    result = _production(
        MEDIA_STORAGE="s3",
        S3_BUCKET_NAME="ocop-media",
        S3_PRIVATE_BUCKET_NAME="ocop-private",
        CSP_MEDIA_ORIGINS="https://media.cho-ocop.vn",
    )
    assert result.returncode == 0, result.stderr
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    s3 = {"MEDIA_STORAGE": "s3", "S3_BUCKET_NAME": "ocop-media", "S3_PRIVATE_BUCKET_NAME": "ocop-private"}
    env = {**PRODUCTION, **s3, "CSP_MEDIA_ORIGINS": "https://media.cho-ocop.vn"}
    printed = _run("marketplace.settings.production", script, **env)
    assert printed.returncode == 0, printed.stderr
    assert "https://media.cho-ocop.vn" in printed.stdout.strip().splitlines()[-1]
