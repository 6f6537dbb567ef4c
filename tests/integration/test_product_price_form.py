"""Prices are whole đồng: the dashboard's product form refuses fractions and negatives."""

import pytest
from oscar.core.loading import get_class, get_model

from tests.factories import ProducerFactory, ProductClassFactory, UserFactory
from tests.helpers import dashboard_product_post

StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def _stockrecord_form(price):
    product_class = ProductClassFactory()
    user = UserFactory(is_staff=True)
    return StockRecordForm(
        product_class,
        user,
        data={
            "partner": ProducerFactory().pk,
            "partner_sku": "SKU-1",
            "price_currency": "VND",
            "price": price,
            "num_in_stock": "5",
        },
    )


@pytest.mark.parametrize("price", ["125000", "0"])
def test_whole_dong_prices_are_accepted(price):
    form = _stockrecord_form(price)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("125000.50", "Giá phải là số nguyên đồng: 125000.50 có phần thập phân."),
        ("-1000", "Giá không được là số âm."),
        ("mười nghìn", "Nhập một số."),
    ],
)
def test_bad_prices_are_refused_with_a_message(price, message):
    form = _stockrecord_form(price)
    assert not form.is_valid()
    assert form.errors["price"] == [message]


def test_dashboard_refuses_a_fractional_price_and_keeps_the_form(client, groups):
    response = dashboard_product_post(client, "99000.5", groups["tea"])
    assert response.status_code == 200  # re-rendered, not redirected
    html = response.content.decode()
    assert "Giá phải là số nguyên đồng" in html
    assert 'value="Chè búp tím"' in html  # what was typed is kept
    assert not Product.objects.filter(title="Chè búp tím").exists()


def test_dashboard_refuses_a_negative_price(client, groups):
    response = dashboard_product_post(client, "-5000", groups["tea"])
    assert response.status_code == 200
    assert "Giá không được là số âm." in response.content.decode()
    assert not Product.objects.filter(title="Chè búp tím").exists()


def test_dashboard_accepts_a_whole_dong_price(client, groups):
    response = dashboard_product_post(client, "99000", groups["tea"])
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(title="Chè búp tím")
    assert product.stockrecords.get().price == 99000
