"""A shopper in a real browser: home page → product page → basket, in Vietnamese and English."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model
from playwright.sync_api import expect

Line = get_model("basket", "Line")

# A live-server test runs outside a transaction and flushes every table when it ends;
# serialized_rollback reloads what migrations made (Wagtail's locale, root page and
# site) before each test, so every test starts from the same database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Mật ong rừng Tân Sơn"
NBSP = "\xa0"


def _open_product_from_home(page, base_url, title=TITLE):
    """Open the home page at base_url and click through a featured product's title."""
    page.goto(base_url)
    card = page.locator(".home-featured .product-card", has_text=title)
    expect(card).to_be_visible()
    card.locator(".product-card__title").get_by_role("link", name=title).click()
    expect(page.locator("h1", has_text=title)).to_be_visible()
    return card


def _add_to_basket_on_product_page(page, button="Thêm vào giỏ hàng"):
    """Submit the product page's form; the page comes back with one item counted in the header."""
    page.locator("#add_to_basket_form").get_by_role("button", name=button).click()
    expect(page.get_by_test_id("basket-link").locator(".basket-link__count")).to_have_text("1")


def _basket_total(page, label="Tổng giỏ hàng"):
    """The amount cell of the "Basket total" row of Oscar's totals table."""
    row = page.locator("#basket_totals tr").filter(has=page.locator("th.total", has_text=label))
    return row.locator("th.total.text-right")


def test_shopper_finds_a_featured_product_and_buys_it(live_server, honey, browser_page, shots_dir):
    page = browser_page
    product_path = honey.get_absolute_url()

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("basket-link").locator(".basket-link__count")).to_have_text("0")
    card = page.locator(".home-featured .product-card", has_text=TITLE)
    expect(card).to_be_visible()
    expect(card.locator('.ocop-badge[data-stars="5"]')).to_be_visible()
    assert f"125.000{NBSP}₫" in card.locator(".product-card__price").inner_text()

    card.locator(".product-card__title").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(live_server.url + product_path)
    expect(page.locator("h1", has_text=TITLE)).to_be_visible()
    expect(page.locator('.ocop-badge[data-stars="5"]')).to_be_visible()
    price = page.locator(".product-page__price")
    expect(price).to_contain_text("125.000")
    assert f"125.000{NBSP}₫" in price.inner_text()
    page.screenshot(path=str(shots_dir / "product-vi.png"), full_page=True)

    _add_to_basket_on_product_page(page)  # back on the product page, the header counts one item
    page.get_by_test_id("basket-link").click()
    expect(page).to_have_url(live_server.url + "/shop/basket/")
    expect(page.locator("#basket_formset")).to_contain_text(TITLE)
    total = _basket_total(page)
    expect(total).to_contain_text("125.000")
    assert total.inner_text().strip() == f"125.000{NBSP}₫"
    page.screenshot(path=str(shots_dir / "basket-vi.png"), full_page=True)

    quantity = page.locator("#basket_formset input[name='form-0-quantity']")
    expect(quantity).to_have_value("1")
    quantity.fill("2")
    page.locator("#basket_formset").get_by_role("button", name="Cập nhật").click()
    expect(total).to_contain_text("250.000")
    assert total.inner_text().strip() == f"250.000{NBSP}₫"
    expect(quantity).to_have_value("2")
    page.screenshot(path=str(shots_dir / "basket-vi-updated.png"), full_page=True)

    line = Line.objects.get()
    assert (line.product_id, line.quantity) == (honey.pk, 2)


def test_english_shopper_sees_dong_prices_in_english_format(live_server, honey, browser_page, shots_dir):
    page = browser_page
    with translation.override("en"):
        product_path = honey.get_absolute_url()
    assert product_path.startswith("/en/")

    page.goto(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".hero__title")).to_have_text("Genuine OCOP products from Phú Thọ")
    card = page.locator(".home-featured .product-card", has_text=TITLE)
    expect(card.locator(".product-card__price")).to_contain_text("₫125,000")

    card.locator(".product-card__title").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(live_server.url + product_path)
    expect(page.locator("h1", has_text=TITLE)).to_be_visible()
    expect(page.locator('.ocop-badge[data-stars="5"]')).to_be_visible()
    price = page.locator(".product-page__price")
    expect(price).to_contain_text("₫125,000")
    assert "125.000" not in price.inner_text()
    page.screenshot(path=str(shots_dir / "product-en.png"), full_page=True)

    # Oscar's American English catalogue wins for "en": a cart, not a basket.
    _add_to_basket_on_product_page(page, button="Add to cart")
    page.get_by_test_id("basket-link").click()
    expect(page).to_have_url(live_server.url + "/en/shop/basket/")
    total = _basket_total(page, label="Cart total")
    expect(total).to_have_text("₫125,000")


def test_zero_quantity_is_refused_and_the_line_is_kept(live_server, honey, browser_page, shots_dir):
    page = browser_page

    _open_product_from_home(page, live_server.url + "/")
    _add_to_basket_on_product_page(page)
    page.get_by_test_id("basket-link").click()
    expect(page).to_have_url(live_server.url + "/shop/basket/")

    form = page.locator("#basket_formset")
    quantity = form.locator("input[name='form-0-quantity']")
    update = form.get_by_role("button", name="Cập nhật")
    error = page.get_by_text("Số lượng phải từ 1 trở lên.")

    # The quantity box says min="1": Chromium itself refuses to send 0 ...
    quantity.fill("0")
    update.click()
    assert quantity.evaluate("el => el.validity.rangeUnderflow") is True
    assert form.evaluate("form => form.checkValidity()") is False
    expect(error).to_have_count(0)

    # ... and when the browser does not check (old browsers, no-validate), the server refuses it.
    form.evaluate("form => { form.noValidate = true; }")
    update.click()
    expect(error).to_be_visible()
    expect(_basket_total(page)).to_contain_text("125.000")
    page.screenshot(path=str(shots_dir / "basket-vi-zero-quantity.png"), full_page=True)

    assert Line.objects.get().quantity == 1
