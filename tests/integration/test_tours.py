"""Tours: page-type rules, the tour page (itinerary, map, price, JSON-LD, products), booking requests, API, demo."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import HomePage
from events.tours.blocks import PlaceStopBlock
from events.tours.demo import tours_load_demo
from events.tours.models import TourBookingRequest, TourIndexPage, TourPage
from events.tours.selectors import tour_itinerary
from events.tours.tasks import tour_booking_request_email_send
from tests.factories import (
    EditorFactory,
    ProducerFactory,
    ProductFactory,
    TourIndexPageFactory,
    TourismStaffFactory,
    TourPageFactory,
    WagtailImageFactory,
    tour_producer_stop,
)

TODAY = datetime.date.today()


@pytest.fixture
def producers(places):
    """Two producers with coordinates, each with one certified product (and one uncertified)."""
    tea = ProducerFactory(name="HTX Chè Thanh Ba", slug="htx-che-thanh-ba", latitude=21.49, longitude=105.15)
    honey = ProducerFactory(name="Hộ kinh doanh Mật ong", slug="hkd-mat-ong", latitude=21.21, longitude=105.02)
    ProductFactory(title="Chè búp tím", stockrecord__producer=tea, stockrecord__price=Decimal("145000"))
    ProductFactory(title="Mật ong rừng", stockrecord__producer=honey, stockrecord__price=Decimal("250000"))
    ProductFactory(title="Chè chưa chứng nhận", stockrecord__producer=tea, certification=False)
    return tea, honey


@pytest.fixture
def tour(tour_index, producers):
    return TourPageFactory(
        parent=tour_index, title="Hành trình chè và mật ong", slug="che-va-mat-ong", producers=producers
    )


def _booking_data(tour, **overrides):
    """A valid request for the tour's first upcoming departure; ``None`` leaves a field out."""
    data = {
        "name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "email": "lan@example.vn",
        "party_size": "4",
        "message": "Có hai trẻ em.",
        "consent": "on",
    }
    if "departure_date" not in overrides:
        data["departure_date"] = tour.departures.filter(date__gte=TODAY).order_by("date").first().date.isoformat()
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _booking_url(tour):
    return tour.url + tour.reverse_subpage("booking")


def _admin_tour_form(*, producer, product, **extra) -> dict:
    """What the Wagtail page editor posts for a tour with a producer stop and a free place."""
    return nested_form_data(
        {
            "title": "Tour mì gạo Hùng Lô",
            "slug": "tour-mi-gao",
            "summary": "Xem làm mì gạo.",
            "duration_days": 1,
            "duration_nights": 0,
            "price_min": 350000,
            "price_max": 600000,
            "tourist_type": "",
            "stops": streamfield(
                [
                    ("producer", {"producer": producer.pk, "time": "08:00", "text": rich_text("Xưởng mì.")}),
                    ("place", {"name": "Đền Hùng", "latitude": "21.3686", "longitude": "105.3236"}),
                ]
            ),
            "departures": inline_formset([{"date": "2027-03-13", "note": ""}]),
            "hand_picked_products": inline_formset([{"product": product.pk}]),
            "body": rich_text(""),
            "operator_name": "Công ty Du lịch Đất Tổ",
            "operator_email": "dieuhanh@dulich.example.vn",
            "operator_phone": "",
            **extra,
        }
    )


# Page-type rules ------------------------------------------------------------------------------------------------


