"""Writes that belong to no single domain app."""

from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_clear_expired(*, now=None) -> int:
    """Delete expired sessions; returns how many went. Safe to run any number of times."""
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted
