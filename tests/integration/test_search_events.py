"""Fairs and tours in site search: what is indexed, how the index follows Wagtail, and the results page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Locale, PageViewRestriction

from marketplace.search.models import SearchDocument
from marketplace.search.selectors import search_query
from marketplace.search.services import search_index_object
from marketplace.shipping.models import SalesPoint
from tests.factories import (
    FairPageFactory,
    FormerUnitFactory,
    ProducerFactory,
    TourPageFactory,
    VenueFactory,
    tour_producer_stop,
)
from tests.helpers import search_hit_ids, search_reindex_quiet

pytestmark = pytest.mark.django_db

SEARCH = reverse("site-search:search")
SUGGEST = reverse("site-search:suggest")


Partner = get_model("partner", "Partner")


def _document(kind, pk):
    return SearchDocument.objects.get(kind=kind, object_id=pk)


@pytest.fixture
def fairs(fair_index, places):
    """A fair in Thanh Miếu (a ward that replaced the former city of Việt Trì) and one in Hà Nội."""
    FormerUnitFactory(successors=[places["thanh_mieu"]])
    phu_tho = FairPageFactory(
        parent=fair_index,
        title="Hội chợ nông sản Phú Thọ",
        summary="Đặc sản chè, bưởi và mật ong.",
        body="<p>Hơn <b>200 gian hàng</b> của các chủ thể OCOP.</p>",
        venue=VenueFactory(name="Cung văn hóa Lao động", region=places["thanh_mieu"], latitude=21.31, longitude=105.39),
        organiser="Sở Công Thương",
    )
    ha_noi = FairPageFactory(
        parent=fair_index,
        title="Tuần hàng OCOP Thủ đô",
        venue=VenueFactory(name="Trung tâm Triển lãm Giảng Võ", region=places["hoan_kiem"]),
        organiser="Sở Công Thương",
    )
    search_reindex_quiet()
    return {"phu_tho": phu_tho, "ha_noi": ha_noi}


@pytest.fixture
def tour(tour_index, places):
    producer = ProducerFactory(name="HTX Chè Long Cốc", region=places["thanh_mieu"], latitude=21.2, longitude=105.1)
    sales_point = SalesPoint.objects.create(
        name="Điểm bán OCOP Hùng Vương", slug="diem-ban-hung-vuong", street_address="Số 1", region=places["viet_tri"]
    )
    page = TourPageFactory(
        parent=tour_index,
        title="Hành trình trà xanh",
        summary="Một ngày trên đồi chè.",
        stops=[
            {"type": "place", "value": {"name": "Đền Hùng", "latitude": 21.37, "longitude": 105.32, "text": ""}},
            tour_producer_stop(producer),
            {"type": "sales_point", "value": {"sales_point": sales_point.pk, "text": "<p>Mua quà.</p>"}},
        ],
        price_min=450000,
    )
    search_reindex_quiet()
    return page


# What is indexed --------------------------------------------------------------------------------------------------


def test_a_fair_is_found_without_marks_by_venue_and_by_a_former_place_name(fairs):
    fair = fairs["phu_tho"]
    assert search_hit_ids(search_query(text="hoi cho nong san"), "fair") == {fair.pk}
    assert search_hit_ids(search_query(text="cung van hoa lao dong"), "fair") == {fair.pk}
    assert search_hit_ids(search_query(text="Viet Tri", kinds=["fair"]), "fair") == {fair.pk}  # the ward's former city
    assert search_hit_ids(search_query(text="200 gian hang"), "fair") == {fair.pk}  # the body, tags stripped
    assert search_hit_ids(search_query(text="so cong thuong", kinds=["fair"]), "fair") == {fair.pk, fairs["ha_noi"].pk}
    assert search_query(text="giang vo viet tri").total == 0


def test_a_fair_document_has_its_place_dates_and_url(fairs):
    fair = fairs["phu_tho"]
    document = _document("fair", fair.pk)
    assert document.url == fair.url and not document.url.startswith("http")
    assert (document.province, document.commune) == ("phu-tho", "thanh-mieu")
    assert (document.latitude, document.longitude) == (21.31, 105.39)
    assert document.created == fair.start and document.price is None
    assert document.summary.startswith(f"{fair.start:%d/%m/%Y}–") and "Đặc sản chè" in document.summary


def test_newest_puts_the_latest_fair_first(fair_index, fairs):
    later = FairPageFactory(
        parent=fair_index, title="Hội chợ mùa xuân", start=fairs["ha_noi"].start + datetime.timedelta(days=60)
    )
    search_index_object(kind="fair", pk=later.pk)
    hits = search_query(kinds=["fair"], sort="newest").hits
    assert [hit.object_id for hit in hits][0] == later.pk


def test_a_tour_is_found_by_its_stops(tour):
    assert search_hit_ids(search_query(text="che long coc", kinds=["tour"]), "tour") == {tour.pk}  # a producer
    assert search_hit_ids(search_query(text="den hung"), "tour") == {tour.pk}  # a free place
    assert search_hit_ids(search_query(text="diem ban ocop hung vuong", kinds=["tour"]), "tour") == {tour.pk}
    assert search_hit_ids(search_query(text="viet tri", kinds=["tour"]), "tour") == {tour.pk}  # the stops' places
    assert search_hit_ids(search_query(text="du lich dat to"), "tour") == {tour.pk}  # the operator
    tour.save_revision().publish()  # sets first_published_at
    tour.refresh_from_db()
    search_index_object(kind="tour", pk=tour.pk)
    document = _document("tour", tour.pk)
    assert (document.price, document.price_band) == (450000, "200k-500k")
    assert document.created == tour.first_published_at is not None
    # Facets from the first stop with a place, the map point from the first stop with one (the free place).
    assert (document.province, document.commune) == ("phu-tho", "thanh-mieu")
    assert (document.latitude, document.longitude) == (21.37, 105.32)


def test_renaming_a_stop_producer_reindexes_the_tour(tour, django_capture_on_commit_callbacks):
    from marketplace.search.services import search_index_enqueue_producer

    producer = Partner.objects.get(name="HTX Chè Long Cốc")
    Partner.objects.filter(pk=producer.pk).update(name="HTX Trà Shan Tuyết Long Cốc")
    with django_capture_on_commit_callbacks(execute=True):
        search_index_enqueue_producer(pk=producer.pk)
    assert search_hit_ids(search_query(text="shan tuyet", kinds=["tour"]), "tour") == {tour.pk}
    other = ProducerFactory(name="HTX Không có tour")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        search_index_enqueue_producer(pk=other.pk)
    assert len(callbacks) == 1  # the producer alone: no products, no tours


def test_a_tour_whose_stops_point_at_nothing_is_still_indexed(tour_index, places):
    page = TourPageFactory(
        parent=tour_index,
        title="Tour đồi cọ",
        stops=[
            {"type": "producer", "value": {"producer": 999_999, "text": ""}},
            {"type": "sales_point", "value": {"sales_point": "nope"}},
            {"type": "place", "value": {"name": "Đồi cọ", "latitude": None, "longitude": None}},
        ],
    )
    assert search_index_object(kind="tour", pk=page.pk) is True
    document = _document("tour", page.pk)
    assert document.province == "" and document.latitude is None
    assert search_hit_ids(search_query(text="doi co"), "tour") == {page.pk}


def test_drafts_and_private_pages_are_not_indexed(fair_index, fairs):
    draft = FairPageFactory(parent=fair_index, title="Hội chợ bản nháp", live=False)
    PageViewRestriction.objects.create(page=fairs["ha_noi"], restriction_type="password", password="bi-mat")
    search_reindex_quiet()
    assert search_query(text="ban nhap").total == 0
    assert search_hit_ids(search_query(kinds=["fair"]), "fair") == {fairs["phu_tho"].pk}
    assert search_index_object(kind="fair", pk=draft.pk) is False


def test_an_english_translation_is_not_indexed_twice(fairs, django_capture_on_commit_callbacks):
    fair = fairs["phu_tho"]
    with django_capture_on_commit_callbacks(execute=True):
        english = fair.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.title = "Phú Thọ farm produce fair"
        english.save_revision().publish()
    search_reindex_quiet()
    assert list(
        SearchDocument.objects.filter(kind="fair").values_list("object_id", flat=True).order_by("object_id")
    ) == sorted([fair.pk, fairs["ha_noi"].pk])
    assert search_index_object(kind="fair", pk=english.pk) is False
    # Its words are in the Vietnamese page's one document, which English searches find.
    assert search_hit_ids(search_query(text="farm produce"), "fair") == {fair.pk}
    assert search_query(text="farm produce").total == 1


# Keeping the index current -----------------------------------------------------------------------------------------


def test_publishing_and_unpublishing_follow_wagtail(fair_index, places, django_capture_on_commit_callbacks):
    fair = FairPageFactory(parent=fair_index, title="Hội chợ quế Văn Yên", live=False)
    search_reindex_quiet()
    assert search_query(text="que van yen").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        fair.save_revision().publish()
        assert search_query(text="que van yen").total == 0  # only once the transaction commits
    assert search_hit_ids(search_query(text="que van yen"), "fair") == {fair.pk}
    with django_capture_on_commit_callbacks(execute=True):
        fair.refresh_from_db()
        fair.unpublish()
    assert search_query(text="que van yen").total == 0


def test_a_new_revision_updates_the_title(tour, django_capture_on_commit_callbacks):
    tour.title = "Hành trình bưởi Đoan Hùng"
    with django_capture_on_commit_callbacks(execute=True):
        tour.save_revision().publish()
    assert search_hit_ids(search_query(text="buoi doan hung"), "tour") == {tour.pk}
    assert search_query(text="tra xanh", kinds=["tour"]).total == 0


def test_deleting_removes_fairs_and_tours(fairs, tour, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fairs["phu_tho"].delete()
        tour.delete()
    assert not SearchDocument.objects.filter(kind="tour").exists()
    assert search_hit_ids(search_query(kinds=["fair"]), "fair") == {fairs["ha_noi"].pk}


def test_renaming_a_venue_reindexes_its_fairs(fairs, django_capture_on_commit_callbacks):
    venue = fairs["phu_tho"].venue
    venue.name = "Nhà thi đấu Thanh Miếu"
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()
    assert search_hit_ids(search_query(text="nha thi dau"), "fair") == {fairs["phu_tho"].pk}
    assert search_query(text="cung van hoa").total == 0


def test_a_new_venue_enqueues_nothing(fairs, django_capture_on_commit_callbacks, places):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        VenueFactory(name="Sân vận động", region=places["viet_tri"])
    assert callbacks == []


# The results page and suggestions ----------------------------------------------------------------------------------


def test_sections_and_kind_facet_for_fairs_and_tours(client, fairs, tour):
    response = client.get("/en/search/", {"q": "phu tho"})
    assert response.status_code == 200
    titles = [title for title, _hits in response.context["sections"]]
    assert "Fairs" in titles and "Tours" in titles
    kinds = dict(response.context["results"].facets["kind"])
    assert kinds["fair"] == 1 and kinds["tour"] == 1
    kind_facet = next(f for f in response.context["facets"] if f["name"] == "kind")
    assert {"Fairs", "Tours"} <= {option["label"] for option in kind_facet["options"]}
    content = response.content.decode()
    assert 'data-kind="fair"' in content and 'data-kind="tour"' in content
    assert "From ₫450,000" in content  # a tour shows its lowest price


def test_the_kind_filter_keeps_fairs_only(client, fairs, tour):
    response = client.get(SEARCH, {"kind": "fair"})
    assert response.status_code == 200
    assert {hit.kind for hit in response.context["results"].hits} == {"fair"}
    assert client.get(SEARCH, {"q": "hoi cho", "kind": "event"}).status_code == 400


def test_a_fair_title_is_escaped(client, fair_index, places):
    FairPageFactory(parent=fair_index, title="Hội chợ <script>alert(1)</script>")
    search_reindex_quiet()
    content = client.get(SEARCH, {"q": "hoi cho script"}).content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;" in content


def test_english_results_link_to_the_english_page_when_there_is_one(client, fairs, tour):
    english = fairs["phu_tho"].copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Phú Thọ farm produce fair"
    english.slug = "farm-produce-fair"
    english.save_revision().publish()
    english.refresh_from_db()
    response = client.get("/en/search/", {"q": "so cong thuong"})
    links = {hit.object_id: hit.url for _title, hits in response.context["sections"] for hit in hits}
    assert links[fairs["phu_tho"].pk] == english.url and english.url.startswith("/en/")
    assert "Phú Thọ farm produce fair" in response.content.decode()  # under the translation's title
    assert links[fairs["ha_noi"].pk] == fairs["ha_noi"].url  # no translation: the Vietnamese page
    suggestions = client.get("/en/search/suggest/", {"q": "hoi cho nong"}).json()["suggestions"]
    assert [s["url"] for s in suggestions if s["kind"] == "fair"] == [english.url]
    vietnamese = client.get(SEARCH, {"q": "so cong thuong", "kind": "fair"})
    assert {hit.url for _t, hits in vietnamese.context["sections"] for hit in hits} == {
        fairs["phu_tho"].url,
        fairs["ha_noi"].url,
    }


def test_an_unpublished_translation_is_not_linked(client, fairs):
    english = fairs["phu_tho"].copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision()  # a draft only
    response = client.get("/en/search/", {"q": "hoi cho nong san"})
    assert [hit.url for _t, hits in response.context["sections"] for hit in hits] == [fairs["phu_tho"].url]


def test_suggest_offers_a_fair_from_two_letters(client, fairs, tour):
    data = client.get(SUGGEST, {"q": "hô"}).json()
    fair = next(s for s in data["suggestions"] if s["kind"] == "fair")
    assert fair["title"] == "Hội chợ nông sản Phú Thọ" and fair["url"] == fairs["phu_tho"].url
    assert fair["kind_label"]
    tours = client.get("/en/search/suggest/", {"q": "ha"}).json()["suggestions"]
    assert {"title": "Hành trình trà xanh", "url": tour.url, "kind": "tour", "kind_label": "Tour"} in tours


@pytest.mark.parametrize("path", [SEARCH, "/en/search/"])
def test_results_page_query_budget_does_not_grow_with_fairs(
    client, fair_index, places, path, django_assert_max_num_queries
):
    english = Locale.objects.get(language_code="en")

    def add_fairs(first, last):
        for n in range(first, last):
            fair = FairPageFactory(
                parent=fair_index, title=f"Hội chợ thử nghiệm số {n}", slug=f"hoi-cho-thu-nghiem-{n}"
            )
            if n % 2:
                fair.copy_for_translation(english, copy_parents=True).save_revision().publish()
        search_reindex_quiet()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, {"q": "hoi cho thu nghiem"})
        assert response.status_code == 200
        return len(captured), response.context["results"].total

    add_fairs(0, 2)
    queries()  # warm the caches (site root paths, navigation)
    two, total = queries()
    assert total == 2
    add_fairs(2, 20)
    twenty, total = queries()
    assert total == 20 and twenty == two
    with django_assert_max_num_queries(two):
        client.get(path, {"q": "hoi cho thu nghiem"})


def test_moving_a_fair_updates_its_url(fairs, django_capture_on_commit_callbacks):
    english_index = (
        fairs["phu_tho"].copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True).get_parent()
    )
    fair = fairs["ha_noi"]
    before = _document("fair", fair.pk).url
    with django_capture_on_commit_callbacks(execute=True):
        fair.move(english_index, pos="last-child")
    fair.refresh_from_db()
    after = _document("fair", fair.pk).url
    assert after != before and after == fair.url
