"""Checkout shows, before "Place order", the delivery fee for the chosen province and the grand total,
and never charges a total the page did not show; a returning shopper starts from their last address."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.order.models import Order, Purchase
from tests.factories import UserFactory
from tests.helpers import basket_add, checkout_data

pytestmark = pytest.mark.django_db


def _data(places, **overrides):
    """The checkout form for delivery to Hoàn Kiếm (Hà Nội), with a note for the courier."""
    address = {
        "province": places["ha_noi"].code,
        "ward": places["hoan_kiem"].code,
        "street": "Số 5 phố Tràng Tiền",
        "notes": "Gọi trước 15 phút",
    }
    return checkout_data(places, **{**address, **overrides})


def _pick_up_point_for(product, places):
    """A sales point in Việt Trì where ``product``'s producer hands orders over."""
    from marketplace.shipping.models import SalesPoint

    point = SalesPoint.objects.create(
        name="OCOP Việt Trì", slug="ocop-viet-tri", street_address="Số 1 Hùng Vương", region=places["viet_tri"]
    )
    point.producers.add(product.stockrecords.get().partner)
    return point


def _shown_total(page: str) -> str:
    return re.search(r'name="shown_total" value="([^"]*)"', page).group(1)


def _testid(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', page).group(1)


def _producer_id(product):
    return product.stockrecords.get().partner_id


@pytest.fixture
def basket_two(client, three_producers):
    """Honey (125.000 ₫) and fish sauce (90.000 ₫) from two producers in Phú Thọ: 20.000 ₫ in-province delivery
    each, 35.000 ₫ each to another province."""
    honey, _tea, fish_sauce = three_producers
    basket_add(client, honey)
    basket_add(client, fish_sauce)
    return honey, fish_sauce


# --- the page shows the fees and the grand total ---------------------------------------------------------


def test_the_page_shows_delivery_and_grand_total_before_a_province_is_chosen(client, places, basket_two):
    page = client.get(reverse("checkout:index")).content.decode()
    assert _testid(page, "shipping-total") == "40.000\xa0₫"
    assert _testid(page, "grand-total") == "255.000\xa0₫"
    assert _shown_total(page) == "255000"
    assert page.count("Giao tận nhà — 20.000\xa0₫") == 2


def test_refreshing_for_another_province_shows_its_fees_and_keeps_the_input(client, places, basket_two):
    honey, fish_sauce = basket_two
    data = _data(places, refresh="1", ward="", **{f"delivery_{_producer_id(honey)}": "home"})
    page = client.post(reverse("checkout:index"), data).content.decode()
    assert page.count("Giao tận nhà — 35.000\xa0₫") == 2
    assert "20.000" not in page
    assert _testid(page, "shipping-total") == "70.000\xa0₫"
    assert _testid(page, "grand-total") == "285.000\xa0₫"
    assert _shown_total(page) == "285000"
    assert places["ha_noi"].name in _testid(page, "delivery-note")
    assert 'value="Số 5 phố Tràng Tiền"' in page and f'value="{places["hoan_kiem"].code}"' in page


def test_english_page_shows_the_totals_and_a_translated_free_pick_up(client, places, three_producers):
    honey, *_ = three_producers
    _pick_up_point_for(honey, places)
    basket_add(client, honey)
    page = client.get("/en/shop/checkout/").content.decode()
    assert "Pick up at OCOP Việt Trì — Free (" in page
    assert "Grand total" in page and "— free" not in page


# --- the safety net: never charge a total the page did not show ------------------------------------------


def test_a_total_the_page_did_not_show_is_not_charged_and_the_new_one_is_asked_for(client, places, basket_two):
    # The page showed the in-province fees (255.000 ₫) and the shopper chose Hà Nội without them refreshing.
    response = client.post(reverse("checkout:index"), _data(places, shown_total="255000"))
    assert response.status_code == 200
    assert Purchase.objects.count() == 0 and Order.objects.count() == 0
    page = response.content.decode()
    assert "70.000\xa0₫" in page and "285.000\xa0₫" in page and places["ha_noi"].name in page
    assert "70.000\xa0₫" in _testid(page, "total-changed") and "alert-danger" not in page
    # Everything typed is kept, and the page now shows (and posts back) the new total.
    for kept in ["khach@example.vn", "Nguyễn Thị Lan", "0912 345 678", "Số 5 phố Tràng Tiền", "Gọi trước 15 phút"]:
        assert kept in page
    assert re.search(rf'<option value="{places["hoan_kiem"].code}" selected', page)
    assert _shown_total(page) == "285000" and _testid(page, "grand-total") == "285.000\xa0₫"

    # Confirming the amounts now shown places the order at exactly that total.
    response = client.post(reverse("checkout:index"), _data(places, shown_total=_shown_total(page)))
    assert response.status_code == 302
    assert Purchase.objects.get().total == Decimal("285000")


def test_the_total_shown_for_the_chosen_province_is_charged_at_once(client, places, basket_two):
    response = client.post(reverse("checkout:index"), _data(places, shown_total="285000"))
    assert response.status_code == 302
    assert Purchase.objects.get().total == Decimal("285000")


def test_a_pick_up_choice_counts_in_the_total_checked(client, places, three_producers):
    honey, *_ = three_producers
    point = _pick_up_point_for(honey, places)
    basket_add(client, honey)
    field = f"delivery_{_producer_id(honey)}"
    # Shown with home delivery (160.000 ₫), posted with pick-up (125.000 ₫): asked again, nothing placed.
    response = client.post(
        reverse("checkout:index"), _data(places, shown_total="160000", **{field: f"pickup-{point.pk}"})
    )
    assert response.status_code == 200 and Purchase.objects.count() == 0
    assert _shown_total(response.content.decode()) == "125000"
    response = client.post(
        reverse("checkout:index"), _data(places, shown_total="125000", **{field: f"pickup-{point.pk}"})
    )
    assert response.status_code == 302
    assert Purchase.objects.get().total == Decimal("125000")


@pytest.mark.parametrize("shown", ["", "abc", "-285000", "285000.5", "2850000", "285 000", "9" * 400])
def test_a_bad_shown_total_places_nothing_and_shows_the_real_one(client, places, basket_two, shown):
    response = client.post(reverse("checkout:index"), _data(places, shown_total=shown))
    assert response.status_code == 200
    assert Purchase.objects.count() == 0
    page = response.content.decode()
    assert "285.000\xa0₫" in page and _shown_total(page) == "285000"


def test_a_changed_price_is_caught_too(client, places, basket_two):
    from oscar.core.loading import get_model

    honey, _ = basket_two
    page = client.post(reverse("checkout:index"), _data(places, refresh="1")).content.decode()
    shown = _shown_total(page)
    get_model("partner", "StockRecord").objects.filter(product=honey).update(price=Decimal("135000"))
    response = client.post(reverse("checkout:index"), _data(places, shown_total=shown))
    assert response.status_code == 200 and Purchase.objects.count() == 0
    assert "295.000\xa0₫" in response.content.decode()


# --- the JSON fees endpoint the page uses ---------------------------------------------------------------


def test_fees_endpoint_answers_the_basket_for_a_province(client, places, basket_two):
    honey, fish_sauce = basket_two
    response = client.get(reverse("checkout:fees"), {"province": places["ha_noi"].code})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["province"] == places["ha_noi"].code
    assert (data["products_total"], data["shipping_total"], data["total"]) == (215000, 70000, 285000)
    assert data["display"]["total"] == "285.000\xa0₫"
    assert [g["field"] for g in data["groups"]] == [
        f"delivery_{_producer_id(honey)}",
        f"delivery_{_producer_id(fish_sauce)}",
    ]
    assert data["groups"][0]["options"] == [{"code": "home", "charge": 35000, "label": "Giao tận nhà — 35.000\xa0₫"}]
    assert places["ha_noi"].name in data["note"]
    # No province yet: the in-province fees.
    data = client.get(reverse("checkout:fees"), {"province": ""}).json()
    assert (data["shipping_total"], data["total"], data["province"]) == (40000, 255000, None)


def test_fees_endpoint_counts_the_delivery_choices(client, places, three_producers):
    honey, _tea, fish_sauce = three_producers
    point = _pick_up_point_for(honey, places)
    basket_add(client, honey)
    basket_add(client, fish_sauce)
    params = {"province": places["ha_noi"].code, f"delivery_{_producer_id(honey)}": f"pickup-{point.pk}"}
    data = client.get(reverse("checkout:fees"), params).json()
    assert data["groups"][0]["chosen"] == f"pickup-{point.pk}"
    assert (data["shipping_total"], data["total"]) == (35000, 250000)


@pytest.mark.parametrize(
    "params",
    [
        {"province": "abc"},
        {"province": "99"},
        {"province": "1" * 50},
        {"province": " 01"},
        {"province": "<script>"},
        {"province": "01", "delivery_999999": "home"},
        {"province": "01", "delivery_{honey}": "pickup-999999"},
        {"province": "01", "delivery_{honey}": "bogus"},
    ],
)
def test_fees_endpoint_refuses_bad_input_with_a_reason(client, places, basket_two, params):
    honey, _ = basket_two
    params = {key.format(honey=_producer_id(honey)): value for key, value in params.items()}
    response = client.get(reverse("checkout:fees"), params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_fees_endpoint_with_a_ward_code_is_refused(client, places, basket_two):
    response = client.get(reverse("checkout:fees"), {"province": places["hoan_kiem"].code})
    assert response.status_code == 400


def test_fees_endpoint_with_an_empty_basket_says_so(client, places):
    response = client.get(reverse("checkout:fees"), {"province": places["ha_noi"].code})
    assert response.status_code == 400 and response.json()["error"]


def test_fees_endpoint_is_read_only(client, places, basket_two):
    assert client.post(reverse("checkout:fees"), {"province": places["ha_noi"].code}).status_code == 405


# --- a returning shopper starts from their last address -----------------------------------------------


def test_a_registered_shopper_starts_from_the_address_of_their_latest_order(client, places, three_producers):
    honey, tea, _ = three_producers
    user = UserFactory(email="lan@example.vn", first_name="Lan", last_name="Nguyễn")
    client.force_login(user)
    basket_add(client, honey)
    older = _data(places, province=places["phu_tho"].code, ward=places["viet_tri"].code, street="Ngõ 1")
    assert client.post(reverse("checkout:index"), older).status_code == 302
    basket_add(client, honey)
    assert client.post(reverse("checkout:index"), _data(places, full_name="Trần Văn Minh")).status_code == 302

    basket_add(client, tea)
    page = client.get(reverse("checkout:index")).content.decode()
    assert 'value="lan@example.vn"' in page
    assert 'value="Trần Văn Minh"' in page and 'value="0912 345 678"' in page
    assert 'value="Số 5 phố Tràng Tiền"' in page
    assert re.search(rf'<option value="{places["ha_noi"].code}" selected', page)
    assert re.search(rf'<option value="{places["hoan_kiem"].code}" selected', page)
    # The fees are those of the prefilled province: 35.000 ₫ to Hà Nội for 160.000 ₫ of tea (free from 300.000 ₫).
    assert _testid(page, "grand-total") == "195.000\xa0₫" and _shown_total(page) == "195000"


def test_prefill_is_one_query_and_nothing_for_other_people(client, places, three_producers, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from marketplace.checkout.selectors import checkout_prefill_for_user

    honey, tea, _ = three_producers
    buyer = UserFactory()
    client.force_login(buyer)
    basket_add(client, honey)
    assert client.post(reverse("checkout:index"), _data(places)).status_code == 302
    with django_assert_num_queries(1):
        prefill = checkout_prefill_for_user(user=buyer)
        assert prefill["ward"].parent.code == places["ha_noi"].code
    assert prefill["phone"] == "0912 345 678" and prefill["province"] == places["ha_noi"]
    assert checkout_prefill_for_user(user=UserFactory()) == {}
    assert checkout_prefill_for_user(user=AnonymousUser()) == {}

    # Someone else on the same machine sees nothing of it.
    client.logout()
    basket_add(client, tea)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Số 5 phố Tràng Tiền" not in page and "0912 345 678" not in page


# --- wording and labels ---------------------------------------------------------------------------------


def test_group_and_payment_labels_are_not_repeated(client, places, basket_two):
    honey, _ = basket_two
    page = client.get("/en/shop/checkout/").content.decode()
    field = f"id_delivery_{_producer_id(honey)}"
    assert re.search(rf'id="{field}-label">Delivery</p>', page)
    assert honey.stockrecords.get().partner.name not in re.search(rf'id="{field}-label">[^<]*<', page).group(0)
    assert re.search(r'class="form-label mb-1 sr-only" id="id_payment_method-label">Payment</p>', page)


def test_basket_no_longer_claims_the_fee_is_confirmed_at_checkout(client, places, basket_two):
    page = client.get("/en/shop/basket/").content.decode()
    assert "confirmed at checkout" not in page
    assert "the fee for your province is shown at checkout" in page


def test_purchase_page_shows_a_free_pick_up_as_free_with_amounts_right_aligned(client, places, three_producers):
    honey, *_ = three_producers
    point = _pick_up_point_for(honey, places)
    basket_add(client, honey)
    data = _data(places, **{f"delivery_{_producer_id(honey)}": f"pickup-{point.pk}"})
    response = client.post("/en/shop/checkout/", data)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert '<td class="text-right">Free</td>' in page
    assert "text-end" not in page
