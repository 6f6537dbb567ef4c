"""The search contract: the same fixtures and expectations on every backend.

It runs on whichever database DATABASE_URL selects (SQLite: FTS5; PostgreSQL: tsvector + pg_trgm), so CI
runs it once per database. Elasticsearch joins when that backend exists.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.services import category_ensure_ocop_groups
from marketplace.search.models import SearchDocument
from marketplace.search.selectors import search_query, search_suggest
from marketplace.search.services import (
    search_index_enqueue,
    search_index_object,
    search_reindex,
    search_remove_object,
)
from tests.factories import FormerUnitFactory, ProducerFactory, ProductFactory, ProvinceFactory, WardFactory
from tests.helpers import elasticsearch_backend_for, search_hit_ids

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")


def _product(title, *, producer, price, score, category, days_old, stock=20, **kwargs):
    product = ProductFactory(
        title=title,
        stockrecord__producer=producer,
        stockrecord__price=Decimal(price),
        stockrecord__num_in_stock=stock,
        certification=score if score else False,
        **kwargs,
    )
    ProductCategory.objects.create(product=product, category=category)
    Product.objects.filter(pk=product.pk).update(date_created=timezone.now() - datetime.timedelta(days=days_old))
    return product


@pytest.fixture
def catalogue():
    groups = category_ensure_ocop_groups()
    phu_tho = ProvinceFactory()
    viet_tri = WardFactory()
    nong_trang = WardFactory(code="07901", name="Phường Nông Trang", short_name="Nông Trang", slug="nong-trang")
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi")
    ba_dinh = WardFactory(code="00004", name="Phường Ba Đình", short_name="Ba Đình", slug="ba-dinh", parent=ha_noi)
    FormerUnitFactory(successors=[viet_tri, nong_trang])
    cua_hoi = ProducerFactory(name="HTX Nước mắm Cửa Hội", region=viet_tri, legal_type=Partner.LegalType.COOPERATIVE)
    thanh_ba = ProducerFactory(
        name="Công ty Chè Thanh Ba", region=nong_trang, legal_type=Partner.LegalType.ENTERPRISE, story="Chè búp tím."
    )
    ba_dinh_shop = ProducerFactory(
        name="Hộ kinh doanh Đặc sản Ba Đình", region=ba_dinh, legal_type=Partner.LegalType.HOUSEHOLD
    )
    products = {
        "nuoc_mam": _product(
            "Nước mắm cá cơm",
            producer=cua_hoi,
            price=90000,
            score=75,
            category=groups["sauces-spices"],
            days_old=60,
            ingredients="Cá cơm, muối",
        ),
        "mam_xoi": _product(
            "Mâm xôi rừng", producer=thanh_ba, price=150000, score=92, category=groups["fresh-produce"], days_old=50
        ),
        "mam_tom": _product(
            "Mắm tôm Việt Trì", producer=cua_hoi, price=45000, score=55, category=groups["sauces-spices"], days_old=40
        ),
        "che": _product(
            "Đặc sản chè búp tím Thanh Ba",
            producer=thanh_ba,
            price=250000,
            score=75,
            category=groups["tea"],
            days_old=30,
            stock=0,
            ingredients="Chè shan tuyết",
        ),
        "mat_ong": _product(
            "Mật ong rừng Tân Sơn",
            producer=ba_dinh_shop,
            price=600000,
            score=None,
            category=groups["honey-farm-foods"],
            days_old=20,
        ),
        "ruou": _product(
            "Rượu men lá Ba Vì",
            producer=ba_dinh_shop,
            price=120000,
            score=55,
            category=groups["rice-spirit"],
            days_old=10,
        ),
    }
    hidden = _product(
        "Nước mắm bí mật", producer=cua_hoi, price=80000, score=80, category=groups["sauces-spices"], days_old=5
    )
    Product.objects.filter(pk=hidden.pk).update(is_public=False)
    search_reindex(stream=io.StringIO())
    return {
        "products": products,
        "hidden": hidden,
        "producers": {"cua_hoi": cua_hoi, "thanh_ba": thanh_ba, "ba_dinh": ba_dinh_shop},
        "regions": {"phu_tho": phu_tho, "viet_tri": viet_tri, "nong_trang": nong_trang, "ha_noi": ha_noi},
    }


def _titles(results):
    return [hit.title for hit in results.hits]


# Folding ---------------------------------------------------------------------------------------------------------


def test_without_marks_finds_with_marks(catalogue):
    results = search_query(text="nuoc mam", kinds=["product"])
    # The title first; then the producer's other product (its name, "HTX Nước mắm Cửa Hội", matches too).
    assert _titles(results) == ["Nước mắm cá cơm", "Mắm tôm Việt Trì"]


def test_d_without_stroke_finds_d_with_stroke(catalogue):
    results = search_query(text="dac san")
    products = catalogue["products"]
    # The title first, then the products of the producer named "Đặc sản Ba Đình".
    assert [hit.object_id for hit in results.hits if hit.kind == "product"][0] == products["che"].pk
    assert search_hit_ids(results, "product") == {products["che"].pk, products["mat_ong"].pk, products["ruou"].pk}
    assert search_hit_ids(results, "producer") == {catalogue["producers"]["ba_dinh"].pk}


def test_upper_case_and_marks_in_the_query_fold_the_same(catalogue):
    assert _titles(search_query(text="NƯỚC MẮM", kinds=["product"]))[0] == "Nước mắm cá cơm"


def test_former_city_name_finds_producers_in_the_wards_that_replaced_it(catalogue):
    producers = catalogue["producers"]
    results = search_query(text="Viet Tri", kinds=["producer"])
    assert search_hit_ids(results, "producer") == {producers["cua_hoi"].pk, producers["thanh_ba"].pk}
    places = search_query(text="Việt Trì", kinds=["region"])
    assert search_hit_ids(places, "region") == {
        catalogue["regions"]["viet_tri"].pk,
        catalogue["regions"]["nong_trang"].pk,
    }


def test_products_are_found_by_producer_group_region_and_ingredients(catalogue):
    products = catalogue["products"]
    assert search_hit_ids(search_query(text="cua hoi", kinds=["product"]), "product") == {
        products["nuoc_mam"].pk,
        products["mam_tom"].pk,
    }
    assert products["ruou"].pk in search_hit_ids(search_query(text="do uong", kinds=["product"]), "product")
    assert search_hit_ids(search_query(text="ca com muoi"), "product") == {products["nuoc_mam"].pk}
    assert search_hit_ids(search_query(text="ba dinh", kinds=["product"]), "product") == {
        products["mat_ong"].pk,
        products["ruou"].pk,
    }


def test_hidden_products_are_not_found(catalogue):
    assert catalogue["hidden"].pk not in search_hit_ids(search_query(text="nuoc mam bi mat"), "product")
    assert search_query(text="bi mat").total == 0


def test_exact_marks_rank_first(catalogue):
    products = catalogue["products"]
    first = search_query(text="mắm", kinds=["product"]).hits
    assert {hit.object_id for hit in first[:2]} == {products["nuoc_mam"].pk, products["mam_tom"].pk}
    assert first[2].object_id == products["mam_xoi"].pk
    assert search_query(text="mâm", kinds=["product"]).hits[0].object_id == products["mam_xoi"].pk


def test_every_word_must_match(catalogue):
    assert search_query(text="mam ruou").total == 0


# Typos -----------------------------------------------------------------------------------------------------------


def test_one_typo_is_tolerated_in_words_of_five_letters(catalogue):
    products = catalogue["products"]
    assert search_hit_ids(search_query(text="tuyrt"), "product") == {products["che"].pk}  # one letter changed
    assert search_hit_ids(search_query(text="shan tuyeet"), "product") == {products["che"].pk}  # one letter added
    assert search_hit_ids(search_query(text="tuyt"), "product") == set()  # four letters: exact only
    assert search_hit_ids(search_query(text="ban dinh"), "product") == set()  # "ban" is not "ba": short words are exact


def test_two_typos_or_short_words_are_not_tolerated(catalogue):
    assert search_query(text="tuyrtt").total == 0  # two edits from "tuyet"
    assert search_query(text="mamm").total == 0  # four letters: exact only
    assert search_query(text="rượuu").total == 0  # "rượu" has four letters


# Facets, filters, sorting, pagination ----------------------------------------------------------------------------


def test_facets_count_the_matching_documents(catalogue):
    facets = search_query(text="", kinds=["product"]).facets
    assert dict(facets["kind"]) == {"product": 6}
    assert dict(facets["stars"]) == {5: 1, 4: 2, 3: 2}
    assert dict(facets["group"]) == {"food": 5, "beverages": 1}
    assert dict(facets["province"]) == {"phu-tho": 4, "ha-noi": 2}
    assert dict(facets["legal_type"]) == {"cooperative": 2, "enterprise": 2, "household": 2}
    assert dict(facets["price_band"]) == {
        "under-50k": 1,
        "50k-100k": 1,
        "100k-200k": 2,
        "200k-500k": 1,
        "over-500k": 1,
    }
    assert dict(facets["in_stock"]) == {True: 5, False: 1}
    assert facets["stars"][0] == (3, 2)  # most frequent first, value order on ties


def test_facets_follow_the_text_and_filters(catalogue):
    results = search_query(text="mam")
    assert dict(results.facets["kind"]) == {"product": 3, "producer": 1}
    filtered = search_query(text="mam", filters={"stars": [4, 5]})
    assert dict(filtered.facets["stars"]) == {4: 1, 5: 1}
    assert filtered.total == sum(count for _value, count in filtered.facets["kind"])


def test_filters_combine(catalogue):
    products = catalogue["products"]
    food_4_plus = search_query(filters={"group": "food", "stars": [4, 5]})
    assert search_hit_ids(food_4_plus, "product") == {
        products["nuoc_mam"].pk,
        products["mam_xoi"].pk,
        products["che"].pk,
    }
    in_stock = search_query(filters={"group": "food", "stars": [4, 5], "in_stock": True})
    assert search_hit_ids(in_stock, "product") == {products["nuoc_mam"].pk, products["mam_xoi"].pk}
    assert search_hit_ids(search_query(filters={"price_band": "100k-200k", "province": "ha-noi"}), "product") == {
        products["ruou"].pk
    }
    assert search_hit_ids(search_query(filters={"commune": "nong-trang"}, kinds=["product"]), "product") == {
        products["mam_xoi"].pk,
        products["che"].pk,
    }
    assert search_hit_ids(search_query(filters={"legal_type": ["household"]}, kinds=["producer"]), "producer") == {
        catalogue["producers"]["ba_dinh"].pk
    }
    assert search_query(filters={"group": "herbal"}).total == 0


def test_sorting(catalogue):
    p = catalogue["products"]
    order = [p[k].pk for k in ("mam_tom", "nuoc_mam", "ruou", "mam_xoi", "che", "mat_ong")]
    assert [h.object_id for h in search_query(kinds=["product"], sort="price-asc").hits] == order
    assert [h.object_id for h in search_query(kinds=["product"], sort="price-desc").hits] == order[::-1]
    by_stars = [h.object_id for h in search_query(kinds=["product"], sort="stars").hits]
    assert by_stars == [p[k].pk for k in ("mam_xoi", "che", "nuoc_mam", "ruou", "mam_tom", "mat_ong")]
    newest = [h.object_id for h in search_query(kinds=["product"], sort="newest").hits]
    assert newest == [p[k].pk for k in ("ruou", "mat_ong", "che", "mam_tom", "mam_xoi", "nuoc_mam")]


def test_unknown_sort_is_relevance(catalogue):
    assert (
        _titles(search_query(text="mắm", kinds=["product"], sort="bogus"))[:2]
        == _titles(search_query(text="mắm", kinds=["product"]))[:2]
    )


def test_pagination(catalogue):
    p = catalogue["products"]
    page = search_query(kinds=["product"], sort="price-asc", page=2, per_page=2)
    assert [h.object_id for h in page.hits] == [p["ruou"].pk, p["mam_xoi"].pk]
    assert (page.total, page.num_pages, page.has_next, page.has_previous) == (6, 3, True, True)
    beyond = search_query(kinds=["product"], sort="price-asc", page=99, per_page=2)
    assert beyond.page == 3 and [h.object_id for h in beyond.hits] == [p["che"].pk, p["mat_ong"].pk]
    assert search_query(kinds=["product"], page=0, per_page=2).page == 1


def test_nothing_found_has_empty_facets(catalogue):
    results = search_query(text="zzzzzz")
    assert (results.total, results.hits, results.facets["stars"]) == (0, [], [])


def test_hostile_text_is_only_words(catalogue):
    for text in ['"', "(", "' OR 1=1 --", "nuoc) OR (mam", "<script>alert(1)</script>", "🍯🍯", "a" * 10_000, "*"]:
        results = search_query(text=text)
        assert results.total >= 0
    assert search_query(text='nuoc" mam*').total == search_query(text="nuoc mam").total == 3


# Suggestions -----------------------------------------------------------------------------------------------------


def test_suggestions_answer_from_two_letters(catalogue):
    titles = [s.title for s in search_suggest(prefix="ma")]
    assert {"Mắm tôm Việt Trì", "Mâm xôi rừng", "Mật ong rừng Tân Sơn"} <= set(titles)
    assert "Nước mắm cá cơm" in titles  # a later word may start with it too
    assert search_suggest(prefix="m") == []
    assert search_suggest(prefix="") == []


def test_suggestions_follow_words_and_marks(catalogue):
    assert [s.title for s in search_suggest(prefix="mat on")] == ["Mật ong rừng Tân Sơn"]
    assert search_suggest(prefix="mắ")[0].title in {"Mắm tôm Việt Trì", "Nước mắm cá cơm"}
    assert search_suggest(prefix="mâ")[0].title == "Mâm xôi rừng"
    assert search_suggest(prefix="viet")[0].url


def test_suggestions_are_at_most_ten(catalogue):
    producer = catalogue["producers"]["cua_hoi"]
    for n in range(12):
        search_index_object(
            kind="producer", pk=ProducerFactory(name=f"Mắm Cửa Hội chi nhánh {n}", region=producer.region).pk
        )
    assert len(search_suggest(prefix="ma", limit=50)) == 10


# Indexing --------------------------------------------------------------------------------------------------------


def test_index_object_updates_and_removes(catalogue):
    product = catalogue["products"]["mat_ong"]
    Product.objects.filter(pk=product.pk).update(title="Mật ong bạc hà Đồng Văn")
    assert search_index_object(kind="product", pk=product.pk) is True
    assert search_hit_ids(search_query(text="bac ha"), "product") == {product.pk}
    assert search_query(text="tan son").total == 0
    Product.objects.filter(pk=product.pk).update(is_public=False)
    assert search_index_object(kind="product", pk=product.pk) is False
    assert search_query(text="bac ha").total == 0
    assert search_remove_object(kind="producer", pk=catalogue["producers"]["ba_dinh"].pk) == 1
    assert search_remove_object(kind="producer", pk=catalogue["producers"]["ba_dinh"].pk) == 0


def test_unknown_kind_is_refused(catalogue):
    with pytest.raises(ValueError):
        search_index_object(kind="order", pk=1)


def test_enqueue_indexes_after_commit(catalogue, django_capture_on_commit_callbacks):
    producer = catalogue["producers"]["thanh_ba"]
    with django_capture_on_commit_callbacks(execute=True):
        Partner.objects.filter(pk=producer.pk).update(name="Công ty Chè Phú Thọ Xanh")
        search_index_enqueue(kind="producer", pk=producer.pk)
        assert search_query(text="tho xanh").total == 0  # not before the commit
    assert search_hit_ids(search_query(text="tho xanh"), "producer") == {producer.pk}


def test_reindex_drops_what_is_gone_and_is_idempotent(catalogue):
    before = SearchDocument.objects.count()
    counts = search_reindex(stream=io.StringIO())
    assert SearchDocument.objects.count() == before == sum(counts.values())
    Product.objects.filter(pk=catalogue["products"]["ruou"].pk).update(is_public=False)
    stream = io.StringIO()
    counts = search_reindex(stream=stream)
    assert counts["product"] == 5 and "product: " in stream.getvalue()
    assert search_query(text="ruou").total == 0


def test_reindex_command_reports_progress(catalogue):
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("search_reindex", "--chunk-size", "2", stdout=out, stderr=err)
    assert "product: 6" in out.getvalue() and "producer: 3" in out.getvalue()
    assert "product: 2/7" in err.getvalue() and "product: 7/7 (6 indexed)" in err.getvalue()
    assert search_query(text="nuoc mam").total == 3


# Elasticsearch ---------------------------------------------------------------------------------------------------


def test_unreachable_elasticsearch_falls_back_to_the_database(catalogue, settings, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with caplog.at_level("WARNING", logger="marketplace.search"):
        results = search_query(text="nuoc mam", kinds=["product"])
        suggestions = search_suggest(prefix="ma")
        assert search_index_object(kind="product", pk=catalogue["products"]["che"].pk) is True
    assert _titles(results)[0] == "Nước mắm cá cơm" and suggestions
    assert "searching the database instead" in caplog.text
    assert "Elasticsearch not updated" in caplog.text


@pytest.mark.elasticsearch
def test_elasticsearch_backend_is_chosen_when_configured(catalogue):
    import os

    from marketplace.search.selectors import search_backend

    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is not set: the contract ran on the database backend only")
    backend = search_backend()
    assert backend.name == "elasticsearch" and backend.ping()
    search_reindex(stream=io.StringIO())
    assert _titles(search_query(text="nuoc mam", kinds=["product"]))[0] == "Nước mắm cá cơm"


# Near a point ----------------------------------------------------------------------------------------------------


@pytest.fixture
def located(catalogue):
    producers = catalogue["producers"]
    for key, (lat, lon) in {
        "cua_hoi": (21.3227, 105.4020),  # Việt Trì
        "thanh_ba": (21.4000, 105.1800),  # about 25 km west
        "ba_dinh": (21.0340, 105.8140),  # Hà Nội, about 52 km
    }.items():
        Partner.objects.filter(pk=producers[key].pk).update(latitude=lat, longitude=lon)
    search_reindex(stream=io.StringIO())
    return producers


def test_producers_near_a_point(located):
    near_viet_tri = (21.3200, 105.4000, 30)
    results = search_query(kinds=["producer"], near=near_viet_tri, sort="distance")
    assert [hit.object_id for hit in results.hits] == [located["cua_hoi"].pk, located["thanh_ba"].pk]
    assert results.hits[0].distance_km < 1 and 20 < results.hits[1].distance_km < 30
    assert search_hit_ids(search_query(kinds=["producer"], near=(21.32, 105.40, 10)), "producer") == {
        located["cua_hoi"].pk
    }
    assert search_query(kinds=["producer"], near=(10.77, 106.70, 50)).total == 0  # Hồ Chí Minh City
    everywhere = search_query(text="mat ong", near=(21.32, 105.40, 100))
    assert search_hit_ids(everywhere, "product") == {p.pk for p in Product.objects.filter(title__startswith="Mật ong")}


def test_document_builders_read_in_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    from marketplace.regions.models import Region
    from marketplace.search.documents import producer_documents, product_documents, region_documents

    for n in range(5):
        ProductFactory(title=f"Mật ong số {n}")  # each with a producer of its own
    for builder, model, budget in (
        (product_documents, Product, 7),
        (producer_documents, Partner, 4),
        (region_documents, Region, 3),
    ):
        with django_assert_max_num_queries(budget):
            documents = builder(pks=model.objects.values_list("pk", flat=True))
        assert documents


def test_elasticsearch_reindex_builds_a_new_index_and_swaps_the_alias(catalogue, cluster):
    """Against the local stand-in cluster: create the versioned index, fill it, swap, drop the old one."""
    import json

    from marketplace.search.services import search_reindex_elasticsearch

    cluster.aliased = ["ocop-test-search-20250101000000000000"]
    name = search_reindex_elasticsearch(backend=elasticsearch_backend_for(cluster), chunk_size=5, stream=io.StringIO())
    paths = [path for path, _body in cluster.requests]
    assert paths[0] == f"PUT /{name}" and name.startswith("ocop-test-search-2")
    bulk = [body for path, body in cluster.requests if path.startswith("/_bulk")]
    sources = [json.loads(line) for body in bulk for line in body.splitlines()[1::2]]
    assert len(sources) == SearchDocument.objects.count()
    swap = next(json.loads(body) for path, body in cluster.requests if path.startswith("/_aliases"))
    assert swap["actions"] == [
        {"remove": {"index": "ocop-test-search-20250101000000000000", "alias": "ocop-test-search"}},
        {"add": {"index": name, "alias": "ocop-test-search"}},
    ]
    assert paths[-1] == "DELETE /ocop-test-search-20250101000000000000"
