"""The database backend's answer cache: hits skip the database, a changed index is never answered from
before the change, and keys keep queries, filters, pages and sorts apart."""

import io

import pytest
from django.core.cache import cache
from django.test import override_settings
from oscar.core.loading import get_model

from marketplace.search import cache as search_cache
from marketplace.search.backends import database
from marketplace.search.selectors import search_query, search_suggest
from marketplace.search.services import search_index_object, search_reindex, search_remove_object
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture(autouse=True)
def cached():
    cache.clear()
    with override_settings(SEARCH_CACHE_SECONDS=60):
        yield
    cache.clear()


@pytest.fixture
def honey():
    producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
    products = [
        ProductFactory(title=f"Mật ong rừng số {n}", stockrecord__producer=producer, certification=70 + n)
        for n in range(5)
    ]
    search_reindex(stream=io.StringIO())
    search_cache.search_index_changed()
    return products


def test_a_repeated_query_is_answered_without_the_database(honey, django_assert_num_queries):
    first = search_query(text="mat ong", per_page=2)
    with django_assert_num_queries(0):
        again = search_query(text="mat ong", per_page=2)
    assert again == first and first.total == 6  # five products and the producer


def test_another_page_reuses_the_facets_and_reads_only_its_page(honey, django_assert_num_queries):
    first = search_query(text="mat ong", kinds=["product"], per_page=2)
    with django_assert_num_queries(1):  # the page; no facet scan, no typo lookup for short words
        second = search_query(text="mat ong", kinds=["product"], per_page=2, page=2)
    assert second.facets == first.facets and second.total == first.total == 5
    assert not {hit.object_id for hit in first.hits} & {hit.object_id for hit in second.hits}
    by_price = search_query(text="mat ong", kinds=["product"], per_page=2, sort="price-asc")
    assert by_price.total == 5 and by_price.hits != [] and by_price is not first


def test_queries_filters_and_marks_do_not_share_answers(honey):
    assert search_query(text="mat ong").total == 6
    assert search_query(text="mat ong", kinds=["producer"]).total == 1
    assert search_query(text="mat ong", filters={"stars": [5]}).total == 0
    assert search_query(text="rung").total == 5
    # The same words with marks rank by the exact marks: a key of their own.
    assert search_query(text="mat ong", kinds=["product"]).hits[0].score == 2  # the folded title
    assert search_query(text="mật ong", kinds=["product"]).hits[0].score == 8  # the exact title


def test_an_index_change_is_seen_at_once(honey, django_capture_on_commit_callbacks):
    assert search_query(text="mat ong", kinds=["product"]).total == 5
    Product.objects.filter(pk=honey[0].pk).update(is_public=False)
    # The index service itself moves the version on, once its write commits.
    with django_capture_on_commit_callbacks(execute=True):
        search_index_object(kind="product", pk=honey[0].pk)
        assert search_query(text="mat ong", kinds=["product"]).total == 5  # not committed yet
    assert search_query(text="mat ong", kinds=["product"]).total == 4
    with django_capture_on_commit_callbacks(execute=True):
        search_remove_object(kind="product", pk=honey[1].pk)
    assert search_query(text="mat ong", kinds=["product"]).total == 3


def test_the_version_changes_only_when_the_write_commits(honey, django_capture_on_commit_callbacks):
    before = search_cache.search_index_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        search_cache.search_index_changed()
        assert search_cache.search_index_version() == before  # not yet committed
    assert len(callbacks) == 1
    assert search_cache.search_index_version() != before


def test_a_flushed_cache_starts_a_new_version(honey):
    version = search_cache.search_index_version()
    assert search_cache.search_index_version() == version
    cache.clear()
    assert search_cache.search_index_version() not in (None, "", version)


def test_suggestions_are_cached_too(honey, django_assert_num_queries):
    first = search_suggest(prefix="mat o")
    # The five products (their titles begin with the words) and their producer (whose name contains them).
    assert sorted(s.title for s in first) == ["HTX Mật ong Tân Sơn"] + [f"Mật ong rừng số {n}" for n in range(5)]
    with django_assert_num_queries(0):
        assert search_suggest(prefix="mat o") == first
    assert search_suggest(prefix="m") == []


def test_without_the_setting_nothing_is_cached(honey, django_assert_num_queries):
    with override_settings(SEARCH_CACHE_SECONDS=0):
        search_query(text="mat ong")
        with django_assert_num_queries(2):  # the facets (with the count) and the page, every time
            search_query(text="mat ong")


def test_facets_keep_the_most_frequent_values(honey, monkeypatch):
    monkeypatch.setattr(database, "FACET_SIZE", 2)
    with override_settings(SEARCH_CACHE_SECONDS=0):
        results = search_query(text="mat ong")
    assert results.total == 6
    assert all(len(values) <= 2 for values in results.facets.values())
    stars = results.facets["stars"]
    assert stars == sorted(stars, key=lambda item: (-item[1], str(item[0])))
