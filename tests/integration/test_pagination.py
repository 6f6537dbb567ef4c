import pytest
from django.core.cache import cache
from oscar.core.loading import get_model

from marketplace.core import pagination
from marketplace.core.pagination import CachedCountPaginator
from tests.factories import ProductFactory

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
