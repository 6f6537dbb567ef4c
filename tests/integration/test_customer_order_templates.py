"""The customer's order pages extend Oscar's templates by block: what Oscar's blocks show is still on the page.

Our overrides replace only the parts we change (the status in words, the producer, the payment link, the phone in
national format); Oscar's totals, re-order button, breadcrumbs, filter form and its styles come through.
"""

import re

import pytest
from django.utils import translation
from oscar.templatetags.currency_filters import currency

from tests.factories import PurchaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(db):
    return UserFactory(username="khach-don-hang", email="khach-don-hang@example.vn")


def test_the_order_page_keeps_oscars_totals_and_re_order_button_beside_our_status(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 2)], payment_method="cod", user=shopper)
    order = purchase.orders.get()
    client.force_login(shopper)

    html = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()

    with translation.override("vi"):
        expected = [
            currency(amount, "VND")
            for amount in (order.basket_total_incl_tax, order.shipping_incl_tax, order.total_incl_tax)
        ]
    # Oscar's basket_total, shipping_totals and order_total blocks, in đồng.
    rows = re.findall(r'<th colspan="4">[^<]+</th>\s*<td colspan="2">([^<]+)</td>', html)
    assert rows == expected
    assert f'id="order_form_{order.id}"' in html  # Oscar's order_actions block (re-order)
    assert 'data-testid="order-status"' in html and "HTX Mật ong Tân Sơn" in html  # ours
    assert "0912 345 678" in html and "+84912345678" not in html  # the phone as Vietnamese people write it
    assert html.count('class="breadcrumb-item') == 4  # Home › Account › Order history › this order (Oscar's)


def test_the_order_list_keeps_oscars_filter_and_styles_beside_our_status_column(client, shopper, honey):
    PurchaseFactory(items=[(honey, 1)], payment_method="vietqr", user=shopper)
    client.force_login(shopper)

    html = client.get("/shop/accounts/orders/").content.decode()

    assert "tempusdominus-bootstrap-4.min.css" in html  # Oscar's styles block
    assert '<form method="get">' in html  # Oscar's filter form, kept in our tabcontent
    assert html.count('data-testid="order-status"') == 1
    assert "<script>" not in html  # no inline script came with Oscar's blocks
