"""Former units as aliases, name resolution, and the region pages with their producers' map."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.regions.models import FormerUnit, Region
from marketplace.regions.selectors import PRODUCER_PREVIEW, region_resolve
from marketplace.regions.services import regions_load_former_units, regions_load_units
from tests.factories import FormerUnitFactory, ProducerFactory, ProductFactory, ProvinceFactory, WardFactory

pytestmark = pytest.mark.django_db

# The new Phú Thọ units that replaced the former Việt Trì city (district 227) on 1 July 2025.
VIET_TRI_SUCCESSORS = {"07894", "07900", "07909", "07918", "08515"}


@pytest.fixture
def phu_tho(db):
    """Phú Thọ's current units and the former units that went into it (province 25 only, to stay fast)."""
    regions_load_units(province_codes={"25"})
    regions_load_former_units(province_codes={"25"})
    return Region.objects.get(code="25")


def _links():
    return set(FormerUnit.successors.through.objects.values_list("formerunit__code", "region__code"))


# Loading


def test_loading_former_units_twice_changes_nothing(db):
    regions_load_units(province_codes={"25"})
    first = regions_load_former_units(province_codes={"25"})
    assert first["created"] > 400 and first["linked"] >= first["created"]
    units, links = FormerUnit.objects.count(), _links()
    assert regions_load_former_units(province_codes={"25"}) == {"created": 0, "updated": 0, "linked": 0, "unlinked": 0}
    assert FormerUnit.objects.count() == units
    assert _links() == links


def test_regions_load_command_loads_former_units_after_the_units(db, capsys):
    from django.core.management import call_command

    call_command("regions_load", "--province", "25")
    assert FormerUnit.objects.filter(level="district", code="227").exists()
    call_command("regions_load", "--province", "25")
    assert "đã tạo 0, đã cập nhật 0, thêm 0 liên kết, gỡ 0 liên kết" in capsys.readouterr().out


def test_former_viet_tri_city_maps_to_the_wards_that_replaced_it(phu_tho):
    city = FormerUnit.objects.get(level="district", code="227")
    assert (city.name, city.short_name, city.folded_name) == ("Thành phố Việt Trì", "Việt Trì", "viet tri")
    assert city.parent_name == "Tỉnh Phú Thọ"
    assert set(city.successors.values_list("code", flat=True)) == VIET_TRI_SUCCESSORS
    # Provinces merged into Phú Thọ resolve to it.
    for code in ("17", "25", "26"):
        assert list(FormerUnit.objects.get(level="province", code=code).successors.all()) == [phu_tho]


def test_rows_whose_successors_are_not_loaded_are_skipped(phu_tho):
    assert not FormerUnit.objects.filter(level="province", code="01").exists()  # Hà Nội: not loaded
    assert not FormerUnit.objects.exclude(successors__parent=phu_tho).exclude(successors=phu_tho).exists()


def test_a_changed_name_and_a_stale_link_are_put_right(phu_tho):
    city = FormerUnit.objects.get(level="district", code="227")
    city.name = "Tên sai"
    city.save()
    city.successors.add(Region.objects.get(code="08152"))  # Thanh Ba: not a successor of Việt Trì
    counts = regions_load_former_units(province_codes={"25"})
    assert counts == {"created": 0, "updated": 1, "linked": 0, "unlinked": 1}
    city.refresh_from_db()
    assert city.name == "Thành phố Việt Trì"
    assert set(city.successors.values_list("code", flat=True)) == VIET_TRI_SUCCESSORS


# Resolving names


