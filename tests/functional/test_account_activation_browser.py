"""In Chromium: a new shopper registers on the login page, is not logged in, opens the link e-mailed to them,
confirms, and is logged in (no CSP violation); the used link then says it no longer works."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-Long-pass-9876"


def test_register_then_follow_the_e_mailed_link_to_log_in(live_server, storefront, browser_page, shots_dir):
    page = browser_page
    base = live_server.url
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_registration-email").fill("nguoi-moi@example.vn")
    page.locator("#id_registration-password1").fill(PASSWORD)
    page.locator("#id_registration-password2").fill(PASSWORD)
    page.locator("button[name=registration_submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("nguoi-moi@example.vn")
    page.goto(base + "/shop/accounts/")
    expect(page).to_have_url(base + "/shop/accounts/login/?next=/shop/accounts/")  # not logged in

    (message,) = mail.outbox
    (link,) = re.findall(r"https?://\S+/activate/\S+", message.body)
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(base + path)
    expect(page.get_by_test_id("confirm-action")).to_be_visible()
    page.screenshot(path=str(shots_dir / "account-activate-confirm.png"), full_page=True)
    page.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    page.goto(base + "/shop/accounts/")
    expect(page).to_have_url(base + "/shop/accounts/profile/")

    page.goto(base + path)
    expect(page.get_by_test_id("activation-invalid")).to_be_visible()
    page.screenshot(path=str(shots_dir / "account-activate-used.png"), full_page=True)
