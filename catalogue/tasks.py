"""Celery tasks of the catalogue: thin, idempotent wrappers around services."""

from celery import shared_task

from catalogue import services


@shared_task(acks_late=True)
def certifications_refresh() -> dict:
    return services.certifications_refresh()
