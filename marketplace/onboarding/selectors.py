"""Reads for producer onboarding."""

from django.db.models import Count, QuerySet
from oscar.core.loading import get_model

from marketplace.onboarding.models import ProducerApplication

Partner = get_model("partner", "Partner")


def application_queryset() -> QuerySet:
    """Applications with everything the dashboard shows about them, in one query."""
    return ProducerApplication.objects.select_related("applicant", "region__parent", "decided_by", "producer")


def application_list(*, status: str | None = None) -> QuerySet:
    """Newest first; ``status`` is one of ProducerApplication.Status or None for all."""
    applications = application_queryset().order_by("-submitted_at", "-pk")
    if status:
        applications = applications.filter(status=status)
    return applications


def application_status_counts() -> dict[str, int]:
    """How many applications are in each status (every status present, zero when none)."""
    counts = dict.fromkeys(ProducerApplication.Status.values, 0)
    rows = ProducerApplication.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows))
    return counts


def application_get(*, pk: int) -> ProducerApplication:
    """One application for the dashboard (raises DoesNotExist)."""
    return application_queryset().get(pk=pk)


def application_get_for_user(*, user) -> ProducerApplication | None:
    """The user's latest application, or None."""
    if not user.is_authenticated:
        return None
    return application_queryset().filter(applicant=user).order_by("-submitted_at", "-pk").first()


def application_pending_exists(*, user) -> bool:
    return ProducerApplication.objects.filter(applicant=user, status=ProducerApplication.Status.SUBMITTED).exists()


def producer_for_user(*, user) -> "Partner | None":
    """The producer the user already manages (through Partner.users), or None."""
    if not user.is_authenticated:
        return None
    return Partner.objects.filter(users=user).order_by("pk").first()
