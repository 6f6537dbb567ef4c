"""Elasticsearch configured but unreachable (a closed port, or a port that never answers): search pages and
suggestions answer 200 from the database, quickly, and /healthz names search as degraded."""

import io
import logging
import socket
import time

import pytest
from django.urls import reverse

from marketplace.search import selectors
from marketplace.search.services import search_index_object, search_reindex
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("site-search:search")
SUGGEST = reverse("site-search:suggest")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def indexed():
    """Documents in the database table, indexed before Elasticsearch is configured."""
    producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
    products = [
        ProductFactory(title="Mật ong rừng Tân Sơn", stockrecord__producer=producer, certification=92),
        ProductFactory(title="Chè xanh Long Cốc"),
    ]
    search_reindex(stream=io.StringIO())
    return products


@pytest.fixture
def elasticsearch_at(settings, monkeypatch):
    monkeypatch.setattr(selectors, "_elasticsearch_down_until", 0.0)

    def configure(url):
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_TIMEOUT = 0.5
        settings.ELASTICSEARCH_BREAKER_SECONDS = 30

    return configure


@pytest.fixture
def silent_port():
    """A port that accepts connections (into the backlog) and never answers: a hung cluster."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


def _product_titles(response):
    return [hit.title for hit in response.context["results"].hits if hit.kind == "product"]


def test_search_answers_from_the_database_when_elasticsearch_is_refused(
    indexed, elasticsearch_at, client, caplog, django_capture_on_commit_callbacks
):
    elasticsearch_at(f"http://127.0.0.1:{closed_port()}")
    caplog.set_level(logging.WARNING)
    assert selectors.search_backend().name == "elasticsearch"

    response = client.get(SEARCH, {"q": "mat ong"})
    assert response.status_code == 200
    assert _product_titles(response) == ["Mật ong rừng Tân Sơn"]
    assert selectors.elasticsearch_marked_down()
    suggest = client.get(SUGGEST, {"q": "che"})
    assert suggest.status_code == 200
    assert [entry["title"] for entry in suggest.json()["suggestions"]] == ["Chè xanh Long Cốc"]
    assert client.get(SEARCH, {"q": "khong co gi"}).context["results"].total == 0
    warnings = [r.getMessage() for r in caplog.records if "Elasticsearch unreachable" in r.getMessage()]
    assert len(warnings) == 1  # once per breaker opening, not per search

    # Writes keep the database documents right while Elasticsearch is down.
    honey = indexed[0]
    honey.title = "Mật ong hoa nhãn"
    honey.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert search_index_object(kind="product", pk=honey.pk) is True
    assert _product_titles(client.get(SEARCH, {"q": "hoa nhan"})) == ["Mật ong hoa nhãn"]


def test_a_hung_elasticsearch_costs_one_short_timeout(indexed, elasticsearch_at, client, silent_port):
    elasticsearch_at(f"http://127.0.0.1:{silent_port}")
    started = time.monotonic()
    first = client.get(SEARCH, {"q": "mat ong"})
    first_seconds = time.monotonic() - started
    assert first.status_code == 200 and _product_titles(first) == ["Mật ong rừng Tân Sơn"]
    assert first_seconds < 5  # the 0.5 s request timeout, not the client's default

    started = time.monotonic()
    for _ in range(3):
        assert client.get(SUGGEST, {"q": "mat"}).status_code == 200
    assert time.monotonic() - started < first_seconds + 1  # skipped while the breaker is open


def test_after_the_cool_off_elasticsearch_is_tried_again(indexed, elasticsearch_at, client, monkeypatch):
    elasticsearch_at(f"http://127.0.0.1:{closed_port()}")
    assert client.get(SEARCH, {"q": "mat ong"}).status_code == 200
    assert selectors.elasticsearch_marked_down()
    monkeypatch.setattr(selectors, "_elasticsearch_down_until", time.monotonic() - 1)
    assert not selectors.elasticsearch_marked_down()
    tried = []
    original = selectors.search_backend

    def counting():
        backend = original()
        tried.append(backend.name)
        return backend

    monkeypatch.setattr(selectors, "search_backend", counting)
    assert client.get(SEARCH, {"q": "mat ong"}).status_code == 200
    assert tried == ["elasticsearch"] and selectors.elasticsearch_marked_down()


def test_healthz_names_search_as_degraded(elasticsearch_at, client):
    elasticsearch_at(f"http://127.0.0.1:{closed_port()}")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok", "broker": "eager", "search": "degraded"},
        "failing": ["search"],
        "degraded": ["search"],
    }
