"""Browsing the catalogue: filters combine, sorts order, bad parameters are reported and ignored."""

import datetime
import re
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.regions.models import Region
from tests.factories import CountryFactory, ProducerFactory, ProductFactory

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(r'class="product-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def shelf(groups):
    """Five products across stars, prices, places, producer types and stock."""
    province = Region.objects.create(
        code="99", name="Tỉnh Thử", short_name="Thử", slug="thu", kind="province", parent=CountryFactory()
    )
    ward = Region.objects.create(
        code="99001", name="Phường Một", short_name="Một", slug="mot", kind="ward", parent=province
    )
    coop = ProducerFactory(legal_type=Partner.LegalType.COOPERATIVE)
    village = ProducerFactory(legal_type=Partner.LegalType.CRAFT_VILLAGE, region=ward)
    made = {
        "Chè năm sao": ProductFactory(
            title="Chè năm sao", certification=95, stockrecord__price=Decimal("300000"), stockrecord__producer=coop
        ),
        "Mật ong bốn sao": ProductFactory(
            title="Mật ong bốn sao", certification=80, stockrecord__price=Decimal("120000"), stockrecord__producer=coop
        ),
        "Nón ba sao": ProductFactory(
            title="Nón ba sao", certification=55, stockrecord__price=Decimal("40000"), stockrecord__producer=village
        ),
        "Rượu hết hàng": ProductFactory(
            title="Rượu hết hàng",
            certification=75,
            stockrecord__price=Decimal("90000"),
            stockrecord__num_in_stock=0,
            stockrecord__producer=village,
        ),
        "Bánh chờ đánh giá": ProductFactory(
            title="Bánh chờ đánh giá",
            certification=70,
            certification__decision_date=datetime.date(2020, 1, 1),
            stockrecord__producer=coop,
        ),
    }
    made["Chè năm sao"].categories.add(groups["tea"])
    made["Mật ong bốn sao"].categories.add(groups["honey-farm-foods"])
    made["Nón ba sao"].categories.add(groups["household-decor"])
    return made


def test_certified_products_by_default_and_all_on_request(client, shelf):
    assert "Bánh chờ đánh giá" not in _titles(client.get("/shop/"))
    assert "Bánh chờ đánh giá" in _titles(client.get("/shop/?show=all"))


def test_filter_by_stars(client, shelf):
    assert sorted(_titles(client.get("/shop/?stars=5&stars=3"))) == ["Chè năm sao", "Nón ba sao"]


def test_filter_by_price_band(client, shelf):
    assert _titles(client.get("/shop/?price=100k-200k")) == ["Mật ong bốn sao"]
    assert _titles(client.get("/shop/?price=under-50k")) == ["Nón ba sao"]


def test_filter_by_place_and_producer_type_combine(client, shelf):
    assert sorted(_titles(client.get("/shop/?province=thu"))) == ["Nón ba sao", "Rượu hết hàng"]
    assert _titles(client.get("/shop/?province=thu&commune=mot&stars=3")) == ["Nón ba sao"]
    assert sorted(_titles(client.get("/shop/?legal_type=cooperative"))) == ["Chè năm sao", "Mật ong bốn sao"]


def test_in_stock_only(client, shelf):
    titles = _titles(client.get("/shop/?in_stock=on"))
    assert "Rượu hết hàng" not in titles and "Chè năm sao" in titles


def test_sorts(client, shelf):
    assert _titles(client.get("/shop/?sort=price-asc")) == [
        "Nón ba sao",
        "Rượu hết hàng",
        "Mật ong bốn sao",
        "Chè năm sao",
    ]
    assert _titles(client.get("/shop/?sort=price-desc"))[0] == "Chè năm sao"
    assert _titles(client.get("/shop/?sort=stars"))[0] == "Chè năm sao"


def test_group_page_filters_within_the_group(client, shelf, groups):
    assert _titles(client.get(groups["food"].get_absolute_url() + "?stars=4")) == ["Mật ong bốn sao"]


@pytest.mark.parametrize(
    "query",
    [
        "stars=9",
        "price=free",
        "sort=random",
        "province=no-such-place",
        "legal_type=pirate",
        "stars=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_bad_parameters_are_reported_and_ignored(client, shelf, query):
    response = client.get(f"/shop/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-warning"' in html
    assert "<script>alert(1)" not in html
    assert len(_titles(response)) == 4  # every certified product: the bad filter is ignored


def test_a_bad_parameter_does_not_drop_the_good_ones(client, shelf):
    assert _titles(client.get("/shop/?stars=9&price=under-50k")) == ["Nón ba sao"]


@pytest.mark.parametrize("count", [5, 50])
def test_filtered_catalogue_query_budget_is_flat(client, groups, django_assert_max_num_queries, count):
    for index in range(count):
        ProductFactory(certification=50 + index % 50, stockrecord__price=Decimal(1000 * (index + 1)))
    client.get("/shop/")  # first view of the placeholder image stores its thumbnail once
    with django_assert_max_num_queries(12):
        response = client.get("/shop/?stars=3&stars=4&stars=5&in_stock=on&sort=price-asc&legal_type=cooperative")
    assert response.status_code == 200


# The filter sidebar of an unfiltered listing is cached (the same HTML for everyone); a filtered one is not.


def _checked_stars(response) -> list[str]:
    return re.findall(r'name="stars" value="(\d)"[^>]*checked', response.content.decode())


def test_the_cached_filter_sidebar_never_shows_another_visitors_choices(client, shelf):
    assert _checked_stars(client.get("/shop/")) == []
    assert _checked_stars(client.get("/shop/?stars=5")) == ["5"]
    assert _checked_stars(client.get("/shop/?stars=4&page=1")) == ["4"]
    assert _checked_stars(client.get("/shop/")) == []
    assert "selected>Thử" in client.get("/shop/?province=thu").content.decode()
    assert "selected>Thử" not in client.get("/shop/").content.decode()


def test_the_cached_filter_sidebar_keeps_its_clear_link_and_its_group_per_page(client, shelf, groups):
    assert "Clear filters" not in client.get("/en/shop/").content.decode()
    assert "Clear filters" in client.get("/en/shop/?page=1").content.decode()
    assert "Clear filters" not in client.get("/en/shop/").content.decode()

    def current_group(html):
        return re.findall(r'<a href="([^"]+)" aria-current="page">', html.split('class="group-list"')[1])

    food = groups["food"].get_absolute_url()
    assert current_group(client.get(food).content.decode()) == [food]
    assert current_group(client.get("/shop/").content.decode()) == []


def test_the_cached_filter_sidebar_is_per_language(client, shelf):
    assert 'id="filters-title">Filter<' in client.get("/en/shop/").content.decode()
    assert 'id="filters-title">Filter<' not in client.get("/shop/").content.decode()


def test_the_cached_filter_sidebar_follows_a_new_reading_of_the_places(client, shelf):
    from django.core.cache import cache

    assert "Thử (1)" in client.get("/shop/").content.decode()
    ProducerFactory(region=Region.objects.get(slug="mot"))
    assert "Thử (1)" in client.get("/shop/").content.decode()  # the sidebar's data is kept ten minutes
    cache.delete("catalogue:sidebar")  # as when it expires
    assert "Thử (2)" in client.get("/shop/").content.decode()


def test_a_bad_filter_is_reported_even_after_the_sidebar_is_cached(client, shelf):
    client.get("/shop/")
    client.get("/shop/?page=1")
    html = client.get("/shop/?province=no-such-place").content.decode()
    assert 'class="alert alert-warning"' in html
    assert 'class="alert alert-warning"' not in client.get("/shop/?page=1").content.decode()


def test_cards_show_their_image_whether_rendered_or_from_the_cache(client, shelf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def images(html):
        return re.findall(r'class="product-card__image"[^>]*>\s*<img src="([^"]+)"', html)

    from django.core.cache import cache

    client.get("/shop/")  # the placeholder's thumbnail is stored on its first view
    cache.clear()  # no card cached
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/shop/").content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get("/shop/").content.decode()
    assert len(images(first)) == 4 and images(first) == images(again)
    # Images are read only for the cards not in the cache: once on the cold page, not on the warm one.
    assert len([q for q in cold.captured_queries if "catalogue_productimage" in q["sql"]]) == 1
    assert not [q for q in warm.captured_queries if "catalogue_productimage" in q["sql"]]
