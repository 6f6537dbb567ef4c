"""Offers that stack: each is spread over the lines in whole đồng without taking any line below zero."""

from decimal import Decimal

import pytest

from marketplace.basket.selectors import basket_line_discounts, basket_producer_groups
from tests.factories import ProducerFactory, ProductFactory
from tests.helpers import basket_place, basket_priced, make_offer

pytestmark = pytest.mark.django_db


def test_two_half_price_offers_on_two_producers_lines_leave_no_line_below_zero(places):
    """The reviewer's probe: two non-exclusive 50% site offers on 1.005 ₫ lines of two producers."""
    products = [
        ProductFactory(
            title=f"Bánh {name}",
            stockrecord__price=Decimal("1005"),
            stockrecord__producer=ProducerFactory(name=f"Hộ {name}", region=places["viet_tri"]),
        )
        for name in ("Gai", "Chưng")
    ]
    first = make_offer(name="Nửa giá 1", value=50, exclusive=False, priority=2)
    second = make_offer(name="Nửa giá 2", value=50, exclusive=False, priority=1)
    basket = basket_priced([(product, 1) for product in products])
    applied = {a["offer"].pk: int(a["discount"]) for a in basket.offer_applications}
    assert set(applied) == {first.pk, second.pk}

    shares = basket_line_discounts(basket=basket)
    for line in basket.all_lines():
        assert sum(shares.get(line.pk, {}).values()) <= line.line_price_incl_tax
    for offer_id, amount in applied.items():
        assert sum(line_shares.get(offer_id, 0) for line_shares in shares.values()) == amount
    groups = basket_producer_groups(basket=basket)
    assert all(group.subtotal >= 0 for group in groups)
    assert sum(group.subtotal for group in groups) == Decimal("2010") - sum(applied.values())

    purchase = basket_place(basket)
    for order in purchase.orders.all():
        assert all(line.line_price_incl_tax >= 0 for line in order.lines.all())
        assert order.total_incl_tax >= order.shipping_incl_tax


def test_a_producers_delivery_is_priced_on_the_whole_dong_subtotal_the_checkout_charges(places):
    """10% off 10.001 ₫: Oscar's line says 9.000,9 ₫, the checkout 9.001 ₫ (the discount rounded down)."""
    from marketplace.shipping.methods import HomeDelivery

    producer = ProducerFactory(name="Hộ Bánh chưng", region=places["viet_tri"], free_delivery_over=Decimal("9001"))
    product = ProductFactory(stockrecord__price=Decimal("10001"), stockrecord__producer=producer)
    make_offer(name="Giảm 10%", value=10)
    basket = basket_priced([(product, 1)])
    (group,) = basket_producer_groups(basket=basket)
    assert group.subtotal == Decimal("9001")
    method = HomeDelivery(producer=producer, destination_province=places["phu_tho"])
    assert method.calculate(basket).incl_tax == 0 == method.charge_for(subtotal=group.subtotal).incl_tax
