"""/healthz reports each part; a broken part gives 503 and is named, and the parts the site serves around
(cache, broker, search) are listed as degraded."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Ask /healthz from a fresh process whose settings point at the given services, as a load balancer would.
PROBE = """
import json, os, django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get(os.environ.get("PROBE_PATH", "/healthz"))
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def _probe(path="/healthz", **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "marketplace.settings.test", "PROBE_PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthy_site_answers_200_with_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "eager"},
        "failing": [],
        "degraded": [],
    }


def test_broken_database_is_reported_as_503(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    report = _probe(DATABASE_URL=f"sqlite:///{missing}")
    assert report["status"] == 503
    assert report["body"]["checks"]["database"] == "error"
    assert report["body"]["failing"] == ["database"]
    assert report["body"]["status"] == "error" and report["body"]["degraded"] == []


def test_a_dead_database_is_an_error_even_beside_degraded_parts(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    report = _probe(
        DATABASE_URL=f"sqlite:///{missing}",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert report["status"] == 503
    assert report["body"] == {
        "status": "error",
        "checks": {"database": "error", "cache": "degraded", "broker": "degraded"},
        "failing": ["broker", "cache", "database"],
        "degraded": ["broker", "cache"],
    }


def test_unreachable_broker_and_cache_are_named(tmp_path):
    report = _probe(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert report["status"] == 503
    assert report["body"] == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "degraded", "broker": "degraded"},
        "failing": ["broker", "cache"],
        "degraded": ["broker", "cache"],
    }


def test_real_redis_and_broker_are_reported_ok(tmp_path, redis_url):
    report = _probe(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", CELERY_BROKER_URL=redis_url, REDIS_URL=redis_url
    )
    assert report["status"] == 200
    assert report["body"]["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert report["body"]["status"] == "ok" and report["body"]["degraded"] == []


# /healthz/serving: for load balancers, which must not take every web process out for a Redis outage.


def test_serving_answers_200_while_only_degraded_parts_fail(tmp_path):
    report = _probe(
        path="/healthz/serving",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert report["status"] == 200
    assert report["body"]["status"] == "degraded" and report["body"]["degraded"] == ["broker", "cache"]


def test_serving_answers_503_when_the_database_is_down(tmp_path):
    report = _probe(path="/healthz/serving", DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite3'}")
    assert report["status"] == 503
    assert report["body"]["status"] == "error" and report["body"]["failing"] == ["database"]


@pytest.mark.django_db
def test_serving_answers_200_on_a_healthy_site(client):
    response = client.get("/healthz/serving")
    assert response.status_code == 200 and response.json()["status"] == "ok"
