import re

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.core import pagination
from marketplace.core.pagination import CachedCountPaginator
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProductFactory,
)

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CACHE_MIN", 3)


def test_a_large_total_is_counted_once_then_read_from_the_cache(small_threshold, django_assert_num_queries):
    for _ in range(3):
        ProductFactory(certification=False)
    products = Product.objects.order_by("pk")
    with django_assert_num_queries(1):
        assert CachedCountPaginator(products, 2).count == 3
    with django_assert_num_queries(0):
        assert CachedCountPaginator(products, 2).count == 3
    with django_assert_num_queries(1):  # another query, another key
        assert CachedCountPaginator(products.filter(pk__gt=0), 2).count == 3


def test_a_cached_total_is_refreshed_when_it_expires(small_threshold):
    for _ in range(3):
        ProductFactory(certification=False)
    products = Product.objects.order_by("pk")
    assert CachedCountPaginator(products, 10).count == 3
    ProductFactory(certification=False)
    assert CachedCountPaginator(products, 10).count == 3  # up to two minutes old, by design
    cache.clear()
    assert CachedCountPaginator(products, 10).count == 4


def test_small_totals_are_always_fresh(django_assert_num_queries):
    ProductFactory(certification=False)
    products = Product.objects.order_by("pk")
    assert CachedCountPaginator(products, 10).count == 1
    ProductFactory(certification=False)
    with django_assert_num_queries(1):
        assert CachedCountPaginator(products, 10).count == 2


# Deep pages are read by a deferred join: the same products, in the same order, as plain slicing.


@pytest.mark.parametrize("sort", ["newest", "price-asc", "price-desc", "stars"])
def test_deep_pages_hold_the_same_products_as_plain_slicing(sort):
    from decimal import Decimal

    from django.core.paginator import Paginator

    from catalogue.selectors import product_list_storefront

    for index in range(11):
        # Equal prices and stars on purpose: ties are broken by the primary key on every page.
        ProductFactory(stockrecord__price=Decimal(10000 * (index % 3 + 1)), certification=60 + 10 * (index % 3))
    products = product_list_storefront(sort=sort)
    pages = [list(CachedCountPaginator(products, 3).page(n)) for n in range(1, 5)]
    assert pages == [list(Paginator(products, 3).page(n)) for n in range(1, 5)]
    assert sorted(p.pk for page in pages for p in page) == sorted(Product.objects.values_list("pk", flat=True))
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    # Annotations are still there on a deep page.
    assert all(p.ocop_stars in (3, 4) for p in pages[3])


def test_a_deep_page_reads_its_rows_through_a_subquery_on_their_keys(django_assert_num_queries):
    for _ in range(5):
        ProductFactory(certification=False, stockrecord=False)
    products = Product.objects.order_by("-date_created", "-pk")
    page = CachedCountPaginator(products, 2).page(2)
    sql = str(page.object_list.query).upper()
    assert "IN (SELECT" in sql and "OFFSET" in sql
    with django_assert_num_queries(1):
        assert len(list(page)) == 2
    assert "IN (SELECT" not in str(CachedCountPaginator(products, 2).page(1).object_list.query).upper()


def test_a_list_that_is_not_a_queryset_is_sliced():
    assert list(CachedCountPaginator(list(range(7)), 3).page(3)) == [6]


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-1", "page=999", "page=2.5", "page=%3Cscript%3E"])
def test_a_bad_page_parameter_is_404_not_an_error(client, query):
    for _ in range(3):
        ProductFactory()
    assert client.get(f"/shop/?{query}").status_code == 404


def test_page_last_and_a_real_deep_page_work(client, monkeypatch):
    from catalogue import views

    for index in range(5):
        ProductFactory(title=f"Sản phẩm trang {index}")
    monkeypatch.setattr(views.CatalogueView, "paginate_by", 2)
    last = client.get("/shop/?page=last")
    second = client.get("/shop/?page=2&sort=price-asc")
    assert last.status_code == 200 and last.content.decode().count('class="product-card"') == 1
    html = second.content.decode()
    assert html.count('class="product-card"') == 2
    assert "page=1" in html and "page=3" in html and "sort=price-asc" in html  # links keep the filters


