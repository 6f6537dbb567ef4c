"""Celery tasks of the OCOP cycle: thin, idempotent wrappers around services."""

from celery import shared_task

from programme.services import events


@shared_task(acks_late=True)
def cycle_event_email_send(event_id: int) -> bool:
    return events.cycle_event_email_send(event_id=event_id)


@shared_task(acks_late=True)
def recertification_open_dossiers() -> int:
    from programme.services.recertification import recertification_open_dossiers as open_dossiers

    return open_dossiers()
