"""With Redis (cache and broker) unreachable the site degrades instead of failing: pages are served without
the cache, sessions and baskets live in the database, tasks run in-process, /healthz names what is down.

The settings are built by the project's own modules (marketplace/settings/integrations/cache.py and
celery.py, reloaded with REDIS_URL/CELERY_BROKER_URL pointing at a closed port on 127.0.0.1).
"""

import contextlib
import importlib
import io
import logging
import socket
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from sorl.thumbnail.models import KVStore

from marketplace.celery import app
from marketplace.core import queue
from marketplace.order.models import Order, Purchase
from marketplace.search.services import search_reindex
from marketplace.settings.integrations import cache as cache_settings
from marketplace.settings.integrations import celery as celery_settings
from tests.factories import UserFactory
from tests.helpers import checkout_data

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")


def _jpeg(name):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


CELERY_KEYS = {
    "broker_url": "CELERY_BROKER_URL",
    "task_always_eager": "CELERY_TASK_ALWAYS_EAGER",
    "broker_connection_timeout": "CELERY_BROKER_CONNECTION_TIMEOUT",
    "broker_connection_max_retries": "CELERY_BROKER_CONNECTION_MAX_RETRIES",
    "broker_transport_options": "CELERY_BROKER_TRANSPORT_OPTIONS",
    "task_publish_retry_policy": "CELERY_TASK_PUBLISH_RETRY_POLICY",
}


