"""Celery tasks of tours: thin, idempotent wrappers around services."""

from celery import shared_task

from events.tours import services


@shared_task(acks_late=True)
def tour_booking_request_email_send(booking_request_id: int) -> bool:
    return services.tour_booking_request_email_send(booking_request_id=booking_request_id)
