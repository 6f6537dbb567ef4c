"""Markup fixes from the UX review: the home page's title, pagination wording, the regions index's order."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.factories import NewsIndexPageFactory, NewsPageFactory, ProducerFactory, ProvinceFactory, WardFactory


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


# Home page title (#26) ---------------------------------------------------------------------------------------------


def test_home_page_title_names_the_site_once(client, home_page, settings):
    title = _title(client.get("/").content.decode())
    assert title == f"{home_page.title} – {settings.OSCAR_SHOP_TAGLINE}"
    assert f"| {settings.OSCAR_SHOP_NAME}" not in title


def test_home_page_seo_title_is_used_as_it_is(client, home_page):
    home_page.seo_title = "Đặc sản OCOP Phú Thọ chính hãng"
    home_page.save()
    assert _title(client.get("/").content.decode()) == "Đặc sản OCOP Phú Thọ chính hãng"


def test_news_page_title_ends_like_the_other_pages(client, home_page, settings):
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), title="Mùa chè")
    title = _title(client.get(news.url).content.decode())
    assert title == f"Mùa chè | {settings.OSCAR_SHOP_NAME} – {settings.OSCAR_SHOP_TAGLINE}"


# Pagination (#19) ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, previous, following, current",
    [("vi", "Trang trước", "Trang sau", "Trang 2 / 3"), ("en", "Previous", "Next", "Page 2 of 3")],
)
def test_catalogue_pagination_says_previous_and_next_page(language, previous, following, current):
    paginator = Paginator(range(60), 24)
    request = RequestFactory().get("/shop/", {"page": "2", "sort": "newest"})
    with translation.override(language):
        html = render_to_string(
            "oscar/partials/pagination.html",
            {"paginator": paginator, "page_obj": paginator.page(2), "request": request},
        )
    links = re.findall(r'rel="(prev|next)" href="([^"]+)">([^<]+)</a>', html)
    found = {rel: (href, text.strip()) for rel, href, text in links}
    assert found["prev"] == ("?sort=newest&amp;page=1", previous)
    assert found["next"] == ("?sort=newest&amp;page=3", following)
    assert current in html
    assert 'tabindex="-1"' not in html  # the previous link can be reached with the keyboard


def test_catalogue_pagination_is_absent_on_a_single_page():
    paginator = Paginator(range(5), 24)
    html = render_to_string(
        "oscar/partials/pagination.html",
        {"paginator": paginator, "page_obj": paginator.page(1), "request": RequestFactory().get("/shop/")},
    )
    assert html.strip() == ""


def test_news_pagination_uses_the_same_wording(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for number in range(25):
        NewsPageFactory(parent=index, title=f"Tin số {number}")
    html = client.get(index.url).content.decode()
    assert 'class="pagination' in html
    assert re.search(r'rel="next">Trang sau</a>', html)
    assert ">sau<" not in html and ">trước<" not in html
    last = client.get(index.url, {"page": "2"}).content.decode()
    assert re.search(r'rel="prev">Trang trước</a>', last)


# Regions index: provinces with producers first, the others folded away -------------------------------------------


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
