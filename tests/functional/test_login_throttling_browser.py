"""In Chromium: the shop login locks out after five wrong passwords and says so in the site's page (no CSP
violation); the log-out link's GET asks first and its button logs out."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "secret-pass-123"  # UserFactory's


@pytest.fixture
def shopper(storefront):
    from tests.factories import UserFactory

    return UserFactory(email="nguoi-mua@example.vn")


def _log_in(page, base, password):
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("nguoi-mua@example.vn")
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()


def test_five_wrong_passwords_lock_the_shop_login_with_a_page_in_vietnamese(
    live_server, shopper, browser_page, shots_dir
):
    page = browser_page
    for _ in range(4):
        _log_in(page, live_server.url, "sai-mat-khau")
        expect(page.locator("#id_login-password")).to_be_visible()
    _log_in(page, live_server.url, "sai-mat-khau")
    expect(page.get_by_test_id("lockout-message")).to_be_visible()

    _log_in(page, live_server.url, PASSWORD)
    expect(page.get_by_test_id("lockout-message")).to_contain_text("30 phút")
    expect(page.locator("h1")).to_have_text("Đăng nhập sai quá nhiều lần")
    page.screenshot(path=str(shots_dir / "login-lockout.png"), full_page=True)
    page.goto(live_server.url + "/shop/accounts/")
    expect(page).to_have_url(live_server.url + "/shop/accounts/login/?next=/shop/accounts/")


def test_opening_the_logout_address_asks_and_the_button_logs_out(live_server, shopper, browser_page, shots_dir):
    page = browser_page
    _log_in(page, live_server.url, PASSWORD)
    page.goto(live_server.url + "/shop/accounts/logout/")
    expect(page.get_by_test_id("confirm-action")).to_be_visible()
    page.screenshot(path=str(shots_dir / "logout-confirm.png"), full_page=True)
    page.goto(live_server.url + "/shop/accounts/")
    expect(page).to_have_url(live_server.url + "/shop/accounts/profile/")  # still logged in

    page.goto(live_server.url + "/shop/accounts/logout/")
    page.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("logout-form")).to_have_count(0)
