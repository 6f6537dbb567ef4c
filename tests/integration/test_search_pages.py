"""The search page and the suggestion endpoint: filters, facets, pagination, hostile input, query budget."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.search.services import search_reindex
from tests.factories import (
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    WardFactory,
)
from tests.helpers import search_reindex_quiet

pytestmark = pytest.mark.django_db

SEARCH = reverse("site-search:search")
SUGGEST = reverse("site-search:suggest")


@pytest.fixture
def indexed():
    producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
    products = [
        ProductFactory(title="Mật ong rừng Tân Sơn", stockrecord__producer=producer, certification=92),
        ProductFactory(title="Mật ong hoa nhãn", stockrecord__producer=producer, stockrecord__price=Decimal(45000)),
        ProductFactory(title="Nước mắm cá cơm", certification=False),
    ]
    search_reindex(stream=io.StringIO())
    return {"producer": producer, "products": products}


def test_empty_query_shows_help(client, indexed):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert b'data-testid="search-help"' in response.content


def test_results_have_sections_and_facets(client, indexed):
    response = client.get(SEARCH, {"q": "mat ong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="search-hit"') == 3
    assert 'data-kind="producer"' in content and "Mật ong rừng Tân Sơn" in content
    assert 'data-facet="stars"' in content and 'data-facet="price_band"' in content


def test_a_facet_link_narrows_the_results_and_counts_agree(client, indexed):
    response = client.get(SEARCH, {"q": "mat ong"})
    star_option = next(o for f in response.context["facets"] if f["name"] == "stars" for o in f["options"])
    narrowed = client.get(f"{SEARCH}?{star_option['query']}")
    assert narrowed.context["results"].total == star_option["count"] == 1
    selected = next(o for f in narrowed.context["facets"] if f["name"] == "stars" for o in f["options"])
    assert selected["selected"] is True
    widened = client.get(f"{SEARCH}?{selected['query']}")  # choosing it again removes the filter
    assert widened.context["results"].total == 3


def test_filters_and_sort_from_the_query_string(client, indexed):
    cheap = indexed["products"][1]
    response = client.get(SEARCH, {"q": "mat ong", "kind": "product", "sort": "price-asc", "price_band": "under-50k"})
    assert [hit.object_id for hit in response.context["results"].hits] == [cheap.pk]
    in_stock = client.get(SEARCH, {"q": "mat ong", "in_stock": "1", "kind": ["product", "producer"]})
    assert in_stock.context["results"].total == 2  # the producer has no stock facet
    assert client.get(SEARCH, {"q": "mat ong", "in_stock": "0"}).context["results"].total == 0


def test_pagination_links(client, indexed):
    for n in range(21):
        ProductFactory(title=f"Mật ong số {n}", certification=False)
    search_reindex(stream=io.StringIO())
    first = client.get(SEARCH, {"q": "mat ong"})
    assert first.context["results"].num_pages == 2 and b'rel="next"' in first.content
    second = client.get(SEARCH, {"q": "mat ong", "page": 2})
    assert len(second.context["results"].hits) == 24 - 20 and b'rel="prev"' in second.content


@pytest.mark.parametrize(
    "query",
    [
        "",
        "'",
        '"',
        "(",
        ")]}",
        "' OR 1=1; DROP TABLE marketplace_search_searchdocument; --",
        "<script>alert('x')</script>",
        "<b>mật ong</b>",
        "🍯 mật ong 🐝",
        "NEAR(mat ong) AND * OR NOT ^",
        "%_%\\",
    ],
)
def test_hostile_queries_render_a_normal_page_escaped(client, indexed, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content and "<b>mật ong</b>" not in content


def test_a_nul_character_is_a_400_with_a_message(client, indexed):
    response = client.get(SEARCH, {"q": "mật\x00ong"})
    assert response.status_code == 400
    assert b'data-testid="search-errors"' in response.content


def test_a_very_long_query_is_a_400_with_a_message(client, indexed):
    response = client.get(SEARCH, {"q": "mật ong " * 1250})
    assert response.status_code == 400
    assert b'data-testid="search-errors"' in response.content and b"200" in response.content


@pytest.mark.parametrize(
    "params", [{"page": "x"}, {"page": "-1"}, {"stars": "9"}, {"sort": "drop"}, {"price_band": "free"}, {"kind": "x"}]
)
def test_bad_parameters_are_a_400_with_a_message(client, indexed, params):
    response = client.get(SEARCH, {"q": "mat ong", **params})
    assert response.status_code == 400
    assert b'data-testid="search-errors"' in response.content


def test_results_page_query_budget(client, indexed, django_assert_max_num_queries):
    for n in range(10):
        ProductFactory(title=f"Mật ong số {n}", certification=90)
    search_reindex(stream=io.StringIO())
    # A typo lookup, the count, one page, the facets (one scan), two facet-label look-ups, the page chrome
    # and the request's savepoint pair: the same however many results.
    with django_assert_max_num_queries(10):
        response = client.get(SEARCH, {"q": "mat ong nghiemm", "stars": "5"})  # "thử nghiệm", one typo
    assert response.status_code == 200 and response.context["results"].total == 11


def test_suggest_answers_from_two_letters(client, indexed):
    data = client.get(SUGGEST, {"q": "ma"}).json()
    titles = [s["title"] for s in data["suggestions"]]
    assert "Mật ong rừng Tân Sơn" in titles and len(titles) <= 10
    assert all(s["url"] for s in data["suggestions"])
    assert client.get(SUGGEST, {"q": "m"}).json()["suggestions"] == []
    assert client.get(SUGGEST, {"q": "mat on"}).json()["suggestions"][0]["title"].startswith("Mật ong")


def test_suggest_hostile_and_long_input(client, indexed, django_assert_max_num_queries):
    for query in ["'", "<script>", "🍯", "%", ""]:
        response = client.get(SUGGEST, {"q": query})
        assert response.status_code == 200 and response.json()["suggestions"] == []
    response = client.get(SUGGEST, {"q": "a" * 10_000})
    assert response.status_code == 400 and "200" in response.json()["error"]
    with django_assert_max_num_queries(3):  # the request's savepoint pair and one query
        assert client.get(SUGGEST, {"q": "mat"}).status_code == 200


def test_english_page_links_to_english_pages(client, indexed):
    response = client.get("/en/search/", {"q": "mat ong", "kind": "product"})
    assert response.status_code == 200
    links = [hit.url for _title, hits in response.context["sections"] for hit in hits]
    assert links and all(url.startswith("/en/") for url in links)
    suggestions = client.get("/en/search/suggest/", {"q": "mat"}).json()["suggestions"]
    assert suggestions and all(s["url"].startswith("/en/") for s in suggestions)


def test_near_a_point_from_the_query_string(client, indexed):
    from oscar.core.loading import get_model

    get_model("partner", "Partner").objects.filter(pk=indexed["producer"].pk).update(latitude=21.32, longitude=105.40)
    search_reindex(stream=io.StringIO())
    response = client.get(SEARCH, {"lat": "21.3", "lon": "105.4", "km": "10", "sort": "distance", "kind": "producer"})
    assert response.status_code == 200
    assert [hit.object_id for hit in response.context["results"].hits] == [indexed["producer"].pk]
    content = response.content.decode()
    assert 'data-testid="search-near"' in content and 'name="lat" value="21.300000"' in content
    # "Search everywhere" drops the point and the distance sort, keeps the rest.
    everywhere = response.context["without_near"]
    assert "lat=" not in everywhere and "sort=" not in everywhere and "kind=producer" in everywhere
    assert b'data-testid="search-near"' not in client.get(f"{SEARCH}?{everywhere}").content


def test_prices_show_in_dong(client, indexed):
    content = client.get(SEARCH, {"q": "hoa nhan"}).content.decode()
    assert "45.000" in content and "₫" in content and "45000" not in content


@pytest.mark.parametrize("params", [{"lat": "21.3"}, {"lat": "91", "lon": "105"}, {"lat": "x", "lon": "1"}])
def test_bad_points_are_a_400_with_a_message(client, indexed, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 400 and b'data-testid="search-errors"' in response.content


def test_facet_links_toggle_one_filter_keep_the_rest_and_drop_the_page(rf):
    from marketplace.search.facets import facet_labels

    request = rf.get(SEARCH, {"q": "mật ong", "stars": "4", "kind": "product", "page": "3"})
    facets = {"stars": [(4, 2), (5, 1)], "in_stock": [(True, 3)], "kind": [("product", 3)]}
    options = {(f["name"], o["value"]): o for f in facet_labels(facets=facets, request=request) for o in f["options"]}
    q = "q=m%E1%BA%ADt+ong"
    assert options[("stars", "4")]["selected"] and options[("stars", "4")]["query"] == f"{q}&kind=product"
    assert options[("stars", "5")]["query"] == f"{q}&stars=4&stars=5&kind=product"
    assert options[("in_stock", "1")]["query"] == f"{q}&stars=4&kind=product&in_stock=1"
    assert options[("kind", "product")]["query"] == f"{q}&stars=4"


# Place facets: a slug resolved by kind, communes named with their province -------------------------------------------


ProductCategory = get_model("catalogue", "ProductCategory")


def _facet(response, name):
    return {o["value"]: o["label"] for f in response.context["facets"] if f["name"] == name for o in f["options"]}


@pytest.fixture
def clashing_places():
    """Slugs that clash across kinds and provinces, as in the real 2025 map: the ward "Phường Phú Thọ" of the
    province Phú Thọ is ``phu-tho``; "Xã Quảng Ninh" (in Quảng Trị) is ``quang-ninh`` like the province; and
    both provinces have a commune ``tan-son``."""
    phu_tho = ProvinceFactory()
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", slug="quang-ninh")
    quang_tri = ProvinceFactory(code="44", name="Tỉnh Quảng Trị", short_name="Quảng Trị", slug="quang-tri")
    ward_phu_tho = WardFactory(
        code="07990", name="Phường Phú Thọ", short_name="Phú Thọ", slug="phu-tho", parent=phu_tho
    )
    xa_quang_ninh = WardFactory(
        code="19990", name="Xã Quảng Ninh", short_name="Quảng Ninh", slug="quang-ninh", parent=quang_tri, kind="commune"
    )
    tan_son_phu_tho = WardFactory(
        code="07991", name="Xã Tân Sơn", short_name="Tân Sơn", slug="tan-son", parent=phu_tho, kind="commune"
    )
    tan_son_quang_ninh = WardFactory(
        code="06991", name="Xã Tân Sơn", short_name="Tân Sơn", slug="tan-son", parent=quang_ninh, kind="commune"
    )
    for n, region in enumerate([ward_phu_tho, xa_quang_ninh, tan_son_phu_tho, tan_son_quang_ninh]):
        ProductFactory(title=f"Chè đặc sản {n}", stockrecord__producer=ProducerFactory(name=f"HTX {n}", region=region))
    search_reindex_quiet()
    return {"phu_tho": phu_tho, "quang_ninh": quang_ninh, "quang_tri": quang_tri}


def test_province_facet_shows_provinces_not_wards_with_the_same_slug(client, clashing_places):
    response = client.get(SEARCH, {"q": "che dac san", "kind": "product"})
    assert response.status_code == 200
    assert _facet(response, "province") == {
        "phu-tho": "Tỉnh Phú Thọ",
        "quang-tri": "Tỉnh Quảng Trị",
        "quang-ninh": "Tỉnh Quảng Ninh",
    }
    content = response.content.decode()
    assert "Tỉnh Phú Thọ" in content and "Tỉnh Quảng Trị" in content


def test_commune_facet_waits_for_a_province_when_results_span_several(client, clashing_places):
    response = client.get(SEARCH, {"q": "che dac san", "kind": "product"})
    assert response.context["results"].facets["commune"]  # the backend counted them...
    assert _facet(response, "commune") == {}  # ...but a slug may name a commune in each province: drill down first
    assert 'data-facet="province"' in response.content.decode()
    assert 'data-facet="commune"' not in response.content.decode()


def test_a_chosen_commune_across_provinces_names_each_of_them(client, clashing_places):
    # commune=tan-son alone matches the Tân Sơn of both provinces: the label says so, and it can be unchosen.
    response = client.get(SEARCH, {"q": "che dac san", "commune": "tan-son"})
    assert response.context["results"].total == 2
    assert _facet(response, "commune") == {"tan-son": "Xã Tân Sơn (Quảng Ninh); Xã Tân Sơn (Phú Thọ)"}
    option = next(o for f in response.context["facets"] if f["name"] == "commune" for o in f["options"])
    assert option["selected"] and option["query"] == "q=che+dac+san"


def test_results_in_one_province_show_plain_commune_names(client, clashing_places):
    response = client.get(SEARCH, {"q": "che dac san 1"})  # Xã Quảng Ninh, in Quảng Trị
    assert response.context["results"].total == 1
    assert _facet(response, "province") == {"quang-tri": "Tỉnh Quảng Trị"}
    assert _facet(response, "commune") == {"quang-ninh": "Xã Quảng Ninh"}


def test_commune_facet_within_the_chosen_province_is_the_plain_name(client, clashing_places):
    response = client.get(SEARCH, {"q": "che dac san", "province": "phu-tho"})
    assert response.context["results"].total == 2
    assert _facet(response, "province") == {"phu-tho": "Tỉnh Phú Thọ"}
    assert _facet(response, "commune") == {"phu-tho": "Phường Phú Thọ", "tan-son": "Xã Tân Sơn"}
    quang_ninh = client.get(SEARCH, {"q": "che dac san", "province": "quang-ninh"})
    assert _facet(quang_ninh, "province") == {"quang-ninh": "Tỉnh Quảng Ninh"}
    assert _facet(quang_ninh, "commune") == {"tan-son": "Xã Tân Sơn"}


def test_place_values_without_a_region_keep_their_slug(rf, clashing_places):
    from marketplace.search.facets import facet_labels

    request = rf.get(SEARCH, {"q": "x", "province": "phu-tho"})
    facets = {"province": [("nope", 1), ("phu-tho", 1)], "commune": [("quang-ninh", 1), ("ghost", 1)]}
    labels = {
        (f["name"], o["value"]): o["label"] for f in facet_labels(facets=facets, request=request) for o in f["options"]
    }
    assert labels[("province", "phu-tho")] == "Tỉnh Phú Thọ"
    assert labels[("province", "nope")] == "nope"
    # Xã Quảng Ninh is in Quảng Trị, not among the chosen provinces: not mistaken for another place.
    assert labels[("commune", "quang-ninh")] == "quang-ninh"
    assert labels[("commune", "ghost")] == "ghost"


def test_place_facet_labels_read_in_one_query_however_many_places(rf, clashing_places, django_assert_num_queries):
    from marketplace.search.facets import facet_labels

    request = rf.get(SEARCH, {"q": "x"})
    few = {"province": [("phu-tho", 1)]}
    many = {
        "province": [("phu-tho", 2), ("quang-ninh", 1), ("quang-tri", 1)],
        "commune": [("phu-tho", 1), ("quang-ninh", 1), ("tan-son", 2)],
    }
    chosen = rf.get(SEARCH, {"q": "x", "commune": "tan-son"})  # the commune facet is shown
    for facets, asked in ((few, request), (many, request), (many, chosen)):
        with django_assert_num_queries(1):
            labels = facet_labels(facets=facets, request=asked)
    assert {f["name"] for f in labels} == {"province", "commune"}
    with django_assert_num_queries(0):
        facet_labels(facets={"stars": [(4, 1)]}, request=request)


def test_results_page_query_count_does_not_grow_with_places(client, clashing_places):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH, {"q": "che dac san"})
        assert response.status_code == 200
        return len(captured)

    queries()  # warm the caches
    before = queries()
    for n in range(6):
        province = ProvinceFactory(code=f"9{n}", name=f"Tỉnh Thử {n}", short_name=f"Thử {n}", slug=f"thu-{n}")
        ward = WardFactory(
            code=f"9900{n}", name=f"Phường Thử {n}", short_name=f"Thử {n}", slug=f"thu-{n}", parent=province
        )
        ProductFactory(
            title=f"Chè đặc sản thêm {n}", stockrecord__producer=ProducerFactory(name=f"HTX thêm {n}", region=ward)
        )
    search_reindex_quiet()
    assert queries() == before
