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
    # The fail-soft cache answers a miss instead of raising while Redis is down (and while its breaker is
    # open, without asking Redis), so a value that does not come back is the sign.
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # any backend error means the cache is not usable
        logger.exception("Health check: cache unreachable")
        return False


def _search_state() -> str | None:
    """'ok' or 'error' for a configured Elasticsearch; None without one (the database is searched)."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return None
    from marketplace.search.selectors import elasticsearch_backend

    return "ok" if elasticsearch_backend().ping() else "error"


def _broker_state() -> str:
    """'ok', 'eager' (no broker configured: tasks run in-process) or 'error'."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from marketplace.celery import app

    try:
        with app.connection_for_write() as conn:
            # One immediate retry, no back-off sleeps: the probe must answer fast when the broker is down.
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.1, interval_max=0.1, timeout=2)
    except Exception as error:  # kombu raises transport-specific errors
        # A warning, not a traceback: a monitor polls this every few seconds through an outage.
        logger.warning("Health check: broker unreachable (%s)", error)
        return "error"
    return "ok"


# Parts the site serves around when they fail (no cache, tasks in-process, search from the database);
# without the database nothing works.
DEGRADABLE = frozenset({"cache", "broker", "search"})


def health_check() -> dict:
    """The state of each part the site needs, and whether all are usable.

    A part is "ok", "eager" (broker: none configured), "error" (the database: nothing works) or "degraded"
    (unreachable, and the site serves around it). ``failing`` names every part that is not usable (the
    answer is then 503), ``degraded`` those of them the site serves around; ``status`` is "error" when the
    database is down, else "degraded" or "ok".
    """
    parts = {
        "database": "ok" if _database_ok() else "error",
        "cache": "ok" if _cache_ok() else "error",
        "broker": _broker_state(),
    }
    search = _search_state()
    if search is not None:
        parts["search"] = search
    parts = {name: "degraded" if state == "error" and name in DEGRADABLE else state for name, state in parts.items()}
    failing = sorted(name for name, state in parts.items() if state in {"error", "degraded"})
    degraded = [name for name in failing if parts[name] == "degraded"]
    if not failing:
        status = "ok"
    elif failing == degraded:
        status = "degraded"
    else:
        status = "error"
    return {"status": status, "checks": parts, "failing": failing, "degraded": degraded}
