"""Every HTML response carries a Content-Security-Policy whose script-src allows no inline code except with the
request's nonce (Wagtail's admin alone is allowed inline scripts, see marketplace.core.csp), and every inline
script our pages print carries that nonce. Every response carries a Permissions-Policy."""

import pytest
from django.urls import reverse

from tests.factories import (
    FairIndexPageFactory,
    FairPageFactory,
    LotFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    TourIndexPageFactory,
    TourPageFactory,
    UserFactory,
)
from tests.html_checks import active_content, header_nonce

pytestmark = pytest.mark.django_db

CMS_PREFIX = "/cms/"


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in header.split(";"):
        parts = directive.split()
        if parts:
            parsed[parts[0]] = parts[1:]
    return parsed


@pytest.fixture
def site(home_page, groups):
    producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", latitude=21.3, longitude=105.2)
    product = ProductFactory(title="Chè xanh Long Cốc", stockrecord__producer=producer, certification=82)
    product.categories.add(groups["tea"])
    fair = FairPageFactory(parent=FairIndexPageFactory(parent=home_page))
    tour = TourPageFactory(parent=TourIndexPageFactory(parent=home_page), producers=[producer])
    return {"producer": producer, "product": product, "fair": fair, "tour": tour, "lot": LotFactory(product=product)}


def _public_paths(site):
    return [
        "/",
        "/en/",
        "/shop/",
        site["product"].get_absolute_url(),
        "/search/?q=che",
        "/producers/",
        site["producer"].get_absolute_url(),
        "/regions/",
        site["fair"].url,
        site["fair"].get_parent().url,
        site["tour"].url,
        "/shop/basket/",
        "/shop/accounts/login/",
        f"/t/{site['lot'].code}/",
    ]


def _staff_paths(site):
    product = site["product"]
    return [
        "/dashboard/",
        reverse("dashboard:catalogue-product-list"),
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        reverse("dashboard:order-list"),
        # Oscar's forms whose cancel links had inline onclick handlers (now overridden in the theme).
        reverse("dashboard:catalogue-class-create"),
        reverse("dashboard:catalogue-option-create"),
        reverse("dashboard:catalogue-attribute-option-group-create"),
        reverse("dashboard:catalogue-attribute-option-group-create") + "?_popup=1",
        f"/t/{site['lot'].code}/label/",
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{site['fair'].pk}/edit/",
        f"/cms/pages/{site['tour'].pk}/edit/",
        "/django-admin/",
        "/django-admin/catalogue/product/",
        f"/django-admin/catalogue/product/{product.pk}/change/",
        "/django-admin/partner/stockrecord/add/",
    ]


def _check_html_response(response, path):
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("text/html"), path
    assert "Permissions-Policy" in response, path
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {path}"
    directives = _directives(header)
    assert directives["object-src"] == ["'none'"], path
    assert directives["frame-ancestors"] == ["'self'"], path
    assert directives["base-uri"] == ["'self'"], path
    script_src = directives["script-src"]
    assert "'unsafe-eval'" not in script_src, path
    if path.startswith(CMS_PREFIX):
        # Wagtail's admin: inline scripts allowed, so no nonce (browsers ignore 'unsafe-inline' beside one).
        assert script_src == ["'self'", "'unsafe-inline'"], path
        return
    assert "'unsafe-inline'" not in script_src, path
    found = active_content(response.content.decode())
    assert found.findings == [], path
    nonce = header_nonce(header)
    for attributes, text in found.inline_scripts:
        assert nonce and attributes.get("nonce") == nonce, f"inline script without the nonce on {path}: {text[:200]}"


def test_public_pages_carry_the_policy_and_no_inline_script_runs_without_its_nonce(client, site):
    for path in _public_paths(site):
        _check_html_response(client.get(path), path)


def test_shopper_account_pages_carry_the_policy(client, site):
    client.force_login(UserFactory())
    for path in ["/shop/accounts/", "/shop/accounts/orders/", "/shop/accounts/profile/", "/producers/apply/"]:
        _check_html_response(client.get(path, follow=True), path)


def test_staff_pages_carry_the_policy(client, site):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in _staff_paths(site):
        _check_html_response(client.get(path), path)


def test_the_producer_dashboard_carries_the_policy(client, site):
    user = ProducerUserFactory(producer=site["producer"])
    client.force_login(user)
    for path in ["/dashboard/", "/dashboard/producer/profile/", reverse("dashboard:catalogue-product-list")]:
        _check_html_response(client.get(path), path)


def test_the_nonce_is_new_on_every_request_and_names_the_start_up_script(client, site):
    nonces = set()
    for _ in range(2):
        response = client.get(site["product"].get_absolute_url())
        nonce = header_nonce(response["Content-Security-Policy"])
        assert nonce and len(nonce) >= 16
        assert f'<script nonce="{nonce}">$(function()' in response.content.decode()
        nonces.add(nonce)
    assert len(nonces) == 2


def test_the_tile_server_and_stripe_are_named_and_nothing_else_from_outside(client, site):
    directives = _directives(client.get("/")["Content-Security-Policy"])
    # The tile URL the maps use (region-map.js reads it from data-tiles).
    from marketplace.regions.views import OSM_TILES

    assert OSM_TILES.startswith("https://tile.openstreetmap.org/")
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert "https://js.stripe.com" in directives["script-src"]
    assert "https://js.stripe.com" in directives["frame-src"]
    assert "https://api.stripe.com" in directives["connect-src"]
    external = [source for source in directives["script-src"] if source.startswith("http")]
    assert all("stripe.com" in source for source in external)


@pytest.mark.parametrize("path", ["/regions/wards.json?province=25", "/search/suggest/?q=che"])
def test_other_responses_carry_the_permissions_policy(client, site, path):
    response = client.get(path)
    assert "Permissions-Policy" in response
    assert "camera=()" in response["Permissions-Policy"]


def test_a_not_found_page_carries_the_policy(client, site):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "script-src" in response["Content-Security-Policy"]
