"""The chained address selects (province → commune/ward): one endpoint and one script for every address form.

The producer application and the checkout both point their province select at /regions/wards.json and load
ocop/address-select.js; the endpoint answers a province's communes in a constant number of queries and refuses
anything else with a reason.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from marketplace.regions.selectors import local_unit_options
from tests.factories import ProvinceFactory, UserFactory, WardFactory
from tests.helpers import basket_add

pytestmark = pytest.mark.django_db

WARDS = reverse("region-wards")
SCRIPT = "ocop/address-select.js"


def _province_select(html: str) -> str:
    match = re.search(r'<select name="province"[^>]*>', html)
    assert match, "no province select on the page"
    return match.group(0)


def _attribute(tag: str, name: str) -> str:
    match = re.search(rf'{name}="([^"]*)"', tag)
    assert match, f"{name} missing from {tag}"
    return match.group(1)


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_the_endpoint_answers_the_communes_of_one_province_by_name(client, places):
    response = client.get(WARDS, {"province": places["phu_tho"].code})

    assert response.status_code == 200
    viet_tri, thanh_mieu = places["viet_tri"], places["thanh_mieu"]
    assert response.json() == {
        "province": places["phu_tho"].code,
        "wards": sorted(
            [
                {"id": viet_tri.pk, "code": viet_tri.code, "name": viet_tri.name},
                {"id": thanh_mieu.pk, "code": thanh_mieu.code, "name": thanh_mieu.name},
            ],
            key=lambda ward: ward["name"],
        ),
    }
    assert response["Cache-Control"] == "public, max-age=86400"


def test_the_endpoint_reads_the_same_number_of_queries_for_one_commune_or_many(
    client, places, django_assert_num_queries
):
    for index in range(20):
        WardFactory(code=f"9{index:04d}", slug=f"xa-{index}", name=f"Xã Thử {index:02d}", parent=places["ha_noi"])
    client.get(WARDS, {"province": places["phu_tho"].code})  # the first request warms the site's caches
    with CaptureQueriesContext(connection) as refused_queries:  # what any request costs (the view reads nothing)
        assert client.get(WARDS, {"province": ""}).status_code == 400
    with CaptureQueriesContext(connection) as few_queries:
        few = client.get(WARDS, {"province": places["phu_tho"].code})
    with CaptureQueriesContext(connection) as many_queries:
        many = client.get(WARDS, {"province": places["ha_noi"].code})
    assert len(few.json()["wards"]) == 2 and len(many.json()["wards"]) == 21
    # The province, then its communes: two queries over the request's own, however many communes.
    assert len(few_queries) == len(many_queries) == len(refused_queries) + 2
    with django_assert_num_queries(1):  # the selector reads the list in one query
        assert len(local_unit_options(province=places["ha_noi"])) == 21


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "Choose a province or city."),
        ("xx", "Unknown province."),
        ("99", "Unknown province."),  # no such province
        ("07906", "Unknown province."),  # a ward's code is not a province's
        ("1" * 50, "Unknown province."),
    ],
)
def test_the_endpoint_refuses_a_bad_province_with_the_reason(client, places, value, reason):
    with translation.override("en"):
        response = client.get("/en" + WARDS, {"province": value})
    assert response.status_code == 400
    assert response.json() == {"error": reason}


def test_the_application_form_and_the_checkout_use_the_one_script_and_endpoint(client, places, three_producers):
    honey, *_ = three_producers
    applicant = UserFactory(username="nguoi-nop-don")
    client.force_login(applicant)
    apply_html = client.get(reverse("onboarding:apply")).content.decode()
    basket_add(client, honey, 1)
    checkout_html = client.get(reverse("checkout:index")).content.decode()

    for html, ward_field, value_key in [(apply_html, "region", "id"), (checkout_html, "ward", "code")]:
        province = _province_select(html)
        assert _attribute(province, "data-wards-url") == WARDS
        assert _attribute(province, "data-wards-select") == ward_field
        assert _attribute(province, "data-wards-value") == value_key
        assert f'<select name="{ward_field}"' in html
        # Each province option names its GSO code, whatever its value, so the script asks by code.
        assert f'data-code="{places["phu_tho"].code}"' in html
        assert [src for src in _scripts(html) if "address-select" in src or "onboarding-apply" in src] == [
            f"/static/{SCRIPT}"
        ]
        assert "onboarding-options-url" not in html  # no inline JSON left for a second script
    # The checkout keeps its fee script, which no longer loads communes.
    assert "/static/ocop/checkout-fees.js" in _scripts(checkout_html)
    # Without JavaScript, the application keeps its button (hidden by the script) that lists the communes.
    assert re.search(r'<p data-address-fallback>\s*<button type="submit" name="show_communes"', apply_html)


def test_the_endpoint_is_the_only_commune_list_the_forms_can_reach(client):
    """The onboarding copy of the endpoint is gone: its old address is not served any more."""
    client.force_login(UserFactory(username="nguoi-nop-don"))
    assert client.get(reverse("onboarding:apply") + "communes/", {"province": 1}).status_code == 404


def test_an_english_page_points_its_select_at_the_english_endpoint(client, places, three_producers):
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    html = client.get("/en" + reverse("checkout:index")).content.decode()
    assert _attribute(_province_select(html), "data-wards-url") == "/en" + WARDS


def test_a_province_with_no_communes_answers_an_empty_list(client):
    province = ProvinceFactory(code="96", name="Tỉnh Thử", short_name="Thử", slug="thu")
    response = client.get(WARDS, {"province": province.code})
    assert response.status_code == 200 and response.json() == {"province": "96", "wards": []}
