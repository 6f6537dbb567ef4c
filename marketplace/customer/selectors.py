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
