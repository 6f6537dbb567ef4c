"""Reads for the dashboard. Everything a producer can reach is filtered here, by the user.

Officers (and staff) see every producer's objects; a producer user sees the objects of the producers
(Oscar partners) whose ``users`` include them; anybody else sees nothing. Orders go through
``marketplace.order.selectors.order_list_for_user``; products through ``product_list_for_user``; every
other producer-owned object (lots: traceability.selectors; certificates, ledgers) is reached through those
two or through ``producer_list_for_user``.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.dashboard.access import user_is_officer
from marketplace.order.models import Order, Purchase
from marketplace.order.selectors import order_list_for_user
from marketplace.order.statuses import ORDER_STATUS_LABELS, OrderStatus
from marketplace.payments.models import LedgerEntry

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Certification = get_model("catalogue", "Certification")
OrderStatusChange = get_model("order", "OrderStatusChange")

SALES_RECENT_DAYS = 30


# Producers ---------------------------------------------------------------------------------------------------------


def producer_list_for_user(*, user) -> QuerySet:
    """Producers whose figures, ledger and stock this user may see."""
    producers = Partner.objects.all()
    if user_is_officer(user):
        return producers
    if getattr(user, "is_authenticated", False):
        return producers.filter(users=user)
    return producers.none()


def producer_get_for_user(*, user, pk) -> "Partner | None":
    return producer_list_for_user(user=user).filter(pk=pk).first()


def producer_balance_list(*, user) -> QuerySet:
    """Producers with their ledger totals (``sales``, ``commission``, ``payouts``, ``balance``), one query."""
    entries = "ledger_entries__amount"
    return (
        producer_list_for_user(user=user)
        .annotate(
            sales=Sum(entries, filter=Q(ledger_entries__kind=LedgerEntry.Kind.SALE), default=Decimal(0)),
            commission=-Sum(entries, filter=Q(ledger_entries__kind=LedgerEntry.Kind.COMMISSION), default=Decimal(0)),
            payouts=-Sum(entries, filter=Q(ledger_entries__kind=LedgerEntry.Kind.PAYOUT), default=Decimal(0)),
            balance=Sum(entries, default=Decimal(0)),
        )
        .order_by("-balance", "name")
    )


# Products, certificates --------------------------------------------------------------------------------------------


def product_list_for_user(*, user) -> QuerySet:
    """Products this user may see and edit in the dashboard.

    A producer's products are those one of their producers stocks (a parent product through any of
    its variants), as in Oscar's own dashboard rule.
    """
    products = Product.objects.all()
    if user_is_officer(user):
        return products
    if not getattr(user, "is_authenticated", False):
        return products.none()
    own = Q(stockrecords__partner__users=user) | Q(children__stockrecords__partner__users=user)
    return products.filter(pk__in=Product.objects.filter(own).values("pk"))


def certification_list_for_user(*, user) -> QuerySet:
    return (
        Certification.objects.filter(product__in=product_list_for_user(user=user))
        .select_related("product__parent")
        .order_by("-decision_date", "-pk")
    )


# Orders and payments -----------------------------------------------------------------------------------------------


def order_queryset_for_user(*, user) -> QuerySet:
    """The dashboard's orders for this user, with what the list and detail pages show."""
    return (
        order_list_for_user(user=user)
        .select_related(
            "billing_address",
            "billing_address__country",
            "shipping_address",
            "shipping_address__country",
            "user",
            "producer",
            "purchase",
            "pickup_point",
        )
        .prefetch_related("lines", "status_changes")
    )


def order_get_for_user(*, user, number: str) -> Order | None:
    return order_queryset_for_user(user=user).filter(number=number).first()


def purchase_list_for_user(*, user) -> QuerySet:
    """Purchases with at least one order this user may see."""
    return Purchase.objects.filter(pk__in=order_list_for_user(user=user).values("purchase_id"))


def purchase_get_for_user(*, user, reference: str) -> Purchase | None:
    return purchase_list_for_user(user=user).filter(reference=reference).first()


def purchase_is_all_theirs(*, purchase: Purchase, user) -> bool:
    """Whether every order of the purchase belongs to a producer this user works for."""
    orders = purchase.orders.all()
    return not orders.exclude(producer__users=user).exists() and orders.exists()


def purchase_list_transfers(*, user, received: bool = False) -> QuerySet:
    """Bank transfers (VietQR) with their orders: not yet received (oldest deadline first), or received
    (latest first)."""
    transfers = purchase_list_for_user(user=user).filter(payment_method=Purchase.PaymentMethod.VIETQR)
    if received:
        transfers = transfers.filter(payment_status=Purchase.PaymentStatus.PAID).order_by("-paid_at", "-pk")
    else:
        transfers = transfers.filter(
            payment_status__in=[Purchase.PaymentStatus.AWAITING, Purchase.PaymentStatus.FAILED]
        ).order_by("payment_deadline", "pk")
    return transfers.prefetch_related(
        Prefetch("orders", queryset=Order.objects.select_related("producer").order_by("number"))
    )


# Sales figures -----------------------------------------------------------------------------------------------------


def _totals(orders: QuerySet) -> dict:
    figures = orders.aggregate(count=Count("pk"), total=Sum("total_incl_tax", default=Decimal(0)))
    return {"count": figures["count"], "total": figures["total"]}


def producer_sales_figures(*, producer, now: datetime.datetime | None = None) -> dict:
    """A producer's orders by status, and delivered revenue in the last 30 days and in all.

    Revenue is the delivered orders' totals (goods and delivery), counted on the day of delivery.
    """
    now = now or timezone.now()
    orders = Order.objects.filter(producer=producer)
    by_status = {
        row["status"]: row
        for row in orders.values("status").annotate(count=Count("pk"), total=Sum("total_incl_tax")).order_by()
    }
    delivered = orders.filter(status=OrderStatus.DELIVERED)
    delivered_recently = delivered.filter(
        Exists(
            OrderStatusChange.objects.filter(
                order=OuterRef("pk"),
                new_status=OrderStatus.DELIVERED,
                date_created__gte=now - datetime.timedelta(days=SALES_RECENT_DAYS),
            )
        )
    )
    return {
        "by_status": [
            {
                "status": status,
                "label": label,
                "count": by_status.get(status, {}).get("count", 0),
                "total": by_status.get(status, {}).get("total") or Decimal(0),
            }
            for status, label in ORDER_STATUS_LABELS.items()
        ],
        "delivered_recent": _totals(delivered_recently),
        "delivered_all": _totals(delivered),
        "recent_days": SALES_RECENT_DAYS,
    }


def order_status_counts_for_user(*, user) -> dict[str, int]:
    rows = order_list_for_user(user=user).values("status").annotate(count=Count("pk")).order_by()
    return {row["status"]: row["count"] for row in rows}
