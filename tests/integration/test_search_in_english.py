"""Search and suggestions under /en/: English fair and tour titles and English category names are indexed,
searched and suggested; translations are reindexed on publish and delete, drafts are not searched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Locale

from catalogue.services import category_ensure_ocop_groups
from marketplace.search.models import SearchDocument
from marketplace.search.selectors import search_query
from marketplace.search.services import search_index_object
from tests.factories import (
    FairIndexPageFactory,
    FairPageFactory,
    ProducerFactory,
    ProductFactory,
    TourIndexPageFactory,
    TourPageFactory,
    tour_producer_stop,
)
from tests.helpers import search_hit_ids, search_reindex_quiet

pytestmark = pytest.mark.django_db

SEARCH = reverse("site-search:search")
SUGGEST = reverse("site-search:suggest")
ProductCategory = get_model("catalogue", "ProductCategory")


# English titles and names --------------------------------------------------------------------------------------


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def fair(home_page, english):
    index = FairIndexPageFactory(parent=home_page)
    page = FairPageFactory(
        parent=index, title="Hội chợ OCOP mùa xuân 2026", summary="Đặc sản chè và bưởi.", slug="hoi-cho-mua-xuan"
    )
    translation = page.copy_for_translation(english, copy_parents=True)
    translation.title = "OCOP spring fair 2026"
    translation.summary = "Tea and pomelo specialities."
    translation.body = "<p>More than <b>200 booths</b>.</p>"
    translation.slug = "ocop-spring-fair-2026"
    translation.save_revision().publish()
    FairPageFactory(parent=index, title="Tuần hàng OCOP Thủ đô", slug="tuan-hang")  # no translation
    search_reindex_quiet()
    translation.refresh_from_db()
    return page, translation


@pytest.fixture
def tour(home_page, english):
    index = TourIndexPageFactory(parent=home_page)
    producer = ProducerFactory(name="HTX Bưởi Đoan Hùng")
    page = TourPageFactory(
        parent=index,
        title="Bưởi Đoan Hùng và mật ong Tân Sơn",
        slug="buoi-doan-hung",
        stops=[tour_producer_stop(producer)],
    )
    search_reindex_quiet()
    return page


def _translate_tour(tour, english, *, title="Đoan Hùng pomelos and Tân Sơn honey", publish=True):
    translation = tour.copy_for_translation(english, copy_parents=True)
    translation.title = title
    translation.slug = "pomelos-and-honey"
    revision = translation.save_revision()
    if publish:
        revision.publish()
    translation.refresh_from_db()
    return translation


def test_english_search_finds_a_fair_by_its_english_title(client, fair):
    page, translation = fair
    response = client.get("/en/search/", {"q": "fair"})
    assert response.status_code == 200
    assert search_hit_ids(response.context["results"], "fair") == {page.pk}
    links = {hit.object_id: (hit.url, hit.title) for _t, hits in response.context["sections"] for hit in hits}
    assert links[page.pk] == (translation.url, "OCOP spring fair 2026") and translation.url.startswith("/en/")
    assert "OCOP spring fair 2026" in response.content.decode()
    # The English summary and body are searched too, and still one document per fair.
    assert search_hit_ids(search_query(text="200 booths"), "fair") == {page.pk}
    assert search_hit_ids(search_query(text="pomelo specialities"), "fair") == {page.pk}
    assert SearchDocument.objects.filter(kind="fair").count() == 2
    # The Vietnamese words still find it, in both languages, and the Vietnamese page keeps its own link.
    assert search_hit_ids(client.get("/en/search/", {"q": "hoi cho mua xuan"}).context["results"], "fair") == {page.pk}
    vietnamese = client.get(SEARCH, {"q": "spring fair"})
    assert [hit.url for _t, hits in vietnamese.context["sections"] for hit in hits] == [page.url]


def test_english_words_that_are_nowhere_find_nothing(client, fair):
    assert client.get("/en/search/", {"q": "autumn fair"}).context["results"].total == 0


def test_publishing_an_english_tour_translation_reindexes_the_tour(
    client, tour, english, django_capture_on_commit_callbacks
):
    assert search_query(text="pomelos").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        translation = _translate_tour(tour, english)
    response = client.get("/en/search/", {"q": "pomelos"})
    assert search_hit_ids(response.context["results"], "tour") == {tour.pk}
    assert [hit.url for _t, hits in response.context["sections"] for hit in hits] == [translation.url]
    # A new English revision replaces the words; unpublishing the translation drops them.
    translation.title = "Đoan Hùng grapefruit day"
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_revision().publish()
    assert search_query(text="pomelos").total == 0
    assert search_hit_ids(search_query(text="grapefruit"), "tour") == {tour.pk}
    with django_capture_on_commit_callbacks(execute=True):
        translation.refresh_from_db()
        translation.unpublish()
    assert search_query(text="grapefruit").total == 0
    assert search_hit_ids(search_query(text="buoi doan hung"), "tour") == {tour.pk}  # the tour itself stays


def test_deleting_an_english_translation_drops_its_words(tour, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translation = _translate_tour(tour, english)
    assert search_hit_ids(search_query(text="pomelos"), "tour") == {tour.pk}
    with django_capture_on_commit_callbacks(execute=True):
        translation.delete()
    assert search_query(text="pomelos").total == 0
    assert search_hit_ids(search_query(text="buoi doan hung"), "tour") == {tour.pk}


def test_a_draft_translation_is_not_searched(tour, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _translate_tour(tour, english, publish=False)
    search_reindex_quiet()
    assert search_query(text="pomelos").total == 0


def test_a_translation_is_still_not_a_document_of_its_own(tour, english):
    translation = _translate_tour(tour, english)
    search_reindex_quiet()
    assert search_index_object(kind="tour", pk=translation.pk) is False
    assert list(SearchDocument.objects.filter(kind="tour").values_list("object_id", flat=True)) == [tour.pk]


def test_page_builders_read_translations_in_a_fixed_number_of_queries(home_page, english, django_assert_num_queries):
    from marketplace.search.documents import fair_documents

    index = FairIndexPageFactory(parent=home_page)

    def add(first, last):
        for n in range(first, last):
            page = FairPageFactory(parent=index, title=f"Hội chợ số {n}", slug=f"hoi-cho-so-{n}")
            translation = page.copy_for_translation(english, copy_parents=True)
            translation.title = f"Fair number {n}"
            translation.save_revision().publish()

    def count():
        pks = list(index.get_children().values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as captured:
            documents = fair_documents(pks=pks)
        assert all("fair number" in document["folded_text"] for document in documents)
        return len(captured), len(documents)

    add(0, 2)
    count()  # warm the caches (site root paths)
    two, found = count()
    assert found == 2
    add(2, 8)
    eight, found = count()
    assert found == 8 and eight == two


# Suggestions follow what a search finds ---------------------------------------------------------------------------


@pytest.fixture
def tea():
    groups = category_ensure_ocop_groups()
    product = ProductFactory(title="Trà đinh Hoài Trung")
    ProductCategory.objects.create(product=product, category=groups["tea"])
    other = ProductFactory(title="Mật ong hoa nhãn")
    search_reindex_quiet()
    return product, other


def test_english_suggest_offers_what_an_english_search_finds(client, tea):
    product, _other = tea
    found = client.get("/en/search/", {"q": "tea"}).context["results"]
    assert search_hit_ids(found, "product") == {product.pk}
    suggestions = client.get("/en/search/suggest/", {"q": "tea"}).json()["suggestions"]
    assert [(s["kind"], s["title"]) for s in suggestions] == [("product", "Trà đinh Hoài Trung")]
    assert suggestions[0]["url"].startswith("/en/")
    # The last word may still be being typed.
    assert [s["title"] for s in client.get(SUGGEST, {"q": "te"}).json()["suggestions"]] == ["Trà đinh Hoài Trung"]


def test_suggest_puts_title_matches_before_text_matches(client, tea):
    # "Chè" (tea) is the tea product's category, so "che" finds it by text; a product titled "Chè..." comes first.
    titled = ProductFactory(title="Chè xanh Long Cốc")
    search_reindex_quiet()
    titles = [s["title"] for s in client.get(SUGGEST, {"q": "che"}).json()["suggestions"]]
    assert titles[0] == titled.title and "Trà đinh Hoài Trung" in titles
    assert "Mật ong hoa nhãn" not in titles


def test_suggest_words_found_nowhere_and_hostile_input(client, tea, django_assert_max_num_queries):
    for query in ["zzqx", "tea zzqx", "'", '"tea"', "tea*", "te:*", "(tea", "tea OR mat"]:
        response = client.get("/en/search/suggest/", {"q": query})
        assert response.status_code == 200, query
        titles = [s["title"] for s in response.json()["suggestions"]]
        assert "Mật ong hoa nhãn" not in titles, query
    assert client.get("/en/search/suggest/", {"q": "tea OR mat"}).json()["suggestions"] == []
    with django_assert_max_num_queries(3):  # the request's savepoint pair and one query
        assert client.get("/en/search/suggest/", {"q": "tea"}).status_code == 200


def test_english_suggest_offers_a_fair_under_its_english_title(client, fair):
    page, translation = fair
    suggestions = client.get("/en/search/suggest/", {"q": "spring"}).json()["suggestions"]
    assert [(s["title"], s["url"]) for s in suggestions] == [("OCOP spring fair 2026", translation.url)]
    # Vietnamese: the Vietnamese page, under its own title, whichever language's words were typed.
    vietnamese = client.get(SUGGEST, {"q": "spring"}).json()["suggestions"]
    assert [(s["title"], s["url"]) for s in vietnamese] == [("Hội chợ OCOP mùa xuân 2026", page.url)]
    untranslated = client.get("/en/search/suggest/", {"q": "tuan hang"}).json()["suggestions"]
    assert [s["title"] for s in untranslated] == ["Tuần hàng OCOP Thủ đô"]