def test_a_named_count_is_cached_under_its_name_without_compiling_the_query(small_threshold, monkeypatch):
    for _ in range(3):
        ProductFactory(certification=False)
    products = Product.objects.order_by("pk")
    assert CachedCountPaginator(products, 2, count_key="all").count == 3
    ProductFactory(certification=False)
    monkeypatch.setattr(type(products.query), "sql_with_params", lambda self: pytest.fail("compiled for the key"))
    assert CachedCountPaginator(products, 2, count_key="all").count == 3  # the cached total, by its name
    assert CachedCountPaginator(products, 2, count_key="other").count == 4  # another name, counted afresh


def test_catalogue_totals_are_named_by_their_filters_place_group_and_day(client, small_threshold, groups):
    import datetime

    from catalogue.selectors import product_list_count_key

    for _ in range(3):
        ProductFactory(certification=95)
    tea = ProductFactory(certification=75)
    tea.categories.add(groups["tea"])
    # Each list its own total, though all are cached: no total is shown for another list.
    assert "4 sản phẩm" in client.get("/shop/").content.decode()
    assert "3 sản phẩm" in client.get("/shop/?stars=5").content.decode()
    assert "1 sản phẩm" in client.get("/shop/?stars=4").content.decode()
    assert "1 sản phẩm" in client.get(groups["tea"].get_absolute_url()).content.decode()
    assert "4 sản phẩm" in client.get("/shop/?sort=price-asc").content.decode()
    day = datetime.date(2026, 1, 1)
    key = product_list_count_key(filters={"stars": [5, 4]}, today=day)
    assert key == product_list_count_key(filters={"stars": [4, 5]}, today=day)
    assert key != product_list_count_key(filters={"stars": [5, 4]}, today=day + datetime.timedelta(days=1))
    assert key != product_list_count_key(category=groups["tea"], filters={"stars": [5, 4]}, today=day)


def test_a_list_that_can_match_nothing_counts_zero_without_a_query(django_assert_num_queries):
    paginator = CachedCountPaginator(Product.objects.filter(pk__in=[]).order_by("pk"), 24)
    with django_assert_num_queries(0):
        assert paginator.count == 0
    assert list(paginator.get_page(1).object_list) == []


# The pagination partial's wording, in the catalogue and the news -----------------------------------------------------


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
    assert re.search(r'rel="next"[^>]*>Trang sau</a>', html)
    assert ">sau<" not in html and ">trước<" not in html
    last = client.get(index.url, {"page": "2"}).content.decode()
    assert re.search(r'rel="prev"[^>]*>Trang trước</a>', last)


# One pager for every list: its links keep the list's other parameters (search words, filters, sorts) ----------------


def _pager_links(html: str) -> dict[str, str]:
    return {rel: href.replace("&amp;", "&") for rel, href in re.findall(r'rel="(prev|next)" href="([^"]+)"', html)}


def test_the_producer_directory_keeps_its_type_filter_across_pages(client, monkeypatch, django_assert_max_num_queries):
    from marketplace.partner import views

    for index in range(3):
        ProducerFactory(name=f"HTX Thử {index}", slug=f"htx-thu-{index}", legal_type="cooperative")
    ProducerFactory(name="Hộ Thử", slug="ho-thu", legal_type="household")
    monkeypatch.setattr(views.ProducerListView, "paginate_by", 2)
    with django_assert_max_num_queries(12):
        first = client.get("/producers/", {"type": "cooperative"}).content.decode()
    assert _pager_links(first) == {"next": "?type=cooperative&page=2"}
    second = client.get("/producers/" + _pager_links(first)["next"]).content.decode()
    assert "HTX Thử 2" in second and "Hộ Thử" not in second
    assert _pager_links(second) == {"prev": "?type=cooperative&page=1"}


