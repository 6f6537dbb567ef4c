"""Celery tasks of producer onboarding: thin, idempotent wrappers around services."""

from celery import shared_task

from marketplace.onboarding import services


@shared_task(acks_late=True)
def application_decision_email_send(application_id: int) -> bool:
    return services.application_decision_email_send(application_id=application_id)
