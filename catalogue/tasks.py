"""Celery tasks of the catalogue: thin, idempotent wrappers around services."""

from celery import shared_task

from catalogue import services


@shared_task(acks_late=True)
def certifications_refresh() -> dict:
    return services.certifications_refresh()


@shared_task(acks_late=True)
def product_image_process(image_id: int) -> bool:
    from catalogue.image_services import product_image_process as process

    return process(image_id=image_id)
