"""Adding to the basket, whole-đồng totals, and quantities that must be refused."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db


def _basket():
    basket = Basket.open.get()
    basket.strategy = Selector().strategy()
    return basket


def _update_line(client, line, quantity, delete=False):
    """Post the basket page's line formset, as the browser does."""
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(line.pk),
        "form-0-quantity": quantity,
    }
    if delete:
        data["form-0-DELETE"] = "on"
    return client.post(reverse("basket:summary"), data)


def _add(client, product, quantity, **extra):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}, **extra)


def test_adding_a_product_gives_a_whole_dong_total(client, honey):
    response = _add(client, honey, 2)
    assert response.status_code == 302
    basket = _basket()
    assert basket.num_items == 2
    assert basket.total_incl_tax == Decimal("250000")
    assert basket.total_incl_tax == basket.total_incl_tax.to_integral_value()
    page = client.get(reverse("basket:summary")).content.decode()
    assert "250.000\xa0₫" in page


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Số lượng phải từ 1 trở lên"),
        ("-3", "Số lượng phải từ 1 trở lên"),
        ("abc", "Số lượng phải là số nguyên"),
        ("", "Vui lòng nhập số lượng"),
    ],
)
def test_add_to_basket_refuses_bad_quantities_and_changes_nothing(client, honey, quantity, message):
    _add(client, honey, 1)
    response = _add(client, honey, quantity, HTTP_REFERER=honey.get_absolute_url())
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(message in text for text in texts), texts
    assert _basket().num_items == 1


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Số lượng phải từ 1 trở lên"),
        ("-1", "Số lượng phải từ 1 trở lên"),
        ("hai", "Số lượng phải là số nguyên"),
    ],
)
def test_basket_update_refuses_bad_quantities_and_changes_nothing(client, honey, quantity, message):
    _add(client, honey, 3)
    line = Line.objects.get()
    response = _update_line(client, line, quantity)
    assert response.status_code == 200  # the basket re-renders with the error
    html = response.content.decode()
    assert message in html
    line.refresh_from_db()
    assert line.quantity == 3


def test_basket_update_changes_a_valid_quantity(client, honey):
    _add(client, honey, 1)
    line = Line.objects.get()
    _update_line(client, line, "4")
    line.refresh_from_db()
    assert line.quantity == 4
    assert _basket().total_incl_tax == Decimal("500000")


def test_removing_a_line_uses_the_delete_box(client, honey):
    _add(client, honey, 1)
    line = Line.objects.get()
    _update_line(client, line, "1", delete=True)
    assert not Line.objects.exists()


def test_asking_for_more_than_the_stock_says_how_many_can_be_bought(client, honey):
    response = client.post(
        reverse("basket:add", kwargs={"pk": honey.pk}),
        {"quantity": 9999},
        HTTP_REFERER=honey.get_absolute_url(),
        follow=True,
    )
    html = response.content.decode()
    assert "Chỉ có thể mua tối đa 50 sản phẩm" in html  # a sentence: capitalised (Oscar's own reads "tối đa của 50…")
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0