class TestTourPageTypes(WagtailPageTestCase):
    """Tours live only under the tour index; the index only under the home page."""

    def setUp(self):
        from marketplace.core.demo.services import _home_pages

        self.home = _home_pages()
        # force_login: the login throttle (django-axes) needs a request that Client.login does not pass.
        self.user = self.create_test_user()
        self.client.force_login(self.user)

    def test_tours_only_under_the_tour_index(self):
        self.assertCanCreateAt(TourIndexPage, TourPage)
        self.assertCanNotCreateAt(HomePage, TourPage)
        self.assertCanNotCreateAt(Page, TourPage)
        self.assertCanNotCreateAt(TourPage, TourPage)
        self.assertAllowedParentPageTypes(TourPage, {TourIndexPage})
        self.assertAllowedSubpageTypes(TourPage, {})

    def test_the_index_only_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, TourIndexPage)
        self.assertCanNotCreateAt(TourIndexPage, TourIndexPage)
        self.assertAllowedParentPageTypes(TourIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TourIndexPage, {TourPage})

    def test_a_tour_can_be_created_in_the_admin_with_its_stops_departures_and_products(self):
        index = TourIndexPageFactory(parent=self.home)
        producer = ProducerFactory(slug="htx-hung-lo")
        product = ProductFactory(stockrecord__producer=producer)
        self.assertCanCreate(
            index,
            TourPage,
            _admin_tour_form(producer=producer, product=product),
        )
        created = TourPage.objects.get(slug="tour-mi-gao")
        assert [stop.kind for stop in tour_itinerary(tour=created)] == ["producer", "place"]
        assert [d.date for d in created.departures.all()] == [datetime.date(2027, 3, 13)]
        assert [p.product_id for p in created.hand_picked_products.all()] == [product.pk]

    def test_the_tour_editor_works_and_the_choosers_find_producers_sales_points_and_products(self):
        index = TourIndexPageFactory(parent=self.home)
        producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", latitude=21.4, longitude=105.1)
        ProducerFactory(name="HTX Mật ong", slug="htx-mat-ong")
        tour = TourPageFactory(parent=index, producers=[producer], hand_picked=[ProductFactory(title="Chè Long Cốc")])
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[tour.pk]))
        assert editor.status_code == 200
        assert "Chè Long Cốc" in editor.content.decode()  # the hand-picked product in its chooser
        found = self.client.get(reverse("tours_producer_chooser:choose_results"), {"q": "long cốc"})
        assert found.status_code == 200
        assert "HTX Chè Long Cốc" in found.content.decode() and "HTX Mật ong" not in found.content.decode()
        assert self.client.get(reverse("tours_sales_point_chooser:choose")).status_code == 200
        products = self.client.get(reverse("cms_product_chooser:choose_results"), {"q": "long"})
        assert "Chè Long Cốc" in products.content.decode()

    def test_booking_requests_are_listed_in_the_admin(self):
        index = TourIndexPageFactory(parent=self.home)
        tour = TourPageFactory(parent=index)
        TourBookingRequest.objects.create(
            tour=tour, departure_date=TODAY, name="Trần Văn Bình", phone="0912345678", party_size=3
        )
        response = self.client.get(reverse("tour_booking_requests:index"), {"q": "Bình"})
        assert response.status_code == 200
        assert "Trần Văn Bình" in response.content.decode()


def test_a_tour_submitted_by_tourism_staff_waits_for_an_editor(client, home_page, places):
    """Tourism staff may write tours but not publish them: the "Tour moderation" workflow asks an editor."""
    from cms.services import cms_permissions_setup

    index = TourIndexPageFactory(parent=home_page)
    cms_permissions_setup(home_page=home_page)
    producer = ProducerFactory()
    product = ProductFactory(stockrecord__producer=producer)
    client.force_login(TourismStaffFactory())
    add_url = reverse("wagtailadmin_pages:add", args=["tours", "tourpage", index.pk])
    response = client.post(add_url, _admin_tour_form(producer=producer, product=product, **{"action-submit": "1"}))
    assert response.status_code == 302
    tour = TourPage.objects.get(slug="tour-mi-gao")
    assert not tour.live
    state = tour.current_workflow_state
    assert state.status == "in_progress"
    # A tourism user cannot publish it directly.
    assert client.get(tour.url).status_code == 404

    client.force_login(EditorFactory())
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[tour.pk, "approve", state.current_task_state.pk])
    response = client.post(approve_url, {"comment": ""})
    assert response.status_code in (200, 302)
    tour.refresh_from_db()
    assert tour.live
    assert client.get(tour.url).status_code == 200


