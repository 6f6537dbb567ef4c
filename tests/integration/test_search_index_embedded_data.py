"""What used to wait for the nightly rebuild now reaches the search index after commit.

A sales point renamed (or moved, or deleted) reaches the tours that stop there; a region renamed reaches,
through one task that works in chunks, every document that embeds it (its own and its communes', producers,
products, fairs, tours); a fair or tour index page whose slug changes, or that moves, reaches the URLs of
the fairs and tours below it. Saves that change nothing those documents show enqueue nothing.
"""

import pytest
from django.core import serializers
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Locale

from events.tours.selectors import tour_ids_stopping_at_any
from marketplace.regions.models import Region
from marketplace.search import services as search_services
from marketplace.search.models import SearchDocument
from marketplace.search.selectors import search_query
from marketplace.search.services import search_index_region
from marketplace.search.tasks import search_index_region_task
from marketplace.shipping.models import SalesPoint
from tests.factories import (
    FairPageFactory,
    ProducerFactory,
    ProductFactory,
    TourPageFactory,
    UserFactory,
    VenueFactory,
    WardFactory,
    tour_producer_stop,
)
from tests.forms import form_post_data
from tests.helpers import search_reindex_quiet

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")


def _ids(kind, text="", **kwargs):
    return {hit.object_id for hit in search_query(text=text, kinds=[kind], per_page=100, **kwargs).hits}


def _document(kind, pk):
    return SearchDocument.objects.get(kind=kind, object_id=pk)


def _sales_point_stop(point):
    return {"type": "sales_point", "value": {"sales_point": point.pk, "text": ""}}


