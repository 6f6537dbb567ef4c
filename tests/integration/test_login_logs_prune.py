"""Login records hold addresses and browsers: a beat job prunes those past AXES_ACCESS_LOG_DAYS, idempotently."""

import datetime

import pytest
from axes.models import AccessLog
from django.utils import timezone

from marketplace.core.services import login_logs_prune

pytestmark = pytest.mark.django_db


def _log(*, days_ago: int, username: str) -> AccessLog:
    log = AccessLog.objects.create(username=username, ip_address="203.0.113.5", user_agent="test")
    # attempt_time is auto_now_add: set the past afterwards.
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=days_ago))
    return log


def test_records_past_the_period_go_and_the_rest_stay(settings):
    settings.AXES_ACCESS_LOG_DAYS = 90
    _log(days_ago=91, username="old@example.vn")
    _log(days_ago=89, username="recent@example.vn")

    assert login_logs_prune() == 1
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent@example.vn"]
    # A second run finds nothing more.
    assert login_logs_prune() == 0
    assert AccessLog.objects.count() == 1


def test_the_job_is_scheduled(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["login-logs-prune"]
    assert schedule["task"] == "marketplace.core.tasks.login_logs_prune"