def test_the_search_results_keep_the_words_and_filters_across_pages(client, monkeypatch, django_assert_max_num_queries):
    import io

    from marketplace.search import views
    from marketplace.search.services import search_reindex

    for index in range(3):
        ProductFactory(title=f"Mật ong rừng số {index}", certification=75)
    search_reindex(stream=io.StringIO())
    monkeypatch.setattr(views, "PER_PAGE", 2)
    with django_assert_max_num_queries(20):
        first = client.get("/search/", {"q": "mat ong", "kind": "product"}).content.decode()
    assert _pager_links(first) == {"next": "?q=mat+ong&kind=product&page=2"}
    second = client.get("/search/" + _pager_links(first)["next"]).content.decode()
    assert second.count('data-testid="search-hit"') == 1
    assert _pager_links(second) == {"prev": "?q=mat+ong&kind=product&page=1"}


def test_the_officers_application_list_keeps_its_status_filter_across_pages(
    client, monkeypatch, django_assert_max_num_queries
):
    from marketplace.onboarding import dashboard_views

    for _ in range(3):
        ProducerApplicationFactory(status="rejected", rejection_reason="Thiếu bản scan")
    ProducerApplicationFactory()
    client.force_login(OfficerFactory())
    monkeypatch.setattr(dashboard_views.ApplicationListView, "paginate_by", 2)
    with django_assert_max_num_queries(25):
        first = client.get("/dashboard/producer-applications/", {"status": "rejected"}).content.decode()
    assert _pager_links(first) == {"next": "?status=rejected&page=2"}
    second = client.get("/dashboard/producer-applications/" + _pager_links(first)["next"])
    assert len(second.context["applications"]) == 1
    assert _pager_links(second.content.decode()) == {"prev": "?status=rejected&page=1"}


def test_the_news_list_keeps_other_parameters_and_lists_its_items(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for number in range(13):
        NewsPageFactory(parent=index, title=f"Tin số {number}")
    html = client.get(index.url, {"utm_source": "zalo"}).content.decode()
    assert html.count('<article class="page-card">') == 12
    assert _pager_links(html) == {"next": "?utm_source=zalo&page=2"}
    last = client.get(index.url + _pager_links(html)["next"]).content.decode()
    assert last.count('<article class="page-card">') == 1
    assert _pager_links(last) == {"prev": "?utm_source=zalo&page=1"}


def test_the_pager_takes_the_search_results_shape_and_says_nothing_for_one_page():
    from types import SimpleNamespace

    from django.http import QueryDict

    from marketplace.core.pagination import page_links

    results = SimpleNamespace(page=2, num_pages=3)
    assert page_links(page=results, query=QueryDict("q=ch%C3%A8&page=2")) == {
        "number": 2,
        "count": 3,
        "previous_url": "?q=ch%C3%A8&page=1",
        "next_url": "?q=ch%C3%A8&page=3",
    }
    assert page_links(page=SimpleNamespace(page=1, num_pages=1), query=QueryDict()) is None
    assert page_links(page=None, query=QueryDict()) is None


def test_the_promotions_and_news_lists_share_one_template_and_keep_their_own_words(client, home_page):
    from tests.factories import PromotionIndexPageFactory, PromotionPageFactory

    promotions = PromotionIndexPageFactory(parent=home_page)
    PromotionPageFactory(parent=promotions, title="Tuần lễ chè Phú Thọ")
    news = NewsIndexPageFactory(parent=home_page)
    listed = client.get(promotions.url)
    empty = client.get(news.url)
    assert [template.name for template in listed.templates][0] == "cms/list_page.html"
    assert [template.name for template in empty.templates][0] == "cms/list_page.html"
    assert "Tuần lễ chè Phú Thọ" in listed.content.decode()
    assert listed.context["promotions"] is listed.context["list_items"]
    with translation.override("vi"):
        no_news = str(type(news).empty_message)
    assert no_news and f'<p class="nonefound">{no_news}</p>' in empty.content.decode()
