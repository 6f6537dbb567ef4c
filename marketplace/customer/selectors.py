"""Reads for shopper accounts."""

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.dashboard.access import user_is_officer, user_is_producer


def user_landing_url(*, user) -> str:
    """Where a user goes after logging in when no page was asked for, in the active language.

    Officers (and staff) and producers work in the dashboard; tourism staff and editors in the CMS;
    everyone else is a shopper and lands on their account.
    """
    if user_is_officer(user) or user_is_producer(user):
        return reverse("dashboard:index")
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return reverse("customer:summary")


def order_list_for_shopper(*, user) -> QuerySet:
    """The shopper's own orders, newest first, with what the order history shows (item counts, payment)."""
    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    return (
        Order.objects.filter(user=user)
        .select_related("purchase")
        .prefetch_related(Prefetch("lines", queryset=Line.objects.only("id", "order_id", "quantity")))
        .order_by("-date_placed", "-pk")
    )


def login_lockout_list() -> dict:
    """Accounts and addresses locked out of logging in now (django-axes' failures within the cool-off).

    ``{"accounts": [{"username", "failures", "last_attempt"}…], "addresses": [{"ip_address", …}…]}``, the
    latest first. The limits are the throttle's own (settings/integrations/throttling.py).
    """
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Max, Sum
    from django.utils import timezone

    recent = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        recent = recent.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)

    def locked(field: str, limit: int) -> list[dict]:
        return list(
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last_attempt")
        )

    return {
        "accounts": locked("username", settings.AXES_FAILURE_LIMIT),
        "addresses": locked("ip_address", settings.AXES_ADDRESS_FAILURE_LIMIT),
    }
