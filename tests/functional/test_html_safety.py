"""In a real browser: a product description holding script payloads runs nothing (no dialog opens), and the main
public, dashboard, CMS and admin pages work under the Content-Security-Policy (the browser_page fixture fails
the test on any CSP violation Chromium reports)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"
PAYLOAD = (
    "<p>Mật ong hoa nhãn.</p>"
    "<script>alert('script')</script>"
    "<img src=x onerror=\"alert('onerror')\">"
    "<svg onload=\"alert('svg')\"></svg>"
    "<a href=\"javascript:alert('link')\">bấm vào đây</a>"
    "<a href=\"data:text/html,<script>alert('data')</script>\">xem ngay</a>"
    "<iframe srcdoc=\"<script>parent.alert('iframe')</script>\"></iframe>"
    "<p onmouseover=\"alert('hover')\">Di chuột</p>"
)


@pytest.fixture
def poisoned(storefront):
    """A product whose description was stored with the payloads (as rows written before the fix were)."""
    from decimal import Decimal

    from catalogue.models import Product
    from tests.factories import ProducerFactory, ProductFactory

    product = ProductFactory(
        title="Mật ong độc hại",
        stockrecord__price=Decimal("125000"),
        stockrecord__producer=ProducerFactory(name="HTX Thử nghiệm", slug="htx-thu-nghiem"),
        certification=80,
    )
    Product.objects.filter(pk=product.pk).update(description=PAYLOAD)
    return product


def test_a_poisoned_description_opens_no_dialog(live_server, poisoned, browser_page, csp_violations):
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server.url + poisoned.get_absolute_url())
    expect(page.locator(".product-description")).to_contain_text("Mật ong hoa nhãn.")
    description = page.locator(".product-description")
    # The sanitizer drops ids too: find the payloads' elements by their text.
    description.get_by_text("Di chuột").hover()
    description.get_by_text("bấm vào đây").click()
    description.get_by_text("xem ngay").click()
    page.wait_for_timeout(500)

    assert dialogs == []
    assert page.locator(".product-description iframe, .product-description script").count() == 0
    assert page.locator(".product-description [onerror], .product-description [onmouseover]").count() == 0


@pytest.fixture
def staffed_site(storefront, honey):
    from tests.factories import (
        FairIndexPageFactory,
        FairPageFactory,
        LotFactory,
        ProducerFactory,
        TourIndexPageFactory,
        TourPageFactory,
        UserFactory,
    )

    home = storefront["home"]
    fair = FairPageFactory(parent=FairIndexPageFactory(parent=home), body="<p>Hội chợ <b>lớn</b>.</p>")
    producer = ProducerFactory(name="HTX Chè", slug="htx-che", latitude=21.3, longitude=105.2)
    tour = TourPageFactory(parent=TourIndexPageFactory(parent=home), producers=[producer])
    UserFactory(username="quantri", email="quantri@example.vn", is_staff=True, is_superuser=True)
    return {"fair": fair, "tour": tour, "product": honey, "lot": LotFactory(product=honey)}


def test_main_pages_work_under_the_policy(live_server, staffed_site, browser_page, csp_violations):
    page = browser_page
    base = live_server.url
    product = staffed_site["product"]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Public pages, the maps (Leaflet and OpenStreetMap tiles) among them.
    for path in ["/", product.get_absolute_url(), "/search/?q=mat", staffed_site["fair"].url, staffed_site["tour"].url]:
        page.goto(base + path)
        expect(page.locator("body")).to_be_visible()
    expect(page.locator(".leaflet-container")).to_be_visible()

    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("quantri@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()

    # Oscar's dashboard: the start-up block (with the nonce) runs, so the product page's tabs and editor work.
    page.goto(base + f"/dashboard/catalogue/products/{product.pk}/")
    expect(page.locator(".tox-edit-area iframe").first).to_be_visible()
    page.goto(base + "/dashboard/")
    expect(page.locator("body")).to_be_visible()
    # A page of Oscar's we do not override, whose "cancel" link has an inline onclick: behaviours.js takes it over.
    from django.urls import reverse

    page.goto(base + reverse("dashboard:catalogue-class-create"))
    cancel = page.locator(".fixed-actions-group a[href='#']")
    expect(cancel).to_have_attribute("data-history-back", "")
    expect(cancel).not_to_have_attribute("onclick", re.compile(".*"))
    cancel.click()
    expect(page).to_have_url(base + "/dashboard/")

    # Wagtail's admin: its pages and the page editor (inline panels, date pickers).
    page.goto(base + "/cms/")
    expect(page.locator("body")).to_be_visible()
    page.goto(base + f"/cms/pages/{staffed_site['fair'].pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()

    # The lot label sheet (its print button is wired by ocop/behaviours.js) and the producer application form.
    page.goto(base + f"/t/{staffed_site['lot'].code}/label/")
    expect(page.locator("[data-print]")).to_be_visible()
    page.goto(base + "/producers/apply/")
    expect(page.locator("body")).to_be_visible()

    # The Django admin.
    page.goto(base + "/django-admin/")
    page.goto(base + f"/django-admin/catalogue/product/{product.pk}/change/")
    expect(page.locator("#product_form")).to_be_visible()

    page.wait_for_timeout(300)
    assert csp_violations == []
    assert errors == []


@pytest.fixture
def applicant(storefront):
    from tests.factories import ProvinceFactory, UserFactory, WardFactory

    phu_tho = ProvinceFactory()
    WardFactory(parent=phu_tho)
    WardFactory(code="07906", name="Phường Thanh Miếu", short_name="Thanh Miếu", slug="thanh-mieu", parent=phu_tho)
    UserFactory(username="nguoi-nop", email="nguoinop@example.vn")
    return phu_tho


def test_the_application_form_loads_communes_from_its_static_script(live_server, applicant, browser_page):
    """The chained select moved from an inline script to ocop/address-select.js: it still works, under the CSP."""
    page = browser_page
    base = live_server.url
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill("nguoinop@example.vn")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()

    page.goto(base + "/producers/apply/")
    expect(page.locator("#show-communes")).to_be_hidden()  # the script runs: no reload button needed
    page.locator("#id_province").select_option(str(applicant.pk))
    expect(page.locator("#id_region option", has_text="Phường Thanh Miếu")).to_have_count(1)
