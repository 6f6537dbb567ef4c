"""Celery tasks of the CMS: thin wrappers."""

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def pages_publish_scheduled() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own command)."""
    call_command("publish_scheduled")