def _tour(**fields) -> TourPage:
    values = {
        "title": "T",
        "slug": "t",
        "summary": "s",
        "price_min": 350000,
        "price_max": 600000,
        "operator_name": "O",
        "operator_email": "o@example.vn",
        "duration_days": 1,
        "duration_nights": 0,
    }
    return TourPage(**{**values, **fields})


# A page reads its content type on creation: with a cold content-type cache that is a query.
@pytest.mark.django_db
def test_the_highest_price_cannot_be_below_the_lowest():
    with pytest.raises(ValidationError) as error:
        _tour(price_min=600000, price_max=350000).clean()
    assert list(error.value.message_dict) == ["price_max"]
    _tour(price_min=350000, price_max=350000).clean()  # one price for everyone is fine


# A page reads its content type on creation: with a cold content-type cache that is a query.
@pytest.mark.django_db
def test_more_nights_than_days_is_refused():
    with pytest.raises(ValidationError) as error:
        _tour(duration_days=1, duration_nights=2).clean()
    assert list(error.value.message_dict) == ["duration_nights"]
    _tour(duration_days=2, duration_nights=1).clean()


def test_a_place_needs_both_coordinates_or_neither():
    block = PlaceStopBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"name": "Đền Hùng", "latitude": 21.3, "longitude": None}))
    assert block.clean(block.to_python({"name": "Đền Hùng", "latitude": None, "longitude": None}))["name"]
    assert block.clean(block.to_python({"name": "Đền Hùng", "latitude": 21.3, "longitude": 105.3}))["latitude"] == 21.3


# The tour page -------------------------------------------------------------------------------------------------------


