"""Checkout across producers: one purchase, one payment, one order per producer, stock that cannot oversell."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.models import Order, Purchase
from tests.helpers import basket_add, checkout_data

StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Purchase.objects.count(),
        Order.objects.count(),
        list(StockRecord.objects.order_by("pk").values_list("num_allocated", flat=True)),
    )


def test_one_basket_from_three_producers_places_three_orders_and_one_purchase(
    client, places, three_producers, django_capture_on_commit_callbacks
):
    honey, tea, fish_sauce = three_producers
    basket_add(client, honey, 2)
    basket_add(client, tea, 2)
    basket_add(client, fish_sauce, 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:index"), checkout_data(places))

    assert response.status_code == 302, response.content.decode()[:2000]
    purchase = Purchase.objects.get()
    assert response.url == purchase.get_absolute_url()
    orders = {order.producer.name: order for order in purchase.orders.all()}
    assert set(orders) == {"HTX Mật ong", "HTX Chè Long Cốc", "Hộ kinh doanh Nước mắm"}
    assert orders["HTX Mật ong"].total_incl_tax == Decimal("270000")  # 2 × 125.000 + 20.000 delivery
    assert orders["HTX Chè Long Cốc"].shipping_incl_tax == Decimal("0")  # free from 300.000 ₫
    assert orders["HTX Chè Long Cốc"].total_incl_tax == Decimal("320000")
    assert orders["Hộ kinh doanh Nước mắm"].total_incl_tax == Decimal("110000")
    assert purchase.total == Decimal("700000")
    assert purchase.payment_method == "cod" and purchase.payment_status == "on_delivery"
    assert {o.status for o in orders.values()} == {"pending"}
    assert [(line.title, line.quantity) for line in orders["HTX Mật ong"].lines.all()] == [("Mật ong rừng", 2)]
    assert len({o.number for o in orders.values()}) == 3
    assert all(o.number.startswith(purchase.reference) for o in orders.values())
    assert all(o.shipping_address.region == places["thanh_mieu"] for o in orders.values())
    # Stock is reserved, not yet taken out.
    assert StockRecord.objects.get(product=fish_sauce).num_allocated == 1
    # One e-mail to the shopper about the whole purchase, one to each producer about their order.
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(mail.outbox) == 4
    shopper = [m for m in mail.outbox if m.to == ["khach@example.vn"]]
    assert len(shopper) == 1 and "700.000" in shopper[0].body
    # The link to the purchase page works from a mail client: absolute, on the public site.
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{purchase.get_absolute_url()}" in shopper[0].body
    honey_mail = [m for m in mail.outbox if orders["HTX Mật ong"].number in m.subject]
    assert len(honey_mail) == 1 and "Chè" not in honey_mail[0].body, subjects
    # The basket is spent; the purchase page shows all three orders.
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert page.count('data-testid="order"') == 3
    assert "700.000" in page


def test_delivery_elsewhere_costs_the_other_province_fee(client, places, three_producers):
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    data = checkout_data(places, province=places["ha_noi"].code, ward=places["hoan_kiem"].code)
    response = client.post(reverse("checkout:index"), data)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.shipping_incl_tax == Decimal("35000")
    assert order.total_incl_tax == Decimal("160000")


def test_pick_up_at_a_sales_point_is_free(client, places, three_producers):
    from marketplace.shipping.models import SalesPoint

    honey, *_ = three_producers
    point = SalesPoint.objects.create(
        name="Điểm bán OCOP Việt Trì",
        slug="diem-ban-viet-tri",
        street_address="Số 1 Hùng Vương",
        region=places["viet_tri"],
    )
    point.producers.add(honey.stockrecords.get().partner)
    basket_add(client, honey, 1)
    producer_id = honey.stockrecords.get().partner_id
    response = client.post(
        reverse("checkout:index"), checkout_data(places, **{f"delivery_{producer_id}": f"pickup-{point.pk}"})
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.pickup_point == point and order.shipping_incl_tax == 0


def test_a_tampered_price_is_ignored(client, places, three_producers):
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    data = checkout_data(places, price="1000", total="1000", **{"shipping_charge": "0"})
    response = client.post(reverse("checkout:index"), data)
    assert response.status_code == 302
    assert Purchase.objects.get().total == Decimal("145000")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12345"}, "Hãy nhập số điện thoại cố định hoặc di động Việt Nam"),
        ({"phone": "0912 345 678 999"}, "Hãy nhập số điện thoại cố định hoặc di động Việt Nam"),
        ({"ward": "00070"}, "Chọn xã/phường thuộc Tỉnh Phú Thọ"),
        ({"ward": ""}, "bắt buộc"),
        ({"full_name": " "}, "bắt buộc"),
        ({"email": "not-an-email"}, "email"),
        ({"payment_method": "bitcoin"}, "bitcoin"),
    ],
)
def test_bad_checkout_input_is_refused_with_a_message_and_nothing_written(
    client, places, three_producers, overrides, message
):
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    before = _counts()
    response = client.post(reverse("checkout:index"), checkout_data(places, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == before


def test_a_quantity_above_stock_is_refused_and_nothing_written(client, places, three_producers):
    *_, fish_sauce = three_producers  # 3 in stock
    basket_add(client, fish_sauce, 3)
    StockRecord.objects.filter(product=fish_sauce).update(num_in_stock=2)  # someone else bought one meanwhile
    before = _counts()
    response = client.post(reverse("checkout:index"), checkout_data(places))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nước mắm cốt" in page
    assert _counts() == before


def test_allocation_refuses_the_last_units_twice(places, three_producers):
    from marketplace.partner.stock import OutOfStock, stock_allocate

    *_, fish_sauce = three_producers
    record = StockRecord.objects.get(product=fish_sauce)
    stock_allocate(items=[(record.pk, 3)])
    with pytest.raises(OutOfStock):
        stock_allocate(items=[(record.pk, 1)])
    record.refresh_from_db()
    assert record.num_allocated == 3


def test_the_database_refuses_allocating_more_than_the_stock(three_producers):
    *_, fish_sauce = three_producers
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(product=fish_sauce).update(num_allocated=4)


def test_empty_basket_goes_back_to_the_basket(client, places):
    response = client.get(reverse("checkout:index"))
    assert response.status_code == 302 and response.url.endswith(reverse("basket:summary"))


def test_unknown_purchase_link_is_404(client):
    assert client.get(reverse("checkout:purchase", args=["nope"])).status_code == 404


def test_wards_endpoint_lists_one_province_and_refuses_garbage(client, places):
    response = client.get(reverse("region-wards"), {"province": places["phu_tho"].code})
    assert response.status_code == 200
    assert {w["code"] for w in response.json()["wards"]} == {places["viet_tri"].code, places["thanh_mieu"].code}
    for bad in ["", "xx", "99", "1" * 50]:
        response = client.get(reverse("region-wards"), {"province": bad})
        assert response.status_code == 400
        assert response.json()["error"]


def test_checkout_and_purchase_pages_speak_english_under_en(client, places, three_producers):
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    page = client.get("/en/shop/checkout/").content.decode()
    assert "Place order" in page and "Cash on delivery" in page and "Commune or ward" in page
    response = client.post("/en/shop/checkout/", checkout_data(places))
    assert response.status_code == 302 and response.url.startswith("/en/shop/checkout/purchase/")
    purchase_page = client.get(response.url).content.decode()
    assert "₫145,000" in purchase_page and "Waiting for the producer to confirm" in purchase_page
