"""Celery: a broker when CELERY_BROKER_URL is set, in-process eager tasks otherwise.

Rules for every task (see README): enqueue with ``transaction.on_commit``,
keep the task a thin, idempotent wrapper around a service, ack late.
"""

from celery.schedules import crontab

from marketplace.settings.env import env

_configured_broker = env("CELERY_BROKER_URL", default="")
# Without a broker the embedded default needs nothing running: tasks run in-process. The
# in-memory transport stands in so that nothing ever falls back to Celery's default
# amqp://localhost (a machine may well run a RabbitMQ that is not ours).
CELERY_BROKER_URL = _configured_broker or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _configured_broker
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "ocop"
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead broker must fail fast in a web request (marketplace/core/queue.py then runs the task in-process):
# short connect and socket timeouts, one quick publish retry.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=0.5)
# The worker's budget for reconnecting after the broker goes away (web requests never wait on it: their
# publishing follows CELERY_TASK_PUBLISH_RETRY_POLICY). Kept at Celery's default so that a worker outlives
# a Redis restart instead of exiting.
CELERY_BROKER_CONNECTION_MAX_RETRIES = env.int("CELERY_BROKER_CONNECTION_MAX_RETRIES", default=100)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
# After a failed publish, tasks run in-process for this many seconds before the broker is tried again.
CELERY_BROKER_BREAKER_SECONDS = env.float("CELERY_BROKER_BREAKER_SECONDS", default=10.0)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None

# Periodic jobs (run by `celery -A marketplace beat`). Later features add theirs here.
CELERY_BEAT_SCHEDULE = {
    "certifications-refresh": {
        "task": "catalogue.tasks.certifications_refresh",
        "schedule": crontab(hour=1, minute=30),
    },
    "purchases-cancel-unpaid": {
        "task": "marketplace.order.tasks.purchases_cancel_unpaid",
        "schedule": crontab(minute="*/30"),
    },
    "pages-publish-scheduled": {
        "task": "cms.tasks.pages_publish_scheduled",
        "schedule": crontab(minute="*/5"),
    },
    # Refunds whose task was lost (e.g. Stripe failing while it ran in-process during a broker outage).
    "stripe-refunds-pending": {
        "task": "marketplace.payments.tasks.stripe_refunds_pending",
        "schedule": crontab(minute="*/15"),
    },
    "search-reindex": {
        "task": "marketplace.search.tasks.search_reindex_all",
        "schedule": crontab(hour=2, minute=30),
    },
    "login-logs-prune": {
        "task": "marketplace.core.tasks.login_logs_prune",
        "schedule": crontab(hour=3, minute=45),
    },
    "sessions-clear-expired": {
        "task": "marketplace.core.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=15),
    },
    # After the certificates' daily refresh: certificates entering their last 90 days get a re-evaluation dossier.
    "ocop-recertification-open-dossiers": {
        "task": "programme.tasks.recertification_open_dossiers",
        "schedule": crontab(hour=1, minute=45),
    },
}
