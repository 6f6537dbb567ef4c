"""Writes that belong to no single domain app."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_clear_expired(*, now=None) -> int:
    """Delete expired sessions; returns how many went. Safe to run any number of times."""
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted


def login_logs_prune(*, now=None) -> int:
    """Delete django-axes' login records older than AXES_ACCESS_LOG_DAYS (they hold addresses and browsers:
    personal data kept no longer than needed); returns how many went. Safe to run any number of times."""
    from axes.models import AccessLog

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AXES_ACCESS_LOG_DAYS)
    deleted, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted
