"""Shopper accounts: order status and payment link, landing after login, logout, error pages, dates."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import formats, translation

from marketplace import urls as project_urls
from marketplace.order.models import Order
from marketplace.order.services import order_status_change, purchase_mark_paid
from tests.factories import (
    EditorFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    PurchaseFactory,
    TourismStaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # UserFactory's


def _boom(request):
    raise RuntimeError("boom")


# The project's URLs plus a view that fails, for the 500 page (ROOT_URLCONF=this module).
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]


def _status_text(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'data-testid="order-status">(.*?)</(?:p|td)>', page, re.S)
    ]


def _pay_link(page: str) -> str | None:
    block = re.search(r'data-testid="order-pay">(.*?)</div>', page, re.S)
    if not block:
        return None
    return re.search(r'href="([^"]+)"', block.group(1)).group(1)


# #2 Order detail and list --------------------------------------------------------------------------------------


@pytest.fixture
def shopper(db):
    return UserFactory(username="khachhang", email="khachhang@example.vn")


def test_an_order_awaiting_a_transfer_shows_its_status_in_words_and_a_link_to_the_qr_code(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 1)], payment_method="vietqr", user=shopper)
    order = purchase.orders.get()
    assert order.status == "awaiting_payment" and order.user == shopper
    client.force_login(shopper)

    page = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    assert _status_text(page) == ["Chờ thanh toán"]
    assert "awaiting_payment</" not in page
    assert _pay_link(page) == f"/shop/checkout/purchase/{purchase.access_token}/"
    assert "HTX Mật ong Tân Sơn" in page  # the producer who fulfils it

    # The link works for the logged-in owner: it is the purchase page with the QR code.
    purchase_page = client.get(_pay_link(page))
    assert purchase_page.status_code == 200
    assert 'data-testid="vietqr-payload"' in purchase_page.content.decode()

    english = client.get(f"/en/shop/accounts/orders/{order.number}/").content.decode()
    assert _status_text(english) == ["Awaiting payment"]
    assert _pay_link(english) == f"/en/shop/checkout/purchase/{purchase.access_token}/"
    assert "Pay / see the QR code" in english


def test_once_paid_the_order_has_no_payment_link_and_the_next_status(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 1)], payment_method="vietqr", user=shopper)
    assert purchase_mark_paid(purchase=purchase)
    order = purchase.orders.get()
    client.force_login(shopper)

    page = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    assert _status_text(page) == ["Chờ chủ thể xác nhận"]
    assert _pay_link(page) is None
    assert f"/shop/checkout/purchase/{purchase.access_token}/" in page  # still reachable, as a plain link


def test_cash_on_delivery_orders_never_offer_payment_and_cancelled_ones_say_why(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 2)], payment_method="cod", user=shopper)
    order = purchase.orders.get()
    client.force_login(shopper)
    page = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    assert _status_text(page) == ["Chờ chủ thể xác nhận"]
    assert _pay_link(page) is None

    order_status_change(order=order, new_status="cancelled", reason="Hết hàng")
    page = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    [status] = _status_text(page)
    assert status.endswith("— Hết hàng") and "cancelled" not in status
    assert "cancelled</" not in page


def test_another_shoppers_order_and_its_payment_link_stay_hidden(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 1)], payment_method="vietqr", user=shopper)
    order = purchase.orders.get()
    client.force_login(UserFactory())
    response = client.get(f"/shop/accounts/orders/{order.number}/")
    assert response.status_code == 404
    assert purchase.access_token not in response.content.decode()
    client.logout()
    assert client.get(f"/shop/accounts/orders/{order.number}/").status_code == 302  # to the login page


def test_order_list_has_a_status_column_and_flat_queries(client, shopper, three_producers):
    products = list(three_producers)
    client.force_login(shopper)
    PurchaseFactory(items=[(products[0], 1)], payment_method="vietqr", user=shopper)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/shop/accounts/orders/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    measure()  # the first request of a session also creates its basket
    few, page = measure()
    assert len(_status_text(page)) == 1 and _status_text(page)[0].startswith("Chờ thanh toán")
    for product in products:
        PurchaseFactory(items=[(product, 1)], payment_method="cod", user=shopper)
    many, page = measure()
    statuses = _status_text(page)
    assert len(statuses) == 1 + len(products)
    assert sum(s.startswith("Chờ chủ thể xác nhận") for s in statuses) == len(products)
    assert many == few, f"order history queries grow with orders: {few} -> {many}"
    # Dates read day first (not "03:55 Ngày 29 …").
    assert not re.search(r"\d\d:\d\d Ngày", page)


# #6 Landing after login ----------------------------------------------------------------------------------------


def _login(client, user, url="/shop/accounts/login/", next_url=None):
    if next_url is not None:
        url = f"{url}?next={next_url}"
    form = client.get(url).content.decode()
    redirect_value = re.search(r'name="login-redirect_url"[^>]*value="([^"]*)"', form)
    data = {
        "login-username": user.email,
        "login-password": PASSWORD,
        "login-redirect_url": redirect_value.group(1) if redirect_value else "",
        "login_submit": "1",
    }
    return client.post(url, data)


def test_a_shopper_lands_on_their_account_in_the_language_they_logged_in_with(client, shopper):
    response = _login(client, shopper, url="/en/shop/accounts/login/")
    assert response.status_code == 302 and response["Location"] == "/en/shop/accounts/"
    page = client.get(response["Location"], follow=True).content.decode()  # the summary shows the profile
    assert "Welcome back" in page and '<html lang="en"' in page

    client.logout()
    response = _login(client, shopper)
    assert response["Location"] == "/shop/accounts/"


@pytest.mark.parametrize(
    "make_user, landing",
    [
        (lambda: ProducerUserFactory(producer=ProducerFactory()), "/dashboard/"),
        (lambda: OfficerFactory(), "/dashboard/"),
        (lambda: UserFactory(is_staff=True), "/dashboard/"),
        (lambda: TourismStaffFactory(), "/cms/"),
        (lambda: EditorFactory(), "/cms/"),
        (lambda: UserFactory(), "/shop/accounts/"),
    ],
    ids=["producer", "officer", "staff", "tourism", "editor", "shopper"],
)
def test_each_role_lands_on_its_own_start_page(client, make_user, landing):
    user = make_user()
    response = _login(client, user)
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(landing, follow=True).status_code == 200
    # Opening the login page again while logged in goes to the same place.
    assert client.get("/shop/accounts/login/")["Location"] == landing


def test_an_english_producer_lands_on_the_english_dashboard(client):
    response = _login(client, ProducerUserFactory(producer=ProducerFactory()), url="/en/shop/accounts/login/")
    assert response["Location"] == "/en/dashboard/"


def test_next_is_kept_when_safe_and_dropped_when_it_leaves_the_site(client):
    producer = ProducerUserFactory(producer=ProducerFactory())
    response = _login(client, producer, next_url="/shop/basket/")
    assert response["Location"] == "/shop/basket/"  # an explicit page wins over the role's start page

    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        client.logout()
        client.cookies.clear()
        response = _login(client, producer, next_url=evil)
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/", evil


def test_a_wrong_password_stays_on_the_login_page(client, shopper):
    response = client.post(
        "/shop/accounts/login/",
        {"login-username": shopper.email, "login-password": "wrong", "login-redirect_url": "", "login_submit": "1"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_registration_still_works_through_the_login_page(client):
    response = client.post(
        "/en/shop/accounts/login/",
        {
            "registration-email": "moi@example.vn",
            "registration-password1": "a-Long-pass-9876",
            "registration-password2": "a-Long-pass-9876",
            "registration-redirect_url": "",
            "registration_submit": "1",
        },
    )
    # The same answer whether or not the address had an account (no enumeration): back to the login page,
    # nobody logged in; the new account exists, inactive until the e-mailed link is followed.
    assert response.status_code == 302 and response["Location"] == "/en/shop/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.get(email="moi@example.vn").is_active is False


# #7 Logout ----------------------------------------------------------------------------------------------------


def test_the_header_logs_out_with_a_post_carrying_the_csrf_token(shopper, honey):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper)
    page = client.get("/shop/").content.decode()
    form = re.search(r'<form[^>]*data-testid="logout-form"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'method="post"' in form.group(0) and 'action="/shop/accounts/logout/"' in form.group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)

    assert client.post("/shop/accounts/logout/").status_code == 403  # no token: refused, still logged in
    assert "_auth_user_id" in client.session

    response = client.post("/shop/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get("/shop/").content.decode()
    assert 'data-testid="logout-form"' not in page and "/shop/accounts/login/" in page


# #8 Error pages ------------------------------------------------------------------------------------------------


@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", ["/t/nope/", "/producers/nope/", "/shop/nope_999/", "/khong-ton-tai/"])
def test_404_uses_the_site_layout_with_a_search_box(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-page"' in page
    assert '<html lang="vi"' in page and "site-header" in page
    assert 'action="/search/"' in page and "Tìm kiếm" in page
    assert "The requested resource was not found" not in page

    english = client.get("/en" + url)
    assert english.status_code == 404
    page = english.content.decode()
    assert '<html lang="en"' in page and "Page not found" in page and 'action="/en/search/"' in page


@override_settings(DEBUG=False)
def test_403_uses_the_site_layout(client):
    client.force_login(TourismStaffFactory())
    response = client.get("/en/dashboard/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and "Access denied" in page and "site-header" in page
    # The way on is the user's own start page: tourism staff work in the CMS.
    assert re.search(r'href="(/cms/)" data-testid="start-page"', page)


def test_403_sends_a_shopper_back_to_their_account(rf, shopper):
    from django.template.loader import render_to_string

    request = rf.get("/shop/somewhere/")
    request.user = shopper
    page = render_to_string("403.html", request=request)
    assert 'href="/shop/accounts/" data-testid="start-page"' in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_self_contained(client, django_assert_num_queries):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and "<html" in page and "site-header" not in page

    # Rendered without a request, context processors or database.
    from django.template import loader

    with translation.override("en"), django_assert_num_queries(0):
        english = loader.get_template("500.html").render()
    assert '<html lang="en"' in english and "Server error" in english and 'href="/en/"' in english
    with translation.override("vi"):
        assert 'href="/"' in loader.get_template("500.html").render()


# #22 Notifications --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_notifications_address_leads_to_the_inbox(client, shopper, prefix):
    client.force_login(shopper)
    response = client.get(f"{prefix}/shop/accounts/notifications/")
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/shop/accounts/notifications/inbox/"
    assert client.get(response["Location"]).status_code == 200


# #25 Dates -----------------------------------------------------------------------------------------------------


def test_vietnamese_dates_put_the_day_first_in_lower_case():
    moment = datetime.datetime(2026, 11, 29, 3, 55)
    with translation.override("vi"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "29 tháng 11 năm 2026, 03:55"
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "29 tháng 11 năm 2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "29/11/2026 03:55"
        assert formats.date_format(datetime.date(2026, 3, 5), "DATE_FORMAT") == "5 tháng 3 năm 2026"
    with translation.override("en"):
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "Nov. 29, 2026"  # English untouched


def test_the_profile_shows_the_joining_date_naturally(client, shopper):
    joined = datetime.datetime(2026, 11, 28, 20, 55, tzinfo=datetime.UTC)  # 03:55 on the 29th in Hà Nội
    type(shopper).objects.filter(pk=shopper.pk).update(date_joined=joined)
    client.force_login(shopper)
    page = client.get("/shop/accounts/profile/").content.decode()
    assert "29 tháng 11 năm 2026, 03:55" in page
    assert "Ngày 29" not in page


def test_orders_are_the_users_own_in_the_selector(shopper, honey):
    from marketplace.customer.selectors import order_list_for_shopper

    mine = PurchaseFactory(items=[(honey, 1)], user=shopper).orders.get()
    PurchaseFactory(items=[(honey, 1)], user=UserFactory())
    assert list(order_list_for_shopper(user=shopper)) == [mine]
    assert Order.objects.count() == 2


def test_order_pages_write_the_phone_number_as_vietnamese_people_do(client, shopper, honey):
    purchase = PurchaseFactory(items=[(honey, 1)], payment_method="cod", user=shopper)
    order = purchase.orders.get()
    phone = order.shipping_address.phone_number
    assert str(phone).startswith("+84")
    client.force_login(shopper)
    page = client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    assert phone.as_national in page and str(phone) not in page
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    dashboard = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert phone.as_national in dashboard and str(phone) not in dashboard
