import os
import shutil

import pytest


def require_or_skip(reason: str):
    """Skip for want of a service or program, except where OCOP_REQUIRE_SERVICES=1 (CI): there it fails."""
    if os.environ.get("OCOP_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (OCOP_REQUIRE_SERVICES=1: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes images to its own folder, and starts with an empty cache (thumbnails and
    cached fragments from an earlier test would point at files or data that are gone)."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    cache.clear()


@pytest.fixture
def redis_url():
    """A Redis database of the tests' own (flushed before use), or a skip saying why."""
    import redis

    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        require_or_skip(f"Redis is not reachable at {url}")
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        require_or_skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request to /en/ leaves English active in the test thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def wagtail_tree(db):
    """Wagtail's default locale and tree root, which its migrations create.

    A transactional test (live server, Celery worker) flushes every table when it ends, so a
    database kept with --reuse-db may lack them; production databases always have them.
    """
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="vi")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture(autouse=True)
def _transactional_tests_restore_what_migrations_made(request):
    """A transactional test must reload what migrations made (serialized_rollback=True).

    Its flush recreates the content types under new keys; a later test that reloads the serialized
    database then collides with them, and every transactional test after it fails in its setup.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
        pytest.fail(
            "A transactional test needs pytest.mark.django_db(transaction=True, serialized_rollback=True) "
            "(see tests/conftest.py)"
        )


@pytest.fixture(scope="session", autouse=True)
def _no_audit_entries_while_test_data_is_reloaded():
    """Reloading the serialized database (serialized_rollback) sets many-to-many relations (users' groups,
    groups' permissions) that the audit trail records: its entries would create content types in the middle of
    the reload and collide with the reloaded ones. Nobody made those changes, so nothing is recorded."""
    from auditlog.context import disable_auditlog
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_without_audit(self, data):
        with disable_auditlog():
            return original(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_without_audit
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original


@pytest.fixture
def cluster():
    """A stand-in Elasticsearch cluster on a free port (tests.helpers.ElasticsearchStubHandler)."""
    import threading
    from http.server import ThreadingHTTPServer

    from tests.helpers import ElasticsearchStubHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), ElasticsearchStubHandler)
    server.requests = []
    server.aliased = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