def _admin_post(client, url, **changes):
    """Post a Django admin change form back as rendered, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_post_data(response.context["adminform"].form)
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def queued(monkeypatch):
    """The search work queued after commit, as (task, arguments), instead of running it."""
    found = []
    monkeypatch.setattr(
        search_services, "enqueue_on_commit", lambda task, *args: found.append((task.name.rsplit(".", 1)[-1], args))
    )
    return found


@pytest.fixture
def world(places, fair_index, tour_index):
    """In Phú Thọ: a producer and its product in Thanh Miếu, a sales point in Việt Trì, a fair in Thanh Miếu
    and a tour stopping at the producer and the sales point. In Hà Nội: a producer, a product, a sales point
    and a tour stopping only there."""
    honey_maker = ProducerFactory(name="HTX Mật ong Hùng Lô", region=places["thanh_mieu"])
    honey = ProductFactory(title="Mật ong hoa nhãn", stockrecord__producer=honey_maker)
    point = SalesPoint.objects.create(
        name="Điểm bán OCOP Hùng Vương", slug="diem-ban-hung-vuong", street_address="Số 1", region=places["viet_tri"]
    )
    fair = FairPageFactory(
        parent=fair_index,
        title="Hội chợ đặc sản đất Tổ",
        venue=VenueFactory(name="Quảng trường Hùng Vương", region=places["thanh_mieu"]),
        organiser="Sở Công Thương",
    )
    tour = TourPageFactory(
        parent=tour_index,
        title="Hành trình đất Tổ",
        stops=[tour_producer_stop(honey_maker), _sales_point_stop(point)],
    )
    cake_maker = ProducerFactory(name="HTX Bánh cốm Hà Nội", region=places["hoan_kiem"])
    cake = ProductFactory(title="Bánh cốm Hàng Than", stockrecord__producer=cake_maker)
    shop = SalesPoint.objects.create(
        name="Gian hàng OCOP Hàng Đào", slug="gian-hang-hang-dao", street_address="Số 9", region=places["hoan_kiem"]
    )
    old_town = TourPageFactory(parent=tour_index, title="Dạo phố cổ", stops=[_sales_point_stop(shop)])
    search_reindex_quiet()
    return {
        **places,
        "honey_maker": honey_maker,
        "honey": honey,
        "point": point,
        "fair": fair,
        "tour": tour,
        "cake_maker": cake_maker,
        "cake": cake,
        "shop": shop,
        "old_town": old_town,
    }


# Sales points -------------------------------------------------------------------------------------------------------


def test_renaming_a_sales_point_in_the_admin_reindexes_the_tours_stopping_there(
    client, staff, world, django_capture_on_commit_callbacks
):
    url = reverse("admin:shipping_salespoint_change", args=[world["point"].pk])
    assert _ids("tour", "diem ban ocop hung vuong") == {world["tour"].pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(client, url, name="Trung tâm OCOP Văn Lang", street_address="Số 2 Nguyễn Tất Thành")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _ids("tour", "trung tam ocop van lang") == {world["tour"].pk}
    assert _ids("tour", "nguyen tat thanh") == {world["tour"].pk}
    assert _ids("tour", "diem ban ocop hung vuong") == set()
    assert _ids("tour", "dao pho co") == {world["old_town"].pk}  # untouched


def test_a_sales_point_rename_queues_only_the_tours_stopping_there(world, queued):
    point = world["point"]
    point.name = "Trung tâm OCOP Văn Lang"
    point.save()
    assert queued == [("search_index_objects_task", ("tour", [world["tour"].pk]))]


def test_a_sales_point_edit_that_tours_do_not_show_queues_nothing(client, staff, world, queued):
    url = reverse("admin:shipping_salespoint_change", args=[world["point"].pk])
    response = _admin_post(client, url, opening_hours="7:00–21:00", phone="0210 3846 111", is_active="")
    assert response.status_code == 302, response.content.decode()[:3000]
    point = SalesPoint.objects.get(pk=world["point"].pk)
    assert point.opening_hours == "7:00–21:00" and not point.is_active
    point.save()  # saved again unchanged
    point.slug = "diem-ban-moi"
    point.save(update_fields=["slug"])  # the slug is in no document
    assert queued == []


def test_a_refused_sales_point_edit_queues_nothing(client, staff, world, queued):
    url = reverse("admin:shipping_salespoint_change", args=[world["point"].pk])
    response = _admin_post(client, url, name="", latitude="91")
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors.keys() == {"name", "latitude"}
    assert queued == []
    assert SalesPoint.objects.get(pk=world["point"].pk).name == "Điểm bán OCOP Hùng Vương"


def test_renaming_a_sales_point_no_tour_stops_at_queues_nothing(world, queued, places):
    lonely = SalesPoint.objects.create(
        name="Điểm bán Vân Phú", slug="diem-ban-van-phu", street_address="Khu 5", region=places["viet_tri"]
    )
    assert queued == []  # a new sales point is in no tour yet
    lonely.name = "Điểm bán Vân Phú mới"
    lonely.save()
    assert queued == []


def test_moving_a_sales_point_changes_the_place_of_its_tour(world, django_capture_on_commit_callbacks):
    assert (_document("tour", world["old_town"].pk).province, _ids("tour", "hoan kiem")) == (
        "ha-noi",
        {world["old_town"].pk},
    )
    shop = world["shop"]
    shop.region = world["thanh_mieu"]
    shop.latitude, shop.longitude = 21.31, 105.39
    with django_capture_on_commit_callbacks(execute=True):
        shop.save()
    document = _document("tour", world["old_town"].pk)
    assert (document.province, document.commune) == ("phu-tho", "thanh-mieu")
    assert (document.latitude, document.longitude) == (21.31, 105.39)
    assert _ids("tour", "hoan kiem") == set()


def test_deleting_a_sales_point_drops_it_from_its_tours(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world["shop"].delete()
    assert _ids("tour", "hang dao") == set()
    assert _ids("tour", "dao pho co") == {world["old_town"].pk}  # the tour stays, without the stop
    assert _document("tour", world["old_town"].pk).province == ""


def test_a_fixture_load_queues_nothing(world, queued):
    loaded = next(serializers.deserialize("json", serializers.serialize("json", [world["point"]])))
    loaded.object.name = "Tên từ fixture"
    loaded.save()  # raw, as loaddata saves
    assert SalesPoint.objects.get(pk=world["point"].pk).name == "Tên từ fixture"
    assert queued == []


def test_tours_stopping_at_any_reads_numbers_and_strings_and_skips_translations(world, tour_index):
    point, tour = world["point"], world["tour"]
    as_text = TourPageFactory(
        parent=tour_index,
        title="Tour lưu khóa dạng chữ",
        stops=[{"type": "sales_point", "value": {"sales_point": str(point.pk)}}],
    )
    broken = TourPageFactory(
        parent=tour_index,
        title="Tour hỏng",
        stops=[{"type": "sales_point", "value": {}}, {"type": "producer", "value": {"producer": 999_999}}],
    )
    english = tour.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    assert tour_ids_stopping_at_any(sales_point_ids=[point.pk]) == sorted([tour.pk, as_text.pk])
    assert tour_ids_stopping_at_any(producer_ids=[world["honey_maker"].pk]) == [tour.pk]
    numbered = TourPageFactory(
        parent=tour_index, title="Tour số", stops=[{"type": "sales_point", "value": {"sales_point": 424_242}}]
    )
    assert tour_ids_stopping_at_any(sales_point_ids=[424_242]) == [numbered.pk]
    assert tour_ids_stopping_at_any(producer_ids=[424_242]) == []  # a sales point's key is not a producer's
    assert tour_ids_stopping_at_any(sales_point_ids=[999_999]) == []
    assert tour_ids_stopping_at_any() == []
    assert broken.pk not in tour_ids_stopping_at_any(sales_point_ids=[point.pk, world["shop"].pk])


# Regions ------------------------------------------------------------------------------------------------------------


def test_renaming_a_ward_in_the_admin_queues_one_task_for_it(client, staff, world, queued):
    url = reverse("admin:regions_region_change", args=[world["thanh_mieu"].pk])
    response = _admin_post(client, url, name="Phường Tiên Cát", short_name="Tiên Cát")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert queued == [("search_index_region_task", (world["thanh_mieu"].pk,))]


def test_renaming_a_ward_reaches_everything_that_names_it(client, staff, world, django_capture_on_commit_callbacks):
    ward = world["thanh_mieu"]
    assert _ids("product", "thanh mieu") == {world["honey"].pk}
    url = reverse("admin:regions_region_change", args=[ward.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(client, url, name="Phường Tiên Cát", short_name="Tiên Cát")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _ids("region", "tien cat") == {ward.pk}
    assert _ids("producer", "tien cat") == {world["honey_maker"].pk}
    assert _ids("product", "tien cat") == {world["honey"].pk}
    assert _ids("fair", "tien cat") == {world["fair"].pk}
    assert _ids("tour", "tien cat") == {world["tour"].pk}
    assert search_query(text="thanh mieu").total == 0
    assert _document("region", ward.pk).title == "Phường Tiên Cát, Phú Thọ"


def test_renaming_a_province_reaches_the_documents_of_its_wards(world, django_capture_on_commit_callbacks):
    province = world["phu_tho"]
    province.name, province.short_name = "Tỉnh Phong Châu", "Phong Châu"
    with django_capture_on_commit_callbacks(execute=True):
        province.save()
    assert _ids("region", "phong chau") == {province.pk, world["viet_tri"].pk, world["thanh_mieu"].pk}
    assert _document("region", world["viet_tri"].pk).title == "Phường Việt Trì, Phong Châu"
    assert _ids("producer", "phong chau") == {world["honey_maker"].pk}
    assert _ids("product", "phong chau") == {world["honey"].pk}
    assert _ids("fair", "phong chau") == {world["fair"].pk}
    assert _ids("tour", "phong chau") == {world["tour"].pk}
    assert search_query(text="phu tho").total == 0
    assert _ids("product", "ha noi") == {world["cake"].pk}  # another province's documents are as they were


def test_a_new_slug_or_parent_moves_the_place_facets(world, django_capture_on_commit_callbacks):
    ward = world["thanh_mieu"]
    ward.slug = "thanh-mieu-moi"
    with django_capture_on_commit_callbacks(execute=True):
        ward.save()
    assert _document("product", world["honey"].pk).commune == "thanh-mieu-moi"
    assert _document("region", ward.pk).url == "/regions/phu-tho/thanh-mieu-moi/"
    assert _ids("fair", filters={"commune": ["thanh-mieu-moi"]}) == {world["fair"].pk}
    ward.parent = world["ha_noi"]
    with django_capture_on_commit_callbacks(execute=True):
        ward.save()
    for kind, pk in (("product", world["honey"].pk), ("producer", world["honey_maker"].pk), ("fair", world["fair"].pk)):
        assert _document(kind, pk).province == "ha-noi"
    assert _document("region", ward.pk).title == "Phường Thanh Miếu, Hà Nội"


def test_a_region_edit_no_document_shows_queues_nothing(client, staff, world, queued):
    ward = world["thanh_mieu"]
    response = _admin_post(client, reverse("admin:regions_region_change", args=[ward.pk]))  # unchanged
    assert response.status_code == 302, response.content.decode()[:3000]
    ward.refresh_from_db()
    ward.code = "07907"
    ward.save()  # the GSO code is in no document
    ward.name = "Phường Tiên Cát"
    ward.save(update_fields=["code"])  # the name is not written
    assert queued == []
    assert Region.objects.get(pk=ward.pk).name == "Phường Thanh Miếu"


def test_a_refused_region_edit_queues_nothing(client, staff, world, queued):
    url = reverse("admin:regions_region_change", args=[world["thanh_mieu"].pk])
    response = _admin_post(client, url, name="", kind="planet")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"name", "kind"}
    assert queued == []


def test_new_coordinates_or_kind_reindex_the_region_alone(world, queued):
    ward = world["thanh_mieu"]
    ward.latitude, ward.longitude = 21.3, 105.4
    ward.save(update_fields=["latitude", "longitude"])
    assert queued == [("search_index_object_task", ("region", ward.pk))]
    queued.clear()
    ward.kind = Region.Kind.COMMUNE
    ward.save()
    assert queued == [("search_index_object_task", ("region", ward.pk))]


def test_new_coordinates_reach_the_region_document(world, django_capture_on_commit_callbacks):
    ward = world["thanh_mieu"]
    ward.latitude, ward.longitude = 21.3, 105.4
    with django_capture_on_commit_callbacks(execute=True):
        ward.save()
    assert (_document("region", ward.pk).latitude, _document("region", ward.pk).longitude) == (21.3, 105.4)


def test_a_new_region_is_indexed_and_a_deleted_one_removed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ward = WardFactory(code="07912", name="Phường Vân Phú", short_name="Vân Phú", slug="van-phu")
    assert _ids("region", "van phu") == {ward.pk}
    with django_capture_on_commit_callbacks(execute=True):
        ward.delete()
    assert _ids("region", "van phu") == set()


def test_the_region_task_works_in_chunks_and_can_run_again(world, places):
    more = [
        ProductFactory(title=f"Chè búp số {n}", stockrecord__producer=world["honey_maker"]) for n in range(4)
    ]  # stored, not indexed
    province = world["phu_tho"]
    Region.objects.filter(pk=province.pk).update(name="Tỉnh Phong Châu")  # no signal: the task alone
    expected = {"region": 3, "producer": 1, "product": 5, "fair": 1, "tour": 1}
    assert search_index_region(pk=province.pk, chunk_size=2) == expected
    documents = SearchDocument.objects.count()
    assert _ids("product", "phong chau") == {world["honey"].pk, *(product.pk for product in more)}
    assert search_index_region_task(province.pk) == expected  # again: the same, nothing doubled
    assert SearchDocument.objects.count() == documents
    assert _ids("product", "ha noi") == {world["cake"].pk}


def test_the_region_task_for_a_region_gone_is_harmless(world):
    assert search_index_region(pk=999_999) == {"region": 0, "producer": 0, "product": 0, "fair": 0, "tour": 0}


# Fair and tour index pages ------------------------------------------------------------------------------------------


def test_a_new_fair_index_slug_reaches_the_fair_urls(fair_index, world, django_capture_on_commit_callbacks):
    second = FairPageFactory(parent=fair_index, title="Hội chợ mùa thu")
    search_reindex_quiet()
    assert _document("fair", second.pk).url.startswith("/hoi-cho/")
    fair_index.slug = "hoi-cho-ocop"
    with django_capture_on_commit_callbacks(execute=True):
        fair_index.save_revision().publish()
    for fair in (world["fair"], second):
        fair.refresh_from_db()
        assert _document("fair", fair.pk).url == fair.url
    assert _document("fair", second.pk).url.startswith("/hoi-cho-ocop/")


def test_a_new_index_slug_queues_its_live_fairs_only(fair_index, world, queued, django_capture_on_commit_callbacks):
    draft = FairPageFactory(parent=fair_index, title="Hội chợ nháp", live=False)
    fair_index.slug = "hoi-cho-ocop"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a new slug on commit
        fair_index.save_revision().publish()
    assert queued == [("search_index_objects_task", ("fair", [world["fair"].pk]))]
    assert draft.pk not in queued[0][1][1]


def test_republishing_an_index_without_a_new_slug_queues_nothing(
    fair_index, tour_index, world, queued, django_capture_on_commit_callbacks
):
    fair_index.title = "Hội chợ OCOP"
    with django_capture_on_commit_callbacks(execute=True):
        fair_index.save_revision().publish()
        tour_index.save_revision().publish()
    assert queued == []


def test_moving_a_tour_index_reaches_the_tour_urls(home_page, tour_index, world, django_capture_on_commit_callbacks):
    english_home = home_page.get_translation(Locale.objects.get(language_code="en"))
    before = _document("tour", world["tour"].pk).url
    with django_capture_on_commit_callbacks(execute=True):
        tour_index.move(english_home, pos="last-child")
    for tour in (world["tour"], world["old_town"]):
        tour.refresh_from_db()
        assert _document("tour", tour.pk).url == tour.url
    assert _document("tour", world["tour"].pk).url != before


def test_reordering_index_pages_queues_nothing(
    home_page, fair_index, tour_index, world, queued, django_capture_on_commit_callbacks
):
    tour_index.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        tour_index.move(home_page, pos="first-child")  # same parent: the URLs stay
    assert queued == []