def test_the_tour_page_shows_stops_price_duration_departures_map_and_products(client, tour, producers):
    response = client.get(tour.url)
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "350.000 ₫ – 600.000 ₫" in html
    assert f'data-testid="tour-duration">{response.context["duration_text"]}<' in html
    assert html.count('data-testid="tour-stop"') == 2
    assert "HTX Chè Thanh Ba" in html and "Hộ kinh doanh Mật ong" in html
    # The map draws one marker per stop with coordinates.
    markers = json.loads(re.search(r'id="region-map-markers"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert [(m["lat"], m["lon"]) for m in markers] == [(21.49, 105.15), (21.21, 105.02)]
    assert "ocop/region-map.js" in html
    # Products on this tour: the producers' certified products, with add-to-basket buttons; uncertified left out.
    assert "Chè búp tím" in html and "Mật ong rừng" in html
    assert "Chè chưa chứng nhận" not in html
    assert html.count('action="/shop/basket/add/') >= 2
    # The booking form lists the upcoming departures.
    assert (TODAY + datetime.timedelta(days=14)).isoformat() in html


def test_the_tour_page_has_touristtrip_json_ld(client, tour):
    html = client.get(tour.url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    trip = next(data for data in map(json.loads, blocks) if data.get("@type") == "TouristTrip")
    assert trip["name"] == "Hành trình chè và mật ong"
    assert trip["description"] == "Một ngày thăm các chủ thể OCOP."
    assert trip["offers"] == {
        "@type": "AggregateOffer",
        "priceCurrency": "VND",
        "lowPrice": "350000",
        "highPrice": "600000",
        "url": trip["url"],
    }
    assert trip["provider"]["name"] == "Công ty Du lịch Đất Tổ"
    assert trip["touristType"] == ["gia đình", "học sinh"]
    items = trip["itinerary"]["itemListElement"]
    assert trip["itinerary"]["@type"] == "ItemList" and len(items) == 2
    assert items[0]["position"] == 1 and items[0]["item"]["@type"] == "Place"
    assert items[0]["item"]["name"] == "HTX Chè Thanh Ba"
    assert items[0]["item"]["geo"] == {"@type": "GeoCoordinates", "latitude": 21.49, "longitude": 105.15}


def test_cover_and_stop_images_are_webp_with_srcset(client, tour_index, producers):
    picture = WagtailImageFactory()
    tour = TourPageFactory(
        parent=tour_index, cover_image=picture, stops=[tour_producer_stop(producers[0], image=picture)]
    )
    html = client.get(tour.url).content.decode()
    srcsets = re.findall(r'srcset="([^"]+)"', html)
    assert len(srcsets) == 2
    for srcset in srcsets:
        assert ".webp 400w" in srcset and ".webp 800w" in srcset


def test_a_stop_whose_producer_is_gone_is_left_out(client, tour_index, producers):
    tour = TourPageFactory(parent=tour_index, producers=producers)
    gone = ProducerFactory()
    tour.stops = [tour_producer_stop(gone), *tour.stops.raw_data]
    tour.save()
    gone.delete()
    response = client.get(tour.url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="tour-stop"') == 2


def test_hand_picked_products_come_first_and_count_once(client, tour_index, producers, places):
    other = ProductFactory(title="Nón lá Sai Nga", certification=False)
    tea_product = producers[0].stockrecords.get(product__title="Chè búp tím").product
    tour = TourPageFactory(parent=tour_index, producers=producers, hand_picked=[other, tea_product])
    html = client.get(tour.url).content.decode()
    products_html = html[html.index('id="tour-products-title"') :]
    assert (
        products_html.index("Nón lá Sai Nga") < products_html.index("Chè búp tím") < products_html.index("Mật ong rừng")
    )
    assert products_html.count("Chè búp tím</a>") == 1


def test_a_product_can_be_added_to_the_basket_from_the_tour_page(client, tour, producers):
    html = client.get(tour.url).content.decode()
    product = producers[1].stockrecords.get().product
    add_url = reverse("basket:add", kwargs={"pk": product.pk})
    assert f'action="{add_url}"' in html
    response = client.post(add_url, {"quantity": 1}, HTTP_REFERER=tour.url)
    assert response.status_code == 302
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [(product.pk, 1)]


@pytest.mark.parametrize("stop_count", [3, 12])
def test_the_tour_page_query_count_does_not_grow_with_its_stops(
    client, tour_index, places, stop_count, django_assert_max_num_queries
):
    stops = []
    for number in range(stop_count):
        producer = ProducerFactory(latitude=21.3 + number / 100, longitude=105.3)
        ProductFactory(stockrecord__producer=producer)
        stops.append(tour_producer_stop(producer, image=WagtailImageFactory() if number % 2 else None))
    tour = TourPageFactory(parent=tour_index, stops=stops)
    client.get(tour.url)  # the first view makes the renditions and caches the product cards
    # About 20 queries either way (page routing, basket, one per kind of stop, images with their renditions,
    # departures, products); a query per stop would take the 12-stop tour past the bound.
    with django_assert_max_num_queries(28):
        response = client.get(tour.url)
    html = response.content.decode()
    assert html.count('data-testid="tour-stop"') == stop_count
    assert html.count('action="/shop/basket/add/') == stop_count  # every producer's product, up to 12


def test_an_unsaved_edit_can_be_previewed(tour, producers):
    """Editors and moderators preview drafts: the page renders from in-memory stops and departures."""
    from events.tours.models import TourDeparture

    draft = TourPage.objects.get(pk=tour.pk)
    draft.stops = [tour_producer_stop(producers[1], time="07:30")]
    draft.departures = [TourDeparture(date=TODAY + datetime.timedelta(days=100))]
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="tour-stop"') == 1 and "07:30" in html
    assert (TODAY + datetime.timedelta(days=100)).isoformat() in html


def test_the_english_tour_page_is_in_english(client, tour):
    locale_en = Locale.objects.get(language_code="en")
    tour.get_parent().specific.copy_for_translation(locale_en).save_revision().publish()
    english_tour = tour.copy_for_translation(locale_en)
    english_tour.title = "Tea and honey trail"
    english_tour.save_revision().publish()
    english_tour.refresh_from_db()
    assert english_tour.url.startswith("/en/")
    response = client.get(english_tour.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tea and honey trail" in html and "1 day" in html and "Ask to book this tour" in html
    # The English form posts to the English page, and a booking there is stored against it.
    assert f'action="{english_tour.url}dat-tour/"' in html


def test_the_index_lists_tours_by_next_departure(client, tour_index, producers):
    later = TourPageFactory(parent=tour_index, title="Tour muộn", departures=[TODAY + datetime.timedelta(days=90)])
    sooner = TourPageFactory(parent=tour_index, title="Tour sớm", departures=[TODAY + datetime.timedelta(days=3)])
    past = TourPageFactory(parent=tour_index, title="Tour đã qua", departures=[TODAY - datetime.timedelta(days=3)])
    TourPageFactory(parent=tour_index, title="Tour nháp", live=False)
    response = client.get(tour_index.url)
    assert response.status_code == 200
    titles = [tour.title for tour in response.context["tours"]]
    assert titles == [sooner.title, later.title, past.title]
    assert "350.000 ₫ – 600.000 ₫" in response.content.decode().replace("\xa0", " ")


# Booking requests ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"phone": "12345"}, "phone", "phone_invalid"),
        ({"phone": "1900 1234"}, "phone", "phone_invalid"),
        ({"phone": "+1 202 555 0143"}, "phone", "phone_invalid"),
        ({"party_size": "0"}, "party_size", "min_value"),
        ({"party_size": "51"}, "party_size", "max_value"),
        ({"party_size": "bốn"}, "party_size", "invalid"),
        ({"departure_date": "2027-02-30"}, "departure_date", "invalid"),
        ({"departure_date": (TODAY + datetime.timedelta(days=15)).isoformat()}, "departure_date", "not_a_departure"),
        ({"departure_date": (TODAY - datetime.timedelta(days=1)).isoformat()}, "departure_date", "past"),
        ({"departure_date": ""}, "departure_date", "required"),
        ({"email": "lan@"}, "email", "invalid"),
        ({"consent": None}, "consent", "required"),
    ],
)
def test_a_bad_booking_request_is_re_rendered_with_messages_and_stores_nothing(
    client, tour, overrides, field, code, django_capture_on_commit_callbacks
):
    from events.tours.models import TourDeparture

    TourDeparture.objects.create(page=tour, date=TODAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_booking_url(tour), _booking_data(tour, **overrides))
    assert response.status_code == 200
    form = response.context["booking_form"]
    assert form.has_error(field, code), form.errors.as_data()
    assert list(form.errors) == [field]
    html = response.content.decode()
    for message in form.errors[field]:
        assert escape(message) in html
    assert 'data-testid="booking-errors"' in html
    assert TourBookingRequest.objects.count() == 0
    assert mail.outbox == []


def test_a_good_booking_request_is_stored_and_e_mailed_once_to_the_operator(
    client, tour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_booking_url(tour), _booking_data(tour))
    assert response.status_code == 302
    assert response["Location"] == tour.url + "#dat-tour"
    assert len(callbacks) == 1
    booking = TourBookingRequest.objects.get()
    assert (booking.tour_id, booking.name, booking.phone, booking.party_size) == (
        tour.pk,
        "Nguyễn Thị Lan",
        "+84912345678",  # stored in E.164
        4,
    )
    assert booking.departure_date == TODAY + datetime.timedelta(days=14)
    assert booking.emailed_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["dieuhanh@dulich.example.vn"]
    assert email.reply_to == ["lan@example.vn"]
    assert "Hành trình chè và mật ong" in email.subject
    assert "0912 345 678" in email.body  # shown nationally
    assert "Có hai trẻ em." in email.body
    # The task is idempotent: running it again sends nothing more.
    assert tour_booking_request_email_send.apply(args=[booking.pk]).get() is False
    assert len(mail.outbox) == 1


def test_the_thank_you_message_is_shown_after_a_booking(client, tour, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_booking_url(tour), _booking_data(tour), follow=True)
    assert response.status_code == 200
    with translation.override("vi"):
        thanks = gettext("Thank you! Your booking request has been sent; the tour operator will contact you.")
    assert [str(message) for message in response.context["messages"]] == [thanks]
    assert TourBookingRequest.objects.count() == 1


def test_getting_the_booking_address_leads_back_to_the_form(client, tour):
    response = client.get(_booking_url(tour))
    assert response.status_code == 302 and response["Location"] == tour.url + "#dat-tour"


def test_a_tour_without_upcoming_departures_takes_no_requests(client, tour_index, producers):
    tour = TourPageFactory(parent=tour_index, producers=producers, departures=[TODAY - datetime.timedelta(days=2)])
    html = client.get(tour.url).content.decode()
    assert 'class="tour-booking-form"' not in html
    response = client.post(
        _booking_url(tour), _booking_data(tour, departure_date=(TODAY - datetime.timedelta(days=2)).isoformat())
    )
    assert response.status_code == 200
    assert TourBookingRequest.objects.count() == 0


# API v2 --------------------------------------------------------------------------------------------------------------


def test_the_api_exposes_duration_price_departures_stops_and_a_webp_cover(client, tour_index, producers):
    tour = TourPageFactory(parent=tour_index, producers=producers, cover_image=WagtailImageFactory())
    fields = "duration_days,duration_nights,price_min,price_max,departures,stops,cover_webp"
    response = client.get(f"/api/v2/pages/?type=tours.TourPage&fields={fields}")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["id"] == tour.pk
    assert (item["duration_days"], item["duration_nights"]) == (1, 0)
    assert (item["price_min"], item["price_max"]) == (350000, 600000)
    assert sorted(d["date"] for d in item["departures"]) == [
        (TODAY + datetime.timedelta(days=14)).isoformat(),
        (TODAY + datetime.timedelta(days=45)).isoformat(),
    ]
    first = item["stops"][0]
    assert first["kind"] == "producer"
    assert first["producer"]["name"] == "HTX Chè Thanh Ba"
    assert (first["latitude"], first["longitude"]) == (21.49, 105.15)
    assert first["time"] == "09:00"
    assert item["cover_webp"]["url"].endswith(".webp")
    # fill-1200x630 keeps the 1200:630 shape (a small original is not enlarged).
    assert item["cover_webp"]["width"] / item["cover_webp"]["height"] == pytest.approx(1200 / 630, rel=0.01)


# Demo ----------------------------------------------------------------------------------------------------------------


def test_the_demo_tours_load_in_both_languages_and_twice_changes_nothing(home_page, places):
    from marketplace.core.demo import data

    producers = {key: ProducerFactory(slug=key, name=name) for key, name, *_ in data.PRODUCERS}
    products = [ProductFactory(upc="DEMO-038", stockrecord__producer=producers["htx-du-lich-hy-cuong"])]
    first = tours_load_demo(home_page=home_page, producers=producers, products=products)
    counts = (TourIndexPage.objects.count(), TourPage.objects.count())
    second = tours_load_demo(home_page=home_page, producers=producers, products=products)
    assert [t.pk for t in first] == [t.pk for t in second]
    assert counts == (TourIndexPage.objects.count(), TourPage.objects.count()) == (2, 4)
    index = TourIndexPage.objects.get(locale__language_code="vi")
    assert index.slug == "tour" and index.get_parent().specific == home_page
    assert TourIndexPage.objects.get(locale__language_code="en").slug == "tour"
    for tour in TourPage.objects.all():
        assert tour.live and tour.departures.count() == 3
        assert all(d.date.year == 2027 for d in tour.departures.all())
    english = TourPage.objects.get(locale__language_code="en", slug="vung-buoi-va-mat-ong")
    assert english.title.startswith("Đoan Hùng pomelos")
    assert [p.product.upc for p in english.hand_picked_products.all()] == ["DEMO-038"]