@pytest.mark.parametrize("query", ["Việt Trì", "thành phố Việt Trì", "viet tri", "TP. Việt Trì", "  VIỆT   TRÌ "])
def test_viet_tri_resolves_to_the_wards_that_replaced_the_city(phu_tho, query, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        regions = region_resolve(query=query)
    assert {r.code for r in regions} == VIET_TRI_SUCCESSORS
    assert "Phường Việt Trì" in [r.name for r in regions]


def test_a_current_name_resolves_without_diacritics(phu_tho):
    assert [r.code for r in region_resolve(query="xa thanh ba")] == ["08152"]
    assert [r.code for r in region_resolve(query="HY CUONG")] == ["08515"]


def test_a_name_both_current_and_former_resolves_to_both(phu_tho):
    # Xã Đoan Hùng today, and the communes that replaced the former Huyện Đoan Hùng.
    codes = [r.code for r in region_resolve(query="Đoan Hùng")]
    assert codes == ["07969", "07996", "07999", "08023", "08038"]


def test_a_former_province_resolves_to_the_new_one(phu_tho):
    # Tỉnh Vĩnh Phúc went into Phú Thọ; a commune of Phú Thọ is called Vĩnh Phúc today.
    regions = region_resolve(query="tỉnh Vĩnh Phúc")
    assert {r.code for r in regions if not r.is_local_unit} == {"25"}
    assert {r.short_name for r in regions} == {"Phú Thọ", "Vĩnh Phúc"}


def test_an_unknown_or_empty_name_resolves_to_nothing(phu_tho):
    assert region_resolve(query="Atlantis") == []
    assert region_resolve(query="   ") == []


# Region pages


def _producer(ward, **kwargs):
    return ProducerFactory(region=ward, latitude=ward.latitude, longitude=ward.longitude, **kwargs)


def _certified(producer, **kwargs):
    return ProductFactory(stockrecord__producer=producer, stockrecord__price=Decimal("50000"), **kwargs)


@pytest.fixture
def places(phu_tho):
    """Two wards of the former Việt Trì city, each with a producer and a certified product."""
    viet_tri, nong_trang = Region.objects.get(code="07900"), Region.objects.get(code="07894")
    here = _producer(viet_tri, name="HTX Bánh Việt Trì", slug="htx-banh-viet-tri")
    there = _producer(nong_trang, name="HTX Rượu Nông Trang", slug="htx-ruou-nong-trang")
    return {
        "viet_tri": viet_tri,
        "nong_trang": nong_trang,
        "here": here,
        "there": there,
        "here_product": _certified(here, title="Bánh tai Việt Trì"),
        "there_product": _certified(there, title="Rượu men lá Nông Trang"),
        "uncertified": _certified(here, title="Bánh chưa chứng nhận", certification=False),
    }


@pytest.mark.parametrize("prefix", ["/", "/en/"])
@pytest.mark.parametrize("path", ["regions/", "regions/phu-tho/", "regions/phu-tho/viet-tri/", "regions/?q=Việt Trì"])
def test_region_pages_render_in_each_language(client, places, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert f'<html lang="{"en" if prefix == "/en/" else "vi"}"' in response.content.decode()


def test_index_lists_provinces_with_producer_counts(client, places):
    html = client.get("/regions/").content.decode()
    assert 'href="/regions/phu-tho/"' in html
    assert "Tỉnh Phú Thọ" in html and "2 chủ thể OCOP" in html
    assert "2 producers" in client.get("/en/regions/").content.decode()


def test_index_search_lists_the_wards_that_replaced_viet_tri(client, places):
    html = client.get("/regions/", {"q": "thành phố Việt Trì"}).content.decode()
    for slug in ("viet-tri", "nong-trang", "thanh-mieu", "van-phu", "hy-cuong"):
        assert f'href="/regions/phu-tho/{slug}/"' in html
    assert "Thành phố Việt Trì (Tỉnh Phú Thọ)" in html


def test_province_page_shows_its_units_producers_and_certified_products(client, places):
    html = client.get("/regions/phu-tho/").content.decode()
    for text in ("Phường Việt Trì", "Phường Nông Trang", "HTX Bánh Việt Trì", "HTX Rượu Nông Trang"):
        assert text in html
    assert "Bánh tai Việt Trì" in html and "Rượu men lá Nông Trang" in html
    assert "Bánh chưa chứng nhận" not in html  # only products with a certificate in force
    assert "Tỉnh Vĩnh Phúc" in html  # formed from the former provinces


def test_commune_page_lists_only_its_own_producers_and_products(client, places):
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "HTX Bánh Việt Trì" in html and "Bánh tai Việt Trì" in html
    assert "HTX Rượu Nông Trang" not in html and "Rượu men lá Nông Trang" not in html
    assert "Bánh chưa chứng nhận" not in html
    assert places["here"].full_address in html


def test_commune_page_says_what_it_was_before_july_2025(client, places):
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Thành phố Việt Trì (Tỉnh Phú Thọ)" in html  # formerly part of
    assert "Phường Gia Cẩm" in html and "Phường Dữu Lâu" in html  # formed from


@pytest.mark.parametrize(
    "path",
    ["/regions/atlantis/", "/regions/phu-tho/atlantis/", "/regions/ha-noi/viet-tri/", "/en/regions/atlantis/"],
)
def test_unknown_province_or_commune_is_404(client, places, path):
    assert client.get(path).status_code == 404


def test_a_commune_is_not_a_province(client, places):
    assert client.get("/regions/viet-tri/").status_code == 404


def _markers(html):
    match = re.search(r'<script id="region-map-markers" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page has no markers JSON"
    return json.loads(match.group(1))


def test_markers_are_exactly_the_producers_with_coordinates(client, places):
    ward = places["viet_tri"]
    ProducerFactory(region=ward, name="Hộ chưa có toạ độ", slug="ho-chua-co-toa-do")
    ProducerFactory(region=ward, name="Hộ chỉ có vĩ độ", slug="ho-chi-co-vi-do", latitude=21.3)
    page = client.get("/regions/phu-tho/viet-tri/").content.decode()
    markers = _markers(page)
    assert [m["name"] for m in markers] == ["HTX Bánh Việt Trì"]
    assert markers[0] == {
        "name": "HTX Bánh Việt Trì",
        "lat": ward.latitude,
        "lon": ward.longitude,
        "url": places["here"].get_absolute_url(),
        "address": places["here"].full_address,
    }
    assert "Hộ chưa có toạ độ" in page  # still listed, with its address, for everyone without the map
    province_markers = _markers(client.get("/regions/phu-tho/").content.decode())
    assert {m["name"] for m in province_markers} == {"HTX Bánh Việt Trì", "HTX Rượu Nông Trang"}
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page and 'src="/static/ocop/region-map.js"' in page


def test_markers_json_cannot_break_out_of_its_script(client, places):
    ProducerFactory(region=places["viet_tri"], name="</script><b>x</b>", slug="ho-la", latitude=21.33, longitude=105.4)
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "</script><b>x</b>" not in html
    assert "</script><b>x</b>" in [m["name"] for m in _markers(html)]


# Query budgets: region pages must not grow with their producers and products.
REGION_PAGE_BUDGET = 10


def _stock_ward(ward, count):
    for index in range(count):
        producer = ProducerFactory(region=ward, latitude=21.3 + index / 1000, longitude=105.4)
        ProductFactory(stockrecord__producer=producer, certification=60 + index % 40)


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("path", ["/regions/phu-tho/", "/regions/phu-tho/viet-tri/", "/regions/"])
def test_region_page_query_count_is_flat(client, phu_tho, path, django_assert_max_num_queries):
    ward = Region.objects.get(code="07900")
    _stock_ward(ward, 5)
    client.get(path)  # warm up: thumbnails of the placeholder image are recorded on the first view
    few, html = _count_queries(client, path)
    _stock_ward(ward, 45)
    first_view, html = _count_queries(client, path)  # the page's summary is read afresh
    with django_assert_max_num_queries(REGION_PAGE_BUDGET):
        many, html = _count_queries(client, path)
    assert many == few
    if path != "/regions/":
        # Read afresh: every producer of the place in one query, whatever their number, its communes, its history,
        # its sales points with their producers; and the images and producers of the new products' cards, not
        # cached yet (a warm page reads none of these).
        assert first_view <= many + 6
        assert html.count('class="product-card"') == 24  # one page of 50
        assert len(_markers(html)) == 50
        assert html.count('class="producer-list__item"') == PRODUCER_PREVIEW


def test_region_pages_with_factories_only(client, db):
    """The pages need no loaded data set: a province and a ward from the factories are enough."""
    ward = WardFactory(latitude=21.33, longitude=105.4)
    FormerUnitFactory(successors=[ward])
    producer = _producer(ward)
    _certified(producer, title="Mì gạo Hùng Lô")
    assert ProvinceFactory().slug == "phu-tho"
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Mì gạo Hùng Lô" in html and "Thành phố Việt Trì (Tỉnh Phú Thọ)" in html


def test_demo_producers_stand_near_their_ward_each_at_its_own_spot(phu_tho):
    from marketplace.core.demo import data
    from marketplace.core.demo.services import _producers

    producers = _producers({r.code: r for r in Region.objects.filter(parent=phu_tho)})
    assert len(producers) == len(data.PRODUCERS) == 13
    spots = set()
    for producer in producers.values():
        ward = producer.region
        assert abs(producer.latitude - ward.latitude) < 0.01 and abs(producer.longitude - ward.longitude) < 0.01
        assert "sample data" in producer.story
        spots.add((producer.latitude, producer.longitude))
    assert len(spots) == 13
    assert _producers({r.code: r for r in Region.objects.filter(parent=phu_tho)})["htx-hung-lo"].latitude == (
        producers["htx-hung-lo"].latitude
    )


def test_region_pages_list_their_upcoming_fairs_only(client, places, home_page):
    from tests.factories import FairIndexPageFactory, FairPageFactory, VenueFactory

    index = FairIndexPageFactory(parent=home_page)
    FairPageFactory(parent=index, title="Hội chợ OCOP Việt Trì 2027", venue=VenueFactory(region=places["viet_tri"]))
    FairPageFactory(parent=index, title="Hội chợ Nông Trang", venue=VenueFactory(region=places["nong_trang"]))
    ha_noi = WardFactory(
        code="00070", name="Phường Hoàn Kiếm", slug="hoan-kiem", parent=ProvinceFactory(code="01", slug="ha-noi")
    )
    FairPageFactory(parent=index, title="Hội chợ Hà Nội", venue=VenueFactory(region=ha_noi))

    province_page = client.get("/regions/phu-tho/").content.decode()
    assert "Hội chợ OCOP Việt Trì 2027" in province_page and "Hội chợ Nông Trang" in province_page
    assert "Hội chợ Hà Nội" not in province_page
    ward_page = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Hội chợ OCOP Việt Trì 2027" in ward_page and "Hội chợ Nông Trang" not in ward_page


# The producers of a place: the first few on its page, all of them on a paginated list


def _producer_names(html):
    return re.findall(r'class="producer-list__name" href="[^"]*">([^<]+)</a>', html)


@pytest.fixture
def crowded(places, monkeypatch):
    """Five more producers in Việt Trì, and a region page that names only the first three."""
    from marketplace.regions import selectors

    monkeypatch.setattr(selectors, "PRODUCER_PREVIEW", 3)
    for index in range(5):
        _producer(places["viet_tri"], name=f"Làng nghề số {index}", slug=f"lang-nghe-so-{index}")
    return places


def test_province_page_names_its_first_producers_and_links_to_all(client, crowded):
    html = client.get("/regions/phu-tho/").content.decode()
    assert "7 chủ thể OCOP" in html
    assert _producer_names(html) == ["HTX Bánh Việt Trì", "HTX Rượu Nông Trang", "Làng nghề số 0"]
    assert 'href="/regions/phu-tho/producers/"' in html
    assert len(_markers(html)) == 7  # the map still shows every producer with coordinates


def test_a_place_with_few_producers_has_no_link_to_a_longer_list(client, places):
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert _producer_names(html) == ["HTX Bánh Việt Trì"]
    assert 'data-testid="all-producers"' not in html


def test_a_new_producer_shows_on_the_region_page_at_once(client, places):
    before = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Hộ mới" not in before
    _producer(places["viet_tri"], name="Hộ mới", slug="ho-moi")
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Hộ mới" in _producer_names(html) and "Hộ mới" in [m["name"] for m in _markers(html)]


def test_region_page_summaries_differ_by_language(client, crowded):
    vi = client.get("/regions/phu-tho/").content.decode()
    en = client.get("/en/regions/phu-tho/").content.decode()
    assert "See all 7 producers in Tỉnh Phú Thọ" in en and 'href="/en/regions/phu-tho/producers/"' in en
    assert all(m["url"].startswith("/en/") for m in _markers(en))
    assert not any(m["url"].startswith("/en/") for m in _markers(vi))


def test_province_producer_list_is_paginated_by_name(client, crowded, monkeypatch):
    from marketplace.regions import views

    monkeypatch.setattr(views.RegionProducerListView, "paginate_by", 4)
    first = client.get("/regions/phu-tho/producers/")
    assert first.status_code == 200
    html = first.content.decode()
    assert _producer_names(html) == ["HTX Bánh Việt Trì", "HTX Rượu Nông Trang", "Làng nghề số 0", "Làng nghề số 1"]
    assert "7 chủ thể OCOP" in html and "?page=2" in html
    second = client.get("/regions/phu-tho/producers/?page=2").content.decode()
    assert _producer_names(second) == ["Làng nghề số 2", "Làng nghề số 3", "Làng nghề số 4"]
    assert crowded["there"].full_address in html


def test_commune_producer_list_lists_only_its_own_producers(client, crowded):
    html = client.get("/regions/phu-tho/viet-tri/producers/").content.decode()
    assert "HTX Bánh Việt Trì" in _producer_names(html)
    assert "HTX Rượu Nông Trang" not in html
    assert len(_producer_names(html)) == 6
    assert 'href="/regions/phu-tho/viet-tri/"' in html  # back to the commune


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-1", "page=99", "page=1.5", "page=%3Cscript%3E"])
def test_producer_list_bad_page_is_404(client, crowded, query):
    assert client.get(f"/regions/phu-tho/producers/?{query}").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/regions/atlantis/producers/", "/regions/phu-tho/atlantis/producers/", "/regions/ha-noi/viet-tri/producers/"],
)
def test_producer_list_of_an_unknown_place_is_404(client, places, path):
    assert client.get(path).status_code == 404


def test_producer_list_query_count_is_flat(client, phu_tho, django_assert_max_num_queries):
    ward = Region.objects.get(code="07900")
    _stock_ward(ward, 5)
    client.get("/regions/phu-tho/producers/")
    few, _html = _count_queries(client, "/regions/phu-tho/producers/")
    _stock_ward(ward, 60)
    with django_assert_max_num_queries(few):
        many, html = _count_queries(client, "/regions/phu-tho/producers/")
    assert len(_producer_names(html)) == 48


def test_a_fair_taken_down_leaves_the_region_page_at_once(client, places, home_page):
    from tests.factories import FairIndexPageFactory, FairPageFactory, VenueFactory

    index = FairIndexPageFactory(parent=home_page)
    fair = FairPageFactory(parent=index, title="Hội chợ sẽ gỡ", venue=VenueFactory(region=places["viet_tri"]))
    assert "Hội chợ sẽ gỡ" in client.get("/regions/phu-tho/viet-tri/").content.decode()
    fair.unpublish()
    assert "Hội chợ sẽ gỡ" not in client.get("/regions/phu-tho/viet-tri/").content.decode()


def test_a_place_without_fairs_does_not_look_for_them_on_every_view(client, places):
    client.get("/regions/phu-tho/viet-tri/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/regions/phu-tho/viet-tri/")
    assert not [q for q in queries.captured_queries if "fairs_fairpage" in q["sql"]]


# HTML cached from the region summary and the fair cards: the same for every visitor, never stale after an edit


def test_a_new_commune_with_producers_shows_in_the_cached_list_of_communes(client, places):
    for _ in range(2):  # rendered, then from the cache
        html = client.get("/regions/phu-tho/").content.decode()
        assert 'href="/regions/phu-tho/viet-tri/"' in html and 'href="/regions/phu-tho/thanh-mieu/"' not in html
    _producer(Region.objects.get(slug="thanh-mieu", parent__slug="phu-tho"), name="Hộ Thanh Miếu", slug="ho-tm")
    html = client.get("/regions/phu-tho/").content.decode()
    assert 'href="/regions/phu-tho/thanh-mieu/"' in html and "Phường Thanh Miếu" in html


def test_the_cached_list_of_communes_is_per_language(client, places):
    assert "Communes and wards with producers" not in client.get("/regions/phu-tho/").content.decode()
    en = client.get("/en/regions/phu-tho/").content.decode()
    assert "Communes and wards with producers" in en and 'href="/en/regions/phu-tho/viet-tri/"' in en
    vi = client.get("/regions/phu-tho/").content.decode()
    assert 'href="/regions/phu-tho/viet-tri/"' in vi and 'href="/en/regions/phu-tho/viet-tri/"' not in vi


def test_an_edited_fair_shows_its_new_title_and_place_on_region_pages_at_once(client, places, home_page):
    from tests.factories import FairIndexPageFactory, FairPageFactory, VenueFactory

    index = FairIndexPageFactory(parent=home_page)
    venue = VenueFactory(region=places["viet_tri"], name="Nhà văn hoá cũ")
    fair = FairPageFactory(parent=index, title="Hội chợ tên cũ", venue=venue)
    for _ in range(2):  # rendered, then from the cache
        html = client.get("/regions/phu-tho/viet-tri/").content.decode()
        assert "Hội chợ tên cũ" in html and "Nhà văn hoá cũ" in html
    fair.title = "Hội chợ tên mới"
    fair.save_revision().publish()
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Hội chợ tên mới" in html and "Hội chợ tên cũ" not in html
    venue.name = "Nhà văn hoá mới"  # a venue is not a page: no revision, yet the card must follow it
    venue.save()
    html = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Nhà văn hoá mới" in html and "Nhà văn hoá cũ" not in html


def test_cached_fair_cards_are_per_language(client, places, home_page):
    from tests.factories import FairIndexPageFactory, FairPageFactory, VenueFactory

    index = FairIndexPageFactory(parent=home_page)
    FairPageFactory(parent=index, title="Hội chợ ngày", venue=VenueFactory(region=places["viet_tri"]))
    vi = client.get("/regions/phu-tho/viet-tri/").content.decode()
    assert "Hội chợ ngày" in vi
    en = client.get("/en/regions/phu-tho/viet-tri/").content.decode()
    # English pages list the English tree's fairs (none here); the Vietnamese cards are not reused there.
    assert "Hội chợ ngày" not in en
    assert "Hội chợ ngày" in client.get("/regions/phu-tho/viet-tri/").content.decode()


# The regions index: provinces with producers first, the others folded away -------------------------------------------


@pytest.fixture
def provinces(db):
    phu_tho = ProvinceFactory()
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi", kind="city")
    cao_bang = ProvinceFactory(code="04", name="Tỉnh Cao Bằng", short_name="Cao Bằng", slug="cao-bang")
    ProducerFactory(region=WardFactory(parent=phu_tho))
    ProducerFactory(region=WardFactory(code="07906", name="Phường Thanh Miếu", slug="thanh-mieu", parent=phu_tho))
    return {"phu_tho": phu_tho, "ha_noi": ha_noi, "cao_bang": cao_bang}


def _section(html: str, testid: str) -> str:
    match = re.search(rf'<(ul|details)[^>]*data-testid="{testid}".*?</\1>', html, re.S)
    return match.group(0) if match else ""


def test_regions_index_lists_provinces_with_producers_first(client, provinces):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/regions/").content.decode()
    # The provinces are read once, however often the template goes through them.
    assert sum('"producer_count"' in query["sql"] for query in queries.captured_queries) == 1
    with_producers = _section(html, "provinces-with-producers")
    without = _section(html, "provinces-without-producers")
    assert "Tỉnh Phú Thọ" in with_producers and "2 chủ thể OCOP" in with_producers
    assert "Hà Nội" not in with_producers and "Cao Bằng" not in with_producers
    assert without.startswith("<details") and " open" not in without.split(">", 1)[0]
    assert 'href="/regions/ha-noi/"' in without and 'href="/regions/cao-bang/"' in without
    assert "Phú Thọ" not in without and "0 chủ thể" not in html
    assert html.index("provinces-with-producers") < html.index("provinces-without-producers")


def test_regions_index_without_any_producer_shows_the_provinces_unfolded(client, db):
    ProvinceFactory()
    ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi", kind="city")
    html = client.get("/regions/").content.decode()
    assert 'data-testid="provinces-with-producers"' not in html
    without = _section(html, "provinces-without-producers")
    assert " open" in without.split(">", 1)[0]
    assert "Tỉnh Phú Thọ" in without and "Thành phố Hà Nội" in without


def test_regions_index_with_producers_everywhere_has_nothing_to_fold(client, provinces):
    ProducerFactory(
        region=WardFactory(code="00070", name="Phường Hoàn Kiếm", slug="hoan-kiem", parent=provinces["ha_noi"])
    )
    ProducerFactory(
        region=WardFactory(code="01000", name="Phường Thục Phán", slug="thuc-phan", parent=provinces["cao_bang"])
    )
    html = client.get("/regions/").content.decode()
    assert 'data-testid="provinces-without-producers"' not in html
    assert _section(html, "provinces-with-producers").count("<li>") == 3