def closed_port() -> int:
    """A port nothing listens on: bound by the OS, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis(monkeypatch, settings, url: str) -> None:
    """Point the cache, sessions and the Celery app at ``url`` exactly as the settings modules would."""
    monkeypatch.setenv("REDIS_URL", url)
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    cache_module = importlib.reload(cache_settings)
    celery_module = importlib.reload(celery_settings)
    settings.CACHES = cache_module.CACHES
    settings.SESSION_ENGINE = cache_module.SESSION_ENGINE
    settings.CELERY_TASK_ALWAYS_EAGER = celery_module.CELERY_TASK_ALWAYS_EAGER
    app.conf.update({key: getattr(celery_module, name) for key, name in CELERY_KEYS.items()})
    app._after_fork()  # drop pooled broker connections that lead elsewhere


@pytest.fixture
def redis_at(monkeypatch, settings):
    saved = {key: app.conf[key] for key in CELERY_KEYS}
    monkeypatch.setattr(queue, "_broker_down_until", 0.0)
    try:
        yield lambda url: use_redis(monkeypatch, settings, url)
    finally:
        monkeypatch.undo()
        importlib.reload(cache_settings)
        importlib.reload(celery_settings)
        app.conf.update(saved)
        app._after_fork()


@pytest.fixture
def redis_down(redis_at, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    redis_at(url)
    # As in production with Redis: search answers are cached (here: offered to a dead cache).
    settings.SEARCH_CACHE_SECONDS = 300
    assert settings.CACHES["default"]["BACKEND"] == "marketplace.core.redis_cache.FailSoftRedisCache"
    assert app.conf.task_always_eager is False
    return url


def test_the_shop_works_end_to_end_with_redis_down(
    redis_down, client, home_page, places, three_producers, caplog, django_capture_on_commit_callbacks
):
    honey, tea, _ = three_producers
    ProductImage.objects.create(product=honey, original=_jpeg("mat-ong.jpg"), display_order=0)
    search_reindex(stream=io.StringIO())
    UserFactory(username="lan", email="lan@example.vn")
    caplog.set_level(logging.WARNING)
    started = time.monotonic()

    home = client.get("/")
    assert home.status_code == 200
    catalogue = client.get("/shop/")
    assert catalogue.status_code == 200 and "Mật ong rừng" in catalogue.content.decode()
    product = client.get(honey.get_absolute_url())
    assert product.status_code == 200 and "Mật ong rừng" in product.content.decode()
    # sorl-thumbnail's key-value store reads through the cache: on a miss it uses its database table.
    assert KVStore.objects.filter(key__startswith="sorl-thumbnail||thumbnails||").exists()
    assert '<img src="/media/cache/' in product.content.decode()
    search = client.get(reverse("site-search:search"), {"q": "mat ong"})
    assert search.status_code == 200
    assert [hit.title for hit in search.context["results"].hits if hit.kind == "product"] == ["Mật ong rừng"]
    suggest = client.get(reverse("site-search:suggest"), {"q": "che"})
    assert suggest.status_code == 200
    assert "Chè xanh Long Cốc" in [entry["title"] for entry in suggest.json()["suggestions"]]

    # Log in, and stay logged in: the session is in the database.
    login = client.post(
        "/shop/accounts/login/",
        {"login-username": "lan@example.vn", "login-password": "secret-pass-123", "login_submit": "1"},
    )
    assert login.status_code == 302, login.content.decode()[:2000]
    assert Session.objects.count() == 1
    account = client.get("/shop/accounts/profile/")
    assert account.status_code == 200 and account.context["user"].username == "lan"

    # Basket: add two products, see them.
    for product_obj in (honey, tea):
        added = client.post(reverse("basket:add", kwargs={"pk": product_obj.pk}), {"quantity": 1})
        assert added.status_code == 302
    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200
    page = basket.content.decode()
    assert "Mật ong rừng" in page and "Chè xanh Long Cốc" in page

    # Cash on delivery: orders placed, stock reserved, e-mails sent by the tasks run in-process.
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:index"), checkout_data(places))
    assert placed.status_code == 302, placed.content.decode()[:2000]
    purchase = Purchase.objects.get()
    assert purchase.payment_method == "cod" and purchase.user.username == "lan"
    assert Order.objects.filter(purchase=purchase).count() == 2
    assert StockRecord.objects.get(product=honey).num_allocated == 1
    assert StockRecord.objects.get(product=tea).num_allocated == 1
    assert len(mail.outbox) == 3  # the shopper and each of the two producers
    assert [m.to for m in mail.outbox if m.to == ["khach@example.vn"]] == [["khach@example.vn"]]
    assert client.get(purchase.get_absolute_url()).status_code == 200

    # Fast, and said once: one warning per breaker opening, not one per cache call.
    messages = [r.getMessage() for r in caplog.get_records("setup") + caplog.get_records("call")]
    assert len([m for m in messages if "serving without the cache" in m]) == 1
    assert len([m for m in messages if m.startswith("Broker unreachable")]) == 1
    assert any("in-process" in m and "purchase_send_confirmations" in m for m in messages)
    assert time.monotonic() - started < 30  # no per-call timeouts (each would be a connect attempt)


def test_healthz_names_cache_and_broker_as_degraded(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "degraded", "broker": "degraded"},
        "failing": ["broker", "cache"],
        "degraded": ["broker", "cache"],
    }


def test_a_dead_cache_reads_as_misses_and_drops_writes(redis_down):
    assert cache.get("x", "fallback") == "fallback"
    cache.set("x", 1)
    assert cache.get_many(["x", "y"]) == {}
    assert cache.add("x", 1) is False
    assert cache.has_key("x") is False
    assert cache.delete("x") is False
    with pytest.raises(ValueError):  # as for a missing key: callers already handle it
        cache.incr("x")
    assert cache.get_or_set("x", lambda: "computed") == "computed"
    cache.delete_many(["x", "y"])
    cache.set_many({"x": 1})


def test_the_breaker_skips_redis_until_its_cool_off_ends(redis_down, settings):
    breaker = cache.breaker
    assert cache.get("x") is None
    assert breaker.is_open
    calls = []
    client = cache._cache.get_client()
    original = client.get
    client.get = lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs)
    try:
        for _ in range(20):
            assert cache.get("x") is None
        assert calls == []  # open: Redis not asked at all
        breaker._open_until = time.monotonic() - 1  # the cool-off is over: the next call probes again
        assert cache.get("x") is None and breaker.is_open
    finally:
        client.get = original


def test_tasks_queued_while_the_broker_is_down_run_in_process(redis_down, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from marketplace.core.queue import enqueue_on_commit
    from marketplace.core.tasks import sessions_clear_expired

    expired = Session.objects.create(
        session_key="expired-outage", session_data="x", expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    live = Session.objects.create(
        session_key="live-outage", session_data="x", expire_date=timezone.now() + datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(sessions_clear_expired)
        assert Session.objects.filter(pk=expired.pk).exists()  # not before the commit
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=live.pk).exists()
    assert queue.broker_marked_down()


def test_a_task_failing_in_process_during_an_outage_is_logged_as_an_error(redis_down, caplog, monkeypatch):
    """No retry can be scheduled without a broker: the failure is an error in the log, for the periodic jobs
    (pending refunds, unpaid purchases, the nightly reindex) to pick up, never a silent loss."""
    from marketplace.core.queue import task_enqueue
    from marketplace.core.tasks import sessions_clear_expired

    def fail(**kwargs):
        raise RuntimeError("the service failed")

    monkeypatch.setattr("marketplace.core.services.sessions_clear_expired", fail)
    with caplog.at_level("ERROR", logger="marketplace.core.queue"), pytest.raises(RuntimeError):
        task_enqueue(sessions_clear_expired)
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "marketplace.core.tasks.sessions_clear_expired" in record.getMessage()
    assert "failed in-process" in record.getMessage()


def _plain_client(port: int):
    """A redis-py client without redis-py's default retries and back-off (each would sleep)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(port=port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))


