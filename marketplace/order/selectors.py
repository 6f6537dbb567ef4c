"""Reads over purchases and orders. Who may see which order is decided here, in one place."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from oscar.core.loading import get_model

from marketplace.core.roles import user_is_officer
from marketplace.order.models import Line, Order, Purchase


def purchase_get_by_token(*, token: str) -> Purchase | None:
    if not token or len(token) > 64:
        return None
    return Purchase.objects.filter(access_token=token).first()


def purchase_for_basket(*, basket) -> Purchase | None:
    """The purchase a basket was checked out as (None while the basket is open)."""
    return Purchase.objects.filter(orders__basket_id=basket.pk).distinct().first()


def purchase_orders(*, purchase: Purchase) -> list[Order]:
    return list(
        purchase.orders.select_related("producer", "pickup_point__region__parent", "shipping_address")
        .prefetch_related(Prefetch("lines", queryset=Line.objects.select_related("product")), "discounts")
        .order_by("number")
    )


def purchase_discount_total(*, purchase: Purchase) -> Decimal:
    """What offers and vouchers took off the goods of all its orders (already out of its total)."""
    total = get_model("order", "OrderDiscount").objects.filter(order__purchase=purchase).aggregate(total=Sum("amount"))
    return total["total"] or Decimal(0)


def order_list_for_user(*, user) -> QuerySet:
    """Orders this user may see in the dashboard: officers all, a producer only their own, others none."""
    orders = Order.objects.all()
    if user_is_officer(user):
        return orders
    if user.is_authenticated:
        return orders.filter(producer__users=user)
    return orders.none()
