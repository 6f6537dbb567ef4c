"""Demo sales points and purchases in every order state, placed through the real services."""

from django.contrib.auth import get_user_model
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.core.demo import data
from marketplace.core.phone import phone_to_e164
from marketplace.order.models import Purchase
from marketplace.order.services import DeliveryAddress, order_status_change, purchase_place
from marketplace.order.statuses import OrderStatus
from marketplace.regions.models import Region
from marketplace.shipping.models import SalesPoint

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")

# The steps from a fresh cash-on-delivery order to each final state.
_PATH = {
    OrderStatus.PENDING: [],
    OrderStatus.CONFIRMED: [OrderStatus.CONFIRMED],
    OrderStatus.PACKED: [OrderStatus.CONFIRMED, OrderStatus.PACKED],
    OrderStatus.SHIPPED: [OrderStatus.CONFIRMED, OrderStatus.PACKED, OrderStatus.SHIPPED],
    OrderStatus.DELIVERED: [OrderStatus.CONFIRMED, OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
    OrderStatus.AWAITING_PAYMENT: [],
}


def demo_sales_points_load(*, producers) -> list[SalesPoint]:
    points = []
    for slug, name, region_code, street, hours, phone, producer_keys in data.SALES_POINTS:
        region = Region.objects.get(code=region_code)
        point, _created = SalesPoint.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "region": region,
                "street_address": street,
                "opening_hours": hours,
                "phone": phone_to_e164(phone),
                "latitude": region.latitude,
                "longitude": region.longitude,
            },
        )
        point.producers.set([producers[key] for key in producer_keys])
        points.append(point)
    return points


def demo_purchases_load(*, shopper_email: str) -> int:
    """Place the sample purchases once (a shopper who already has purchases is left alone)."""
    shopper = get_user_model().objects.get(email=shopper_email)
    if Purchase.objects.filter(user=shopper).exists():
        return 0
    address = DeliveryAddress(
        full_name=shopper.get_full_name() or "Khách Hàng",
        phone="+84912345678",
        region=Region.objects.get(code="07900"),
        street="Số 25 phố Hòa Phong",
    )
    strategy = Selector().strategy()
    for lines, method, final_status in data.DEMO_PURCHASES:
        basket = Basket.objects.create(owner=shopper)
        basket.strategy = strategy
        for sku, quantity in lines:
            basket.add_product(Product.objects.get(upc=sku), quantity)
        purchase = purchase_place(
            basket=basket, user=shopper, email=shopper.email, address=address, delivery={}, payment_method=method
        )
        for order in purchase.orders.all():
            for status in _PATH[final_status]:
                order_status_change(
                    order=order,
                    new_status=status,
                    carrier="Viettel Post" if status == OrderStatus.SHIPPED else "",
                    tracking_number=f"VTP{order.pk:08d}" if status == OrderStatus.SHIPPED else "",
                    reason="Khách đổi ý (dữ liệu mẫu)" if status == OrderStatus.CANCELLED else "",
                )
                order.refresh_from_db()
    return len(data.DEMO_PURCHASES)
