"""A real Celery worker on a real Redis broker runs tasks queued on commit, and only on commit."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from marketplace.celery import app
from marketplace.core.queue import enqueue_on_commit
from marketplace.core.tasks import sessions_clear_expired


def _configure(**conf):
    """Point the app at another broker: drop its pooled connections, which still lead to the old one."""
    app.conf.update(conf)
    app._after_fork()


@pytest.fixture
def worker(redis_url, transactional_db, django_db_serialized_rollback):
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    _configure(broker_url=redis_url, task_always_eager=False, result_backend=None)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        _configure(**saved)


def _expired_session():
    return Session.objects.create(
        session_key=f"expired{time.monotonic_ns()}",
        session_data="x",
        expire_date=timezone.now() - datetime.timedelta(days=1),
    )


def _wait_until(predicate, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_task_queued_on_commit_runs_on_the_worker(worker):
    expired = _expired_session()
    live = Session.objects.create(
        session_key="live", session_data="x", expire_date=timezone.now() + datetime.timedelta(days=1)
    )
    with transaction.atomic():
        enqueue_on_commit(sessions_clear_expired)
    assert _wait_until(lambda: not Session.objects.filter(pk=expired.pk).exists())
    assert Session.objects.filter(pk=live.pk).exists()


@pytest.fixture
def broker_without_worker(redis_url, transactional_db, django_db_serialized_rollback):
    """The real broker with no worker draining it, so the queue can be inspected."""
    import redis

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _configure(broker_url=redis_url, task_always_eager=False)
    queue = redis.Redis.from_url(redis_url)
    try:
        yield lambda: queue.llen(app.conf.task_default_queue)
    finally:
        _configure(**saved)


def test_nothing_is_queued_until_commit_and_nothing_after_a_rollback(broker_without_worker):
    queued = broker_without_worker

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        enqueue_on_commit(sessions_clear_expired)
        raise Abort
    assert queued() == 0

    with transaction.atomic():
        enqueue_on_commit(sessions_clear_expired)
        assert queued() == 0  # still inside the transaction
    assert queued() == 1


@pytest.mark.django_db
def test_task_is_idempotent():
    _expired_session()
    assert sessions_clear_expired.acks_late is True
    assert sessions_clear_expired.apply().get() == 1
    assert sessions_clear_expired.apply().get() == 0
