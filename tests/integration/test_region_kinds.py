"""The region tree owns its levels: which kinds are provinces and which are local units, and the lookups
the address forms, the catalogue filter and the checkout fees make through ``marketplace.regions.selectors``."""

import pytest
from django.urls import reverse

from events.fairs.models import Venue
from marketplace.onboarding.models import ProducerApplication
from marketplace.regions import selectors
from marketplace.regions.models import Region
from tests.factories import ProvinceFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(places):
    """Phú Thọ and Hà Nội (a city) with their wards, a commune and a special zone, and a ward named like its
    province (``phu-tho`` is both the province's slug and the ward's)."""
    phu_tho = places["phu_tho"]
    return {
        **places,
        "country": phu_tho.parent,
        "commune": WardFactory(
            code="07960", name="Xã Hy Cương", short_name="Hy Cương", slug="hy-cuong", kind="commune", parent=phu_tho
        ),
        "phu_tho_ward": WardFactory(
            code="08000", name="Phường Phú Thọ", short_name="Phú Thọ", slug="phu-tho", parent=phu_tho
        ),
        "zone": WardFactory(
            code="26620",
            name="Đặc khu Cô Tô",
            short_name="Cô Tô",
            slug="co-to",
            kind="special_zone",
            parent=ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", slug="quang-ninh"),
        ),
    }


def test_provinces_are_provinces_and_centrally_run_cities(tree):
    assert set(Region.objects.provinces().values_list("slug", flat=True)) == {"phu-tho", "ha-noi", "quang-ninh"}
    assert set(Region.PROVINCE_KINDS) == {"province", "city"}


def test_local_units_are_wards_communes_and_special_zones(tree):
    assert set(Region.objects.local_units().values_list("code", flat=True)) == {
        "07900",
        "07906",
        "00070",
        "07960",
        "08000",
        "26620",
    }
    assert set(Region.LOCAL_UNIT_KINDS) == {"ward", "commune", "special_zone"}
    assert not Region.objects.local_units().filter(kind__in=Region.PROVINCE_KINDS).exists()


def test_each_region_knows_its_level(tree):
    assert tree["ha_noi"].is_province and not tree["ha_noi"].is_local_unit
    assert tree["zone"].is_local_unit and not tree["zone"].is_province
    assert tree["commune"].is_local_unit
    assert not tree["country"].is_province and not tree["country"].is_local_unit


@pytest.mark.parametrize("model", [Venue, ProducerApplication])
def test_addresses_may_point_at_local_units_only(tree, model):
    choices = Region.objects.complex_filter(model._meta.get_field("region").get_limit_choices_to())
    codes = set(choices.values_list("code", flat=True))
    assert {"07900", "07960", "26620"} <= codes
    assert not codes & {"25", "01", "22", "VN"}


def test_province_by_code_refuses_a_wards_code(tree):
    assert selectors.province_get_by_code(code="01") == tree["ha_noi"]
    assert selectors.province_get_by_code(code="07900") is None
    assert selectors.province_get_by_code(code="VN") is None
    assert selectors.province_get_by_code(code="") is None


def test_local_unit_list_is_one_provinces_by_name_and_none_without_one(tree):
    names = [unit.name for unit in selectors.local_unit_list(province=tree["phu_tho"])]
    assert names == ["Phường Phú Thọ", "Phường Thanh Miếu", "Phường Việt Trì", "Xã Hy Cương"]
    assert [unit.name for unit in selectors.local_unit_list(province=tree["phu_tho"].pk)] == names
    assert list(selectors.local_unit_list(province=None)) == []
    assert [region.slug for region in selectors.province_list()] == ["ha-noi", "phu-tho", "quang-ninh"]


def test_place_by_slugs_reads_provinces_among_provinces_and_units_within_their_province(tree):
    assert selectors.place_get_by_slugs(province_slug="phu-tho") == tree["phu_tho"]
    assert selectors.place_get_by_slugs(province_slug="phu-tho", unit_slug="phu-tho") == tree["phu_tho_ward"]
    assert selectors.place_get_by_slugs(province_slug="phu-tho", unit_slug="hy-cuong") == tree["commune"]
    # A ward of another province, an unknown one, a ward's slug given as a province: nothing.
    assert selectors.place_get_by_slugs(province_slug="phu-tho", unit_slug="hoan-kiem") is None
    assert selectors.place_get_by_slugs(province_slug="phu-tho", unit_slug="khong-co") is None
    assert selectors.place_get_by_slugs(province_slug="viet-tri") is None


def test_the_catalogue_filters_by_province_and_commune_and_says_when_a_place_is_unknown(client, tree, three_producers):
    url = reverse("catalogue:index")

    def titles(response):
        return sorted(product.title for product in response.context["products"])

    everything = titles(client.get(url))
    in_viet_tri = client.get(url, {"province": "phu-tho", "commune": "viet-tri"})
    in_ha_noi = client.get(url, {"province": "ha-noi"})
    # Hoàn Kiếm is a ward of Hà Nội, not of Phú Thọ: an unknown place filters nothing and says so.
    elsewhere = client.get(url, {"province": "phu-tho", "commune": "hoan-kiem"})

    assert everything == ["Chè xanh Long Cốc", "Mật ong rừng", "Nước mắm cốt"]
    assert titles(in_viet_tri) == ["Mật ong rừng", "Nước mắm cốt"]
    assert not in_viet_tri.context["filter_form"].non_field_errors()
    assert titles(in_ha_noi) == []
    assert titles(elsewhere) == everything
    assert elsewhere.context["filter_form"].non_field_errors() == [
        "Không tìm thấy địa phương này; đang hiển thị tất cả địa phương."
    ]
