"""Celery tasks: thin, idempotent wrappers around services."""

from celery import shared_task

from marketplace.core import services


@shared_task(acks_late=True)
def sessions_clear_expired() -> int:
    return services.sessions_clear_expired()


@shared_task(acks_late=True)
def login_logs_prune() -> int:
    return services.login_logs_prune()
