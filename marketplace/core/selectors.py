"""Reads about the running system (health)."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return False
    return True


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # any backend error means the cache is not usable
        logger.exception("Health check: cache unreachable")
        return False


def _broker_state() -> str:
    """'ok', 'eager' (no broker configured: tasks run in-process) or 'error'."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from marketplace.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises transport-specific errors
        logger.exception("Health check: broker unreachable")
        return "error"
    return "ok"


def health_check() -> dict:
    """The state of each part the site needs, and whether all are usable."""
    broker = _broker_state()
    parts = {
        "database": "ok" if _database_ok() else "error",
        "cache": "ok" if _cache_ok() else "error",
        "broker": broker,
    }
    failing = sorted(name for name, state in parts.items() if state == "error")
    return {"status": "error" if failing else "ok", "checks": parts, "failing": failing}
