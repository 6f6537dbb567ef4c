"""In a real browser: a guest buys from two producers with cash on delivery and sees one purchase with two
orders; then one producer logs in and marks their order shipped."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


@pytest.fixture
def two_producers(storefront):
    from marketplace.core import roles
    from tests.factories import ProducerFactory, ProductFactory, UserFactory, WardFactory

    ward = WardFactory()
    tea_producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", region=ward)
    honey_producer = ProducerFactory(name="HTX Mật ong Tân Sơn", slug="htx-mat-ong-tan-son", region=ward)
    tea = ProductFactory(
        title="Chè xanh Long Cốc", stockrecord__price=Decimal("160000"), stockrecord__producer=tea_producer
    )
    honey = ProductFactory(
        title="Mật ong rừng", stockrecord__price=Decimal("125000"), stockrecord__producer=honey_producer
    )
    user = UserFactory(username="che-long-coc", email="che@example.vn")
    tea_producer.users.add(user)
    user.groups.add(roles.roles_ensure_groups()[roles.PRODUCERS])
    return {"tea": tea, "honey": honey, "ward": ward, "tea_user": user}


def _add_to_basket(page, url):
    page.goto(url)
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success, .alertinner").first).to_be_visible()


def test_guest_buys_from_two_producers_and_a_producer_ships(live_server, two_producers, browser_page, shots_dir):
    page = browser_page
    base = live_server.url
    _add_to_basket(page, base + two_producers["tea"].get_absolute_url())
    _add_to_basket(page, base + two_producers["honey"].get_absolute_url())

    page.goto(base + "/shop/basket/")
    expect(page.get_by_test_id("basket-producer")).to_have_count(2)
    page.get_by_role("link", name="Tiến hành thanh toán").click()

    # One page: contact, the chained province → ward selects, one delivery choice per producer, payment.
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Tỉnh/Thành phố").select_option(label="Tỉnh Phú Thọ")
    ward_select = page.get_by_label("Xã/Phường", exact=True)
    expect(ward_select.locator("option", has_text="Phường Việt Trì")).to_have_count(1)
    ward_select.select_option(label="Phường Việt Trì")
    page.get_by_label("Số nhà, đường phố, thôn/xóm").fill("Số 12 phố Hòa Phong")
    expect(page.get_by_label("Thanh toán khi nhận hàng (COD)")).to_be_checked()
    page.screenshot(path=str(shots_dir / "checkout-vi.png"), full_page=True)
    page.get_by_test_id("place-order").click()

    expect(page.get_by_test_id("purchase")).to_be_visible()
    expect(page.get_by_test_id("order")).to_have_count(2)
    # 160.000 + 125.000 of goods, 20.000 ₫ in-province delivery for each producer.
    expect(page.get_by_test_id("purchase-total")).to_have_text("325.000\xa0₫")
    page.screenshot(path=str(shots_dir / "purchase-vi.png"), full_page=True)

    from marketplace.order.models import Order

    tea_order = Order.objects.get(producer__name="HTX Chè Long Cốc")
    assert tea_order.status == "pending" and tea_order.guest_email == "khach@example.vn"

    # The tea producer logs in and ships their order.
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("che@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.goto(base + f"/dashboard/orders/{tea_order.number}/")
    _producer_ships(page, shots_dir)

    tea_order.refresh_from_db()
    assert tea_order.status == "shipped" and tea_order.tracking_number == "VTP-000123"
    assert Order.objects.get(producer__name="HTX Mật ong Tân Sơn").status == "pending"


def _producer_ships(page, shots_dir):
    """Confirm, pack, then ship with a carrier and tracking number, from the order's dashboard page."""
    page.get_by_test_id("action-confirmed").click()
    page.get_by_test_id("action-packed").click()
    # Shipping without a tracking number is refused on the page; nothing changes.
    page.locator("#id_carrier").fill("Viettel Post")
    page.get_by_test_id("action-shipped").click()
    expect(page.locator(".text-danger").first).to_be_visible()
    page.locator("#id_carrier").fill("Viettel Post")
    page.locator("#id_tracking_number").fill("VTP-000123")
    page.get_by_test_id("action-shipped").click()
    expect(page.get_by_test_id("action-delivered")).to_be_visible()
    page.screenshot(path=str(shots_dir / "producer-order-shipped.png"), full_page=True)
