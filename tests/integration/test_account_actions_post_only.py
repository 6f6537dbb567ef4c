"""Account actions Oscar performs on GET (log out, default address, wish lists, stock alerts): a GET shows a
confirmation page and changes nothing; the POST (with the CSRF token) does it."""

import re

import pytest
from django.test import Client
from oscar.core.loading import get_model

from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

Country = get_model("address", "Country")
UserAddress = get_model("address", "UserAddress")
WishList = get_model("wishlists", "WishList")
ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture
def shopper(db):
    return UserFactory(email="mua-hang@example.vn")


@pytest.fixture
def client(shopper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper)
    return client


def _confirm(client, url) -> tuple[str, str]:
    """GET ``url``: the confirmation page; returns its form's action and CSRF token."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    form = re.search(r'<form[^>]*data-testid="confirm-form"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'method="post"' in form.group(0)
    action = re.search(r'action="([^"]+)"', form.group(0)).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    return action, token


def test_logging_out_by_get_asks_and_by_post_logs_out(client):
    action, token = _confirm(client, "/shop/accounts/logout/")
    assert "_auth_user_id" in client.session
    assert action == "/shop/accounts/logout/"
    assert client.post(action).status_code == 403  # without the token
    assert "_auth_user_id" in client.session
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_english_logout_confirmation_is_in_english(client):
    page = client.get("/en/shop/accounts/logout/").content.decode()
    assert "Do you want to log out?" in page
    assert "_auth_user_id" in client.session


@pytest.fixture
def addresses(shopper):
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )
    Country.objects.filter(pk="VN").update(is_shipping_country=True)
    make = lambda line1: UserAddress.objects.create(  # noqa: E731
        user=shopper, first_name="An", line1=line1, line4="Việt Trì", country=country
    )
    return make("Số 1 Hùng Vương"), make("Số 2 Nguyễn Tất Thành")


@pytest.mark.parametrize("action", ["default_for_shipping", "default_for_billing"])
def test_setting_a_default_address_by_get_asks_and_by_post_sets_it(client, addresses, action):
    _first, second = addresses
    url = f"/shop/accounts/addresses/{second.pk}/{action}/"
    form_action, token = _confirm(client, url)
    second.refresh_from_db()
    assert not getattr(second, f"is_{action}")

    response = client.post(form_action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/shop/accounts/addresses/"
    second.refresh_from_db()
    assert getattr(second, f"is_{action}")


def test_another_users_address_is_not_found_by_get_or_post(client, addresses):
    stranger = UserFactory()
    other = Client()
    other.force_login(stranger)
    url = f"/shop/accounts/addresses/{addresses[0].pk}/default_for_billing/"
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404


def test_the_address_book_sets_defaults_with_post_forms(client, addresses):
    page = client.get("/shop/accounts/addresses/").content.decode()
    for address in addresses:
        url = f"/shop/accounts/addresses/{address.pk}/default_for_billing/"
        assert f'href="{url}"' not in page
        assert re.search(rf'<form method="post" action="{re.escape(url)}">', page)


def test_adding_to_a_wish_list_by_get_asks_and_creates_nothing(client, shopper):
    product = ProductFactory()
    url = f"/shop/accounts/wishlists/add/{product.pk}/"
    action, token = _confirm(client, url)
    assert not WishList.objects.filter(owner=shopper).exists()

    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    wishlist = WishList.objects.get(owner=shopper)
    assert list(wishlist.lines.values_list("product_id", flat=True)) == [product.pk]


def test_adding_to_a_named_wish_list_by_get_changes_nothing_and_to_another_users_is_not_found(client, shopper):
    product = ProductFactory()
    wishlist = WishList.objects.create(owner=shopper, name="Quà Tết")
    action, token = _confirm(client, f"/shop/accounts/wishlists/{wishlist.key}/add/{product.pk}/")
    assert not wishlist.lines.exists()
    client.post(action, {"csrfmiddlewaretoken": token})
    assert wishlist.lines.filter(product=product).exists()

    others = WishList.objects.create(owner=UserFactory(), name="Của người khác")
    assert client.get(f"/shop/accounts/wishlists/{others.key}/add/{product.pk}/").status_code == 404


def test_moving_a_wish_list_line_by_get_asks_and_by_post_moves(client, shopper):
    product = ProductFactory()
    source = WishList.objects.create(owner=shopper, name="Nguồn")
    target = WishList.objects.create(owner=shopper, name="Đích")
    source.add(product)
    line = source.lines.get()
    url = f"/shop/accounts/wishlists/{source.key}/lines/{line.pk}/move-to/{target.key}/"
    action, token = _confirm(client, url)
    line.refresh_from_db()
    assert line.wishlist == source

    page = client.get(f"/shop/accounts/wishlists/{source.key}/").content.decode()
    assert f'href="{url}"' not in page and f'action="{url}"' in page

    client.post(action, {"csrfmiddlewaretoken": token})
    line.refresh_from_db()
    assert line.wishlist == target


def test_moving_a_line_whose_product_was_deleted_uses_the_lines_own_title(client, shopper):
    product = ProductFactory(title="Chè Shan tuyết")
    source = WishList.objects.create(owner=shopper, name="Nguồn")
    target = WishList.objects.create(owner=shopper, name="Đích")
    source.add(product)
    line = source.lines.get()
    product.delete()
    url = f"/shop/accounts/wishlists/{source.key}/lines/{line.pk}/move-to/{target.key}/"
    response = client.get(url)
    assert response.status_code == 200 and "Chè Shan tuyết" in response.content.decode()
    action, token = _confirm(client, url)
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    line.refresh_from_db()
    assert line.wishlist == target and line.product is None


def test_moving_a_line_to_a_list_that_has_the_product_moves_nothing_and_says_so(client, shopper):
    product = ProductFactory(title="Mật ong bạc hà")
    source = WishList.objects.create(owner=shopper, name="Nguồn")
    target = WishList.objects.create(owner=shopper, name="Đích")
    source.add(product)
    target.add(product)
    line = source.lines.get()
    action, token = _confirm(client, f"/shop/accounts/wishlists/{source.key}/lines/{line.pk}/move-to/{target.key}/")
    response = client.post(action, {"csrfmiddlewaretoken": token}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    line.refresh_from_db()
    assert line.wishlist == source and target.lines.count() == 1


@pytest.fixture
def alert(shopper):
    return ProductAlert.objects.create(product=ProductFactory(), user=shopper, status=ProductAlert.ACTIVE)


def test_cancelling_a_stock_alert_by_get_asks_and_by_post_cancels(client, alert):
    url = f"/shop/accounts/alerts/cancel/{alert.pk}/"
    action, token = _confirm(client, url)
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE

    page = client.get("/shop/accounts/alerts/").content.decode()
    assert f'href="{url}' not in page and f'action="{url}"' in page

    response = client.post(action, {"csrfmiddlewaretoken": token, "next": "/shop/accounts/alerts/"})
    assert response["Location"] == "/shop/accounts/alerts/"
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CANCELLED


def test_cancelling_by_key_follows_no_next_to_another_site(alert):
    alert.key = "k" * 20
    alert.save()
    anonymous = Client()
    response = anonymous.get(f"/shop/accounts/alerts/cancel/key/{alert.key}/?next=https://evil.example/")
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE
    response = anonymous.post(f"/shop/accounts/alerts/cancel/key/{alert.key}/", {"next": "https://evil.example/"})
    assert response["Location"] == alert.product.get_absolute_url()
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CANCELLED


def test_confirming_a_stock_alert_from_the_e_mail_link_asks_first(alert):
    ProductAlert.objects.filter(pk=alert.pk).update(status=ProductAlert.UNCONFIRMED, key="c" * 20)
    anonymous = Client()
    assert anonymous.get(f"/shop/accounts/alerts/confirm/{'c' * 20}/").status_code == 200
    alert.refresh_from_db()
    assert alert.status == ProductAlert.UNCONFIRMED
    anonymous.post(f"/shop/accounts/alerts/confirm/{'c' * 20}/")
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE
