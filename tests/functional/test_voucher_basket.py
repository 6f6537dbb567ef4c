"""A shopper enters a voucher code in the basket in a real browser: accepted once, refused once spent."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import ProductFactory
from tests.helpers import make_voucher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def honey_and_voucher(db):
    from oscar.core.loading import get_model

    Voucher = get_model("voucher", "Voucher")
    product = ProductFactory(title="Mật ong rừng Tân Sơn", stockrecord__price=Decimal("125000"))
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE, value=10)
    return product, voucher


def _basket_with_honey(page, base_url, product):
    page.goto(base_url + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(base_url + "/shop/basket/")


def _enter_code(page, code):
    page.locator("#voucher_form_link a").click()
    form = page.locator("#voucher_form")
    expect(form).to_be_visible()
    form.locator("input[name=code]").fill(code)
    form.locator("button[type=submit]").click()


def test_a_voucher_code_discounts_the_basket_and_a_spent_one_is_refused(
    live_server, honey_and_voucher, browser_page, shots_dir
):
    product, voucher = honey_and_voucher
    page = browser_page
    _basket_with_honey(page, live_server.url, product)
    _enter_code(page, "MOTLAN")
    expect(page.locator(".alert", has_text="MOTLAN").first).to_be_visible()
    expect(page.locator("#basket_totals")).to_contain_text("12.500")
    expect(page.locator("#basket_totals")).to_contain_text("112.500")
    page.screenshot(path=str(shots_dir / "basket-vi-voucher.png"), full_page=True)
    # The checkout quotes the same discount, and the products after it.
    page.goto(live_server.url + "/shop/checkout/")
    expect(page.get_by_test_id("discount-total")).to_contain_text("12.500")
    expect(page.get_by_test_id("checkout-totals").locator("[data-total=products_total]")).to_contain_text("112.500")
    page.screenshot(path=str(shots_dir / "checkout-vi-voucher.png"), full_page=True)

    # Spent by someone else (recorded as a checkout records it): a new shopper is refused with a message.
    from oscar.core.loading import get_model

    from marketplace.order.models import Order
    from tests.factories import PurchaseFactory

    purchase = PurchaseFactory(items=[(product, 1)])
    voucher.record_usage(Order.objects.get(purchase=purchase), _anonymous())
    page.context.clear_cookies()
    _basket_with_honey(page, live_server.url, product)
    _enter_code(page, "MOTLAN")
    expect(page.get_by_text("Phiếu giảm giá này đã được sử dụng")).to_be_visible()
    expect(page.locator("#basket_totals")).not_to_contain_text("12.500")
    assert get_model("basket", "Basket").objects.filter(vouchers=voucher).count() == 1  # the first shopper's only


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