def _redis_server(port: int, directory) -> None:
    """A Redis of the test's own, saving to ``directory`` so a restart brings its data back."""
    import subprocess

    import redis

    subprocess.run(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--dir", str(directory)]
        + ["--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"],
        check=True,
        capture_output=True,
    )
    client = _plain_client(port)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            return
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise AssertionError(f"redis-server on port {port} did not start")


@pytest.fixture
def spare_redis(tmp_path):
    """A second redis-server that the test stops and starts (never the shared one)."""
    import shutil

    import redis

    if not shutil.which("redis-server"):
        from tests.conftest import require_or_skip

        require_or_skip("redis-server is not installed")
    port = closed_port()
    _redis_server(port, tmp_path)
    client = _plain_client(port)
    try:
        yield {
            "port": port,
            "url": f"redis://127.0.0.1:{port}/0",
            "client": client,
            "start": lambda: _redis_server(port, tmp_path),
        }
    finally:
        with contextlib.suppress(redis.exceptions.ConnectionError):  # already stopped
            client.shutdown(nosave=True)


def test_a_redis_that_dies_mid_run_and_comes_back(
    spare_redis, redis_at, monkeypatch, settings, client, three_producers, caplog
):
    import redis

    honey, *_ = three_producers
    monkeypatch.setenv("CACHE_BREAKER_SECONDS", "0.3")
    redis_at(spare_redis["url"])
    server = spare_redis["client"]

    def our_keys():
        return {key.decode() for key in server.keys("ocop:*")}

    # Up: pages fill the cache.
    assert client.get("/shop/").status_code == 200
    assert "ocop:1:catalogue:sidebar" in our_keys()
    cache.set("stale", "before the outage", None)
    server.save()  # what Redis will come back with

    # Down: every page still answers; a delete (an invalidation) is dropped.
    server.shutdown(nosave=True)
    with pytest.raises(redis.exceptions.ConnectionError):
        server.ping()
    for _ in range(2):
        assert client.get("/shop/").status_code == 200
        assert client.get(honey.get_absolute_url()).status_code == 200
        assert client.post(reverse("basket:add", kwargs={"pk": honey.pk}), {"quantity": 1}).status_code == 302
    assert cache.delete("stale") is False
    assert cache.get("stale") is None
    assert cache.breaker.is_open
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["degraded"] == ["broker", "cache"]

    # Back, with its saved data (the dropped delete undone in Redis): the cache is used again, and the
    # key whose delete was dropped is deleted before anything reads it.
    spare_redis["start"]()
    assert server.get("ocop:1:stale") is not None
    time.sleep(0.4)  # the breaker's cool-off
    assert cache.get("stale") is None
    assert server.get("ocop:1:stale") is None
    assert not cache.breaker.is_open
    server.delete("ocop:1:catalogue:sidebar")
    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200 and "Mật ong rừng" in basket.content.decode()
    assert client.get("/shop/").status_code == 200
    assert "ocop:1:catalogue:sidebar" in our_keys()
    assert client.get("/healthz").status_code == 200
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "serving without the cache" in m]) == 1
    assert len([m for m in messages if "reachable again" in m]) == 1


def _expired_session(key):
    import datetime

    from django.utils import timezone

    return Session.objects.create(
        session_key=key, session_data="x", expire_date=timezone.now() - datetime.timedelta(days=1)
    )


def test_tasks_run_in_process_while_the_broker_is_down_and_are_queued_once_it_is_back(
    spare_redis, redis_at, settings, caplog
):
    from marketplace.core.queue import task_enqueue
    from marketplace.core.tasks import sessions_clear_expired

    redis_at(spare_redis["url"])
    settings.CELERY_BROKER_BREAKER_SECONDS = 0.3
    server = spare_redis["client"]

    spare_redis["client"].shutdown(nosave=True)
    during = _expired_session("expired-during-outage")
    result = task_enqueue(sessions_clear_expired)
    assert result.successful()  # run here, now
    assert not Session.objects.filter(pk=during.pk).exists()
    assert queue.broker_marked_down()
    assert any(
        "Running task marketplace.core.tasks.sessions_clear_expired in-process" in r.getMessage()
        for r in caplog.records
    )

    spare_redis["start"]()
    time.sleep(0.4)  # the cool-off
    after = _expired_session("expired-after-outage")
    task_enqueue(sessions_clear_expired)
    assert server.llen(app.conf.task_default_queue) == 1  # queued for a worker, not run here
    assert Session.objects.filter(pk=after.pk).exists()
    assert not queue.broker_marked_down()
