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
    """Each test writes images to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
