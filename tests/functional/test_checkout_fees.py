"""In a real browser: choosing another province at checkout updates each delivery fee, the delivery total
and the grand total before "Place order", and the order is charged exactly the total shown."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def two_producers_and_hanoi(storefront):
    from marketplace.shipping.models import SalesPoint
    from tests.factories import ProducerFactory, ProductFactory, ProvinceFactory, WardFactory

    ward = WardFactory()
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi", kind="city")
    WardFactory(code="00070", name="Phường Hoàn Kiếm", short_name="Hoàn Kiếm", slug="hoan-kiem", parent=ha_noi)
    tea_producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", region=ward)
    honey_producer = ProducerFactory(name="HTX Mật ong Tân Sơn", slug="htx-mat-ong-tan-son", region=ward)
    point = SalesPoint.objects.create(
        name="Điểm bán OCOP Việt Trì", slug="diem-ban-viet-tri", street_address="Số 1 Hùng Vương", region=ward
    )
    point.producers.add(honey_producer)
    tea = ProductFactory(
        title="Chè xanh Long Cốc", stockrecord__price=Decimal("160000"), stockrecord__producer=tea_producer
    )
    honey = ProductFactory(
        title="Mật ong rừng", stockrecord__price=Decimal("125000"), stockrecord__producer=honey_producer
    )
    return {"tea": tea, "honey": honey, "honey_producer": honey_producer}


def _add_to_basket(page, url):
    page.goto(url)
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success, .alertinner").first).to_be_visible()


def test_fees_follow_the_province_and_the_total_shown_is_charged(
    live_server, two_producers_and_hanoi, browser_page, shots_dir
):
    page = browser_page
    base = live_server.url
    _add_to_basket(page, base + two_producers_and_hanoi["tea"].get_absolute_url())
    _add_to_basket(page, base + two_producers_and_hanoi["honey"].get_absolute_url())
    page.goto(base + "/shop/checkout/")

    # Before a province is chosen: the in-province fees, 20.000 ₫ per producer.
    expect(page.get_by_test_id("shipping-total")).to_have_text("40.000\xa0₫")
    expect(page.get_by_test_id("grand-total")).to_have_text("325.000\xa0₫")

    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Tỉnh/Thành phố").select_option(label="Thành phố Hà Nội")

    # Another province: 35.000 ₫ per producer, on every label and in both totals.
    expect(page.get_by_test_id("shipping-total")).to_have_text("70.000\xa0₫")
    expect(page.get_by_test_id("grand-total")).to_have_text("355.000\xa0₫")
    expect(page.get_by_text("Giao tận nhà — 35.000\xa0₫")).to_have_count(2)
    expect(page.get_by_text("Giao tận nhà — 20.000\xa0₫")).to_have_count(0)
    expect(page.get_by_test_id("delivery-note")).to_contain_text("Thành phố Hà Nội")

    # Picking up the honey instead drops its fee from the totals.
    honey_field = f"delivery_{two_producers_and_hanoi['honey_producer'].pk}"
    page.locator(f"input[name={honey_field}][value^=pickup-]").check()
    expect(page.get_by_test_id("shipping-total")).to_have_text("35.000\xa0₫")
    expect(page.get_by_test_id("grand-total")).to_have_text("320.000\xa0₫")
    page.locator(f"input[name={honey_field}][value=home]").check()
    expect(page.get_by_test_id("grand-total")).to_have_text("355.000\xa0₫")

    ward_select = page.get_by_label("Xã/Phường", exact=True)
    expect(ward_select.locator("option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    ward_select.select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Số nhà, đường phố, thôn/xóm").fill("Số 5 phố Tràng Tiền")
    page.screenshot(path=str(shots_dir / "checkout-fees-hanoi.png"), full_page=True)
    page.get_by_test_id("place-order").click()

    # Placed at once (no "confirm the new total" step), at exactly the total the page showed.
    expect(page.get_by_test_id("purchase")).to_be_visible()
    expect(page.get_by_test_id("purchase-total")).to_have_text("355.000\xa0₫")

    from marketplace.order.models import Purchase

    assert Purchase.objects.get().total == Decimal("355000")


def test_when_the_fees_cannot_be_refreshed_the_new_total_is_asked_for_before_placing(
    live_server, two_producers_and_hanoi, browser_page, shots_dir
):
    from marketplace.order.models import Purchase

    page = browser_page
    base = live_server.url
    _add_to_basket(page, base + two_producers_and_hanoi["tea"].get_absolute_url())
    _add_to_basket(page, base + two_producers_and_hanoi["honey"].get_absolute_url())
    page.route("**/checkout/fees.json*", lambda route: route.abort())  # the network fails
    page.goto(base + "/shop/checkout/")
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Tỉnh/Thành phố").select_option(label="Thành phố Hà Nội")
    ward_select = page.get_by_label("Xã/Phường", exact=True)
    expect(ward_select.locator("option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    ward_select.select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Số nhà, đường phố, thôn/xóm").fill("Số 5 phố Tràng Tiền")
    expect(page.get_by_test_id("grand-total")).to_have_text("325.000\xa0₫")  # stale: never refreshed
    expect(page.get_by_test_id("place-order")).to_be_enabled()
    page.get_by_test_id("place-order").click()

    # Not placed: the page says what delivery to Hà Nội costs and the new total, with everything kept.
    alert = page.get_by_test_id("total-changed")
    expect(alert).to_contain_text("70.000\xa0₫")
    expect(alert).to_contain_text("355.000\xa0₫")
    expect(page.get_by_test_id("grand-total")).to_have_text("355.000\xa0₫")
    expect(page.get_by_label("Số nhà, đường phố, thôn/xóm")).to_have_value("Số 5 phố Tràng Tiền")
    expect(page.get_by_label("Xã/Phường", exact=True)).to_have_value("00070")
    assert Purchase.objects.count() == 0
    page.screenshot(path=str(shots_dir / "checkout-fees-confirm.png"), full_page=True)

    page.get_by_test_id("place-order").click()
    expect(page.get_by_test_id("purchase-total")).to_have_text("355.000\xa0₫")
    assert Purchase.objects.get().total == Decimal("355000")
