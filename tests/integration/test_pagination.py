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
