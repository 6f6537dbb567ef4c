"""Celery tasks of trade fairs: thin, idempotent wrappers around services."""

from celery import shared_task

from events.fairs import services


@shared_task(acks_late=True)
def booth_decision_email_send(application_id: int) -> bool:
    return services.booth_decision_email_send(application_id=application_id)
