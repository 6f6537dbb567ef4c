"""Trade fairs: page rules, the index and its filters, iCal routes, JSON-LD, the API, and booth registration."""

import datetime
import html
import json
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.models import HomePage
from events.fairs import selectors
from events.fairs.demo import fairs_load_demo
from events.fairs.models import BoothApplication, FairFeaturedProduct, FairIndexPage, FairPage, FairSession
from events.fairs.services import booth_application_decide, booth_application_submit
from tests.factories import (
    BoothApplicationFactory,
    FairIndexPageFactory,
    FairPageFactory,
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    UserFactory,
    VenueFactory,
    WagtailImageFactory,
)
from tests.helpers import race_errors, race_run

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BOOTH_ROUTE = "dang-ky-gian-hang/"


def _at(days: int, hour: int = 8) -> datetime.datetime:
    """A time ``days`` from today at ``hour`` o'clock in Việt Nam."""
    return datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour), HCM)


@pytest.fixture
def index(home_page):
    from wagtail.models import Collection

    # Wagtail's migrations make the root collection that images go in; a transactional test
    # (the race below) flushes it, and a database kept with --reuse-db keeps it flushed.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return FairIndexPageFactory(parent=home_page)


@pytest.fixture
def fair(index, places):
    return FairPageFactory(
        parent=index,
        title="Hội chợ OCOP Việt Trì",
        slug="hoi-cho-ocop-viet-tri",
        venue=VenueFactory(name="Quảng trường Hùng Vương", region=places["viet_tri"]),
        booth_capacity=2,
    )


@pytest.fixture
def producer_user(places):
    producer = ProducerFactory(name="HTX Chè Long Cốc", email="htx-che@example.vn", region=places["viet_tri"])
    user = ProducerUserFactory(producer=producer, email="giamdoc@example.vn")
    tea = ProductFactory(title="Chè xanh Long Cốc", stockrecord__producer=producer, certification=False)
    return user, producer, tea


def _text(response) -> str:
    """The page as text with HTML entities resolved, to look for a message in it."""
    return html.unescape(response.content.decode())


def _form_refusal(response) -> tuple[str, str]:
    """The (code, message) of the form's first non-field error, which the page must show."""
    error = response.context["form"].errors.as_data()["__all__"][0]
    message = error.messages[0]
    assert message in _text(response)
    return error.code, message


# Page-type rules --------------------------------------------------------------------------------------------------


class TestFairPageTypes(WagtailPageTestCase):
    def test_fairs_only_under_the_fair_index(self):
        self.assertCanCreateAt(FairIndexPage, FairPage)
        self.assertCanNotCreateAt(HomePage, FairPage)
        self.assertCanNotCreateAt(Page, FairPage)
        self.assertCanNotCreateAt(FairPage, FairPage)
        self.assertAllowedParentPageTypes(FairPage, {FairIndexPage})
        self.assertAllowedSubpageTypes(FairIndexPage, {FairPage})
        self.assertAllowedSubpageTypes(FairPage, set())

    def test_the_index_goes_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, FairIndexPage)
        self.assertCanNotCreateAt(Page, FairIndexPage)
        self.assertCanNotCreateAt(FairIndexPage, FairIndexPage)
        self.assertAllowedParentPageTypes(FairIndexPage, {HomePage})

    def test_an_officer_can_create_a_fair_in_the_admin_with_sessions(self):
        from marketplace.core.demo.services import _home_pages
        from tests.factories import ProvinceFactory, WardFactory

        locale, _created = Locale.objects.get_or_create(language_code="vi")
        if Page.get_first_root_node() is None:
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        index = _home_pages().add_child(instance=FairIndexPage(title="Hội chợ", slug="hoi-cho"))
        venue = VenueFactory(region=WardFactory(parent=ProvinceFactory()))
        # force_login: the login throttle (django-axes) needs a request that Client.login does not pass.
        self.client.force_login(self.create_test_user())
        data = nested_form_data(
            {
                "title": "Hội chợ thử",
                "slug": "hoi-cho-thu",
                "summary": "Tóm tắt",
                "start": "2027-04-10 08:00",
                "end": "2027-04-12 21:00",
                "venue": venue.pk,
                "organiser": "Sở Công Thương",
                "booth_capacity": 20,
                "registration_deadline": "2027-04-01 17:00",
                "body": rich_text("<p>Nội dung</p>"),
                "sessions": inline_formset(
                    [{"date": "2027-04-10", "start_time": "08:00", "end_time": "11:30", "title": "Khai mạc"}]
                ),
                "gallery_images": inline_formset([]),
                "documents": inline_formset([]),
                "featured_products": inline_formset([]),
            }
        )
        self.assertCanCreate(index, FairPage, data)
        created = FairPage.objects.get(slug="hoi-cho-thu")
        assert created.start == datetime.datetime(2027, 4, 10, 8, 0, tzinfo=HCM)
        assert [s.title for s in created.sessions.all()] == ["Khai mạc"]


def test_only_one_fair_index_per_home_page(home_page, index):
    assert not FairIndexPage.can_create_at(home_page)
    english_home = home_page.get_translation(Locale.objects.get(language_code="en"))
    assert FairIndexPage.can_create_at(english_home)


def test_a_fair_cannot_end_before_it_starts(index):
    fair = FairPage(title="Sai ngày", slug="sai-ngay", start=_at(10), end=_at(9))
    with pytest.raises(ValidationError) as caught:
        fair.full_clean()
    assert "end" in caught.value.message_dict


# The index: upcoming first, filters, calendar ---------------------------------------------------------------------


def test_index_lists_upcoming_fairs_soonest_first_then_past_ones_latest_first(client, index):
    later = FairPageFactory(parent=index, title="Hội chợ sau", start=_at(60), end=_at(62, 21))
    sooner = FairPageFactory(parent=index, title="Hội chợ trước", start=_at(5), end=_at(6, 21))
    running = FairPageFactory(parent=index, title="Hội chợ đang diễn ra", start=_at(-1), end=_at(1, 21))
    old = FairPageFactory(parent=index, title="Hội chợ cũ", start=_at(-200), end=_at(-198, 21))
    recent = FairPageFactory(parent=index, title="Hội chợ vừa qua", start=_at(-20), end=_at(-18, 21))
    html = client.get(index.url).content.decode()
    order = [html.index(fair.title) for fair in (running, sooner, later, recent, old)]
    assert order == sorted(order)
    assert html.index("Hội chợ vừa qua") > html.index('id="fairs-past"') > html.index("Hội chợ sau")


def test_index_filters_by_month_and_province(client, index, places):
    in_ha_noi = VenueFactory(name="Cung Văn hóa", region=places["hoan_kiem"])
    april = FairPageFactory(
        parent=index,
        title="Hội chợ tháng tư",
        start=datetime.datetime(2031, 4, 29, 8, tzinfo=HCM),
        end=datetime.datetime(2031, 5, 2, 21, tzinfo=HCM),
        venue=VenueFactory(region=places["viet_tri"]),
    )
    june = FairPageFactory(
        parent=index,
        title="Hội chợ tháng sáu",
        start=datetime.datetime(2031, 6, 3, 8, tzinfo=HCM),
        end=datetime.datetime(2031, 6, 5, 21, tzinfo=HCM),
        venue=VenueFactory(region=places["thanh_mieu"]),
    )
    ha_noi = FairPageFactory(
        parent=index,
        title="Hội chợ Hà Nội",
        start=datetime.datetime(2031, 5, 10, 8, tzinfo=HCM),
        end=datetime.datetime(2031, 5, 12, 21, tzinfo=HCM),
        venue=in_ha_noi,
    )
    # A fair running from April into May belongs to May too.
    may = client.get(index.url, {"month": "2031-05"}).content.decode()
    assert april.title in may and ha_noi.title in may and june.title not in may
    phu_tho = client.get(index.url, {"province": "phu-tho"}).content.decode()
    assert april.title in phu_tho and june.title in phu_tho and ha_noi.title not in phu_tho
    both = client.get(index.url, {"month": "2031-05", "province": "ha-noi"}).content.decode()
    assert ha_noi.title in both and april.title not in both
    # Nonsense filters are ignored, not errors.
    response = client.get(index.url, {"month": "2031-13", "province": "<script>"})
    assert response.status_code == 200
    assert all(fair.title in response.content.decode() for fair in (april, june, ha_noi))


def test_calendar_view_puts_each_fair_on_each_of_its_days(client, index):
    fair = FairPageFactory(
        parent=index,
        title="Hội chợ giao mùa",
        start=datetime.datetime(2031, 5, 30, 8, tzinfo=HCM),
        end=datetime.datetime(2031, 6, 1, 21, tzinfo=HCM),
    )
    response = client.get(index.url + "lich/", {"month": "2031-05"})
    assert response.status_code == 200
    grid = response.context["calendar"]
    days_with_fair = [day.date for week in grid["weeks"] for day in week if fair in day.fairs]
    assert days_with_fair == [datetime.date(2031, 5, 30), datetime.date(2031, 5, 31), datetime.date(2031, 6, 1)]
    assert grid["previous"] == datetime.date(2031, 4, 1) and grid["following"] == datetime.date(2031, 6, 1)
    assert all(len(week) == 7 and week[0].date.weekday() == 0 for week in grid["weeks"])
    empty = client.get(index.url + "lich/", {"month": "2031-08"})
    assert "Hội chợ giao mùa" not in empty.content.decode()


@pytest.mark.parametrize("route", ["", "lich/"])
def test_index_queries_do_not_grow_with_the_number_of_fairs(
    client, index, places, django_assert_max_num_queries, route
):
    def add(n):
        for i in range(n):
            FairPageFactory(
                parent=index,
                start=_at(3 + i % 20),
                end=_at(4 + i % 20, 21),
                cover_image=WagtailImageFactory(),
                venue=VenueFactory(region=places["viet_tri"]),
            )
            FairPageFactory(parent=index, start=_at(-30 - i), end=_at(-29 - i, 21), cover_image=WagtailImageFactory())

    url = index.url + route
    add(2)
    client.get(url)  # the first visit makes the renditions
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    add(10)
    client.get(url)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200


def test_index_cards_show_webp_renditions_with_srcset(client, index):
    FairPageFactory(parent=index, cover_image=WagtailImageFactory())
    html = client.get(index.url).content.decode()
    assert "srcset=" in html and ".webp" in html


# iCal ------------------------------------------------------------------------------------------------------------


def test_fair_ics_parses_back_with_local_times_and_the_venue(client, fair):
    FairSession.objects.create(
        page=fair,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(8),
        end_time=datetime.time(11, 30),
        title="Khai mạc",
    )
    response = client.get(fair.url + "ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="hoi-cho-ocop-viet-tri.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == _at(30, 8)
    assert event["DTEND"].dt == _at(30, 8).replace(hour=11, minute=30)
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert "Quảng trường Hùng Vương" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(fair.url)
    assert event["GEO"].latitude == pytest.approx(21.3227)


def test_index_feed_holds_only_upcoming_fairs(client, index):
    upcoming = FairPageFactory(parent=index, title="Hội chợ sắp tới", start=_at(10), end=_at(12, 21))
    FairPageFactory(parent=index, title="Hội chợ đã qua", start=_at(-10), end=_at(-8, 21))
    response = client.get(index.url + "ics/")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [upcoming.title]
    assert events[0]["DTSTART"].dt == _at(10, 8)
    assert events[0]["DTEND"].dt == _at(12, 21)


# The fair page: JSON-LD, exhibitors, API -------------------------------------------------------------------------


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_fair_page_carries_schema_org_event(client, fair):
    fair.cover_image = WagtailImageFactory()
    fair.save()
    data = _json_ld(client.get(fair.url).content.decode())
    assert data["@type"] == "Event"
    assert data["name"] == "Hội chợ OCOP Việt Trì"
    assert data["startDate"] == _at(30, 8).isoformat() and data["startDate"].endswith("+07:00")
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressRegion"] == "Tỉnh Phú Thọ"
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 21.3227, "longitude": 105.4019}
    assert data["organizer"]["name"] == "Sở Công Thương tỉnh Phú Thọ"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["image"][0].endswith(".webp")
    assert data["url"].endswith(fair.url)


def test_exhibitors_are_the_approved_producers_with_their_products(client, fair):
    approved = BoothApplicationFactory(fair=fair, producer=ProducerFactory(name="HTX Mật ong"), status="approved")
    BoothApplicationFactory(fair=fair, producer=ProducerFactory(name="HTX Chờ duyệt"))
    BoothApplicationFactory(fair=fair, producer=ProducerFactory(name="HTX Bị từ chối"), status="rejected")
    html = client.get(fair.url).content.decode()
    assert "HTX Mật ong" in html and approved.products.get().title in html
    assert "HTX Chờ duyệt" not in html and "HTX Bị từ chối" not in html


def test_featured_products_show_as_product_cards(client, fair):
    product = ProductFactory(title="Mì gạo Hùng Lô")
    FairFeaturedProduct.objects.create(page=fair, product=product)
    html = client.get(fair.url).content.decode()
    assert "Mì gạo Hùng Lô" in html and product.get_absolute_url() in html


def test_fair_page_shows_programme_map_gallery_and_documents(client, fair):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from events.fairs.models import FairDocument, FairGalleryImage
    from tests.factories import SCAN_PDF_BYTES

    FairSession.objects.create(
        page=fair,
        date=datetime.date(2031, 4, 10),
        start_time=datetime.time(18),
        end_time=datetime.time(21),
        title="Đêm văn nghệ",
    )
    FairGalleryImage.objects.create(page=fair, image=WagtailImageFactory(), caption="Gian hàng chè")
    pdf = Document.objects.create(title="Quy chế", file=ContentFile(SCAN_PDF_BYTES, name="quy-che.pdf"))
    FairDocument.objects.create(page=fair, document=pdf, title="Quy chế hội chợ")
    response = client.get(fair.url)
    text = _text(response)
    assert "Đêm văn nghệ" in text and "18:00–21:00" in text
    assert "Gian hàng chè" in text and "fill-400x300.format-webp" in text
    assert "Quy chế hội chợ" in text and pdf.url in text
    assert response.context["map_markers"] == [
        {
            "name": "Quảng trường Hùng Vương",
            "address": fair.venue.full_address,
            "lat": 21.3227,
            "lon": 105.4019,
            "url": "#",
        }
    ]
    assert 'id="region-map-markers"' in text and "leaflet.js" in text
    assert response.context["booths_left"] == 2 and response.context["registration_open"]


def test_api_exposes_dates_venue_sessions_and_a_webp_cover(client, fair):
    fair.cover_image = WagtailImageFactory()
    fair.save()
    FairSession.objects.create(
        page=fair,
        date=datetime.date(2031, 4, 10),
        start_time=datetime.time(8),
        end_time=datetime.time(11),
        title="Khai mạc",
    )
    response = client.get(
        "/api/v2/pages/",
        {"type": "fairs.FairPage", "fields": "start,end,venue,sessions,organiser,cover_image_webp"},
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["title"] == "Hội chợ OCOP Việt Trì"
    assert datetime.datetime.fromisoformat(item["start"]) == _at(30, 8)
    assert item["venue"]["name"] == "Quảng trường Hùng Vương"
    assert (item["venue"]["latitude"], item["venue"]["longitude"]) == (21.3227, 105.4019)
    assert item["venue"]["province"] == "Tỉnh Phú Thọ"
    assert [(s["date"], s["start_time"], s["title"]) for s in item["sessions"]] == [
        ("2031-04-10", "08:00:00", "Khai mạc")
    ]
    cover = item["cover_image_webp"]
    # fill-1200x630 of an 800 × 400 picture: cropped to the card's shape, never enlarged.
    assert cover["url"].endswith(".webp") and (cover["width"], cover["height"]) == (762, 400)


def test_api_refuses_an_unknown_field(client, fair):
    response = client.get("/api/v2/pages/", {"type": "fairs.FairPage", "fields": "no_such_field"})
    assert response.status_code == 400


# Booth registration: the producer's side --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, fair):
    response = client.get(fair.url + BOOTH_ROUTE)
    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"] and "next=" in response["Location"]


def test_a_producer_applies_and_sees_the_application_on_the_fair_page(client, fair, producer_user):
    user, producer, tea = producer_user
    client.force_login(user)
    form_page = client.get(fair.url + BOOTH_ROUTE)
    assert form_page.status_code == 200 and "Chè xanh Long Cốc" in form_page.content.decode()
    response = client.post(
        fair.url + BOOTH_ROUTE, {"products": [tea.pk], "booth_size": "3x6", "notes": "Cần ổ điện"}, follow=True
    )
    application = BoothApplication.objects.get()
    assert (application.fair_id, application.producer, application.applicant) == (fair.pk, producer, user)
    assert list(application.products.all()) == [tea]
    assert (application.booth_size, application.status, application.notes) == ("3x6", "submitted", "Cần ổ điện")
    assert response.redirect_chain[-1][0] == fair.url
    sent = [str(message) for message in response.context["messages"]]
    assert sent == [gettext("Your booth application was sent. You will receive the decision by e-mail.")]
    assert application.get_status_display() in _text(response)


def test_refused_after_the_deadline_with_a_message(client, index, producer_user):
    user, _producer, tea = producer_user
    closed = FairPageFactory(parent=index, start=_at(5), end=_at(7, 21), registration_deadline=_at(-1, 17))
    client.force_login(user)
    response = client.post(closed.url + BOOTH_ROUTE, {"products": [tea.pk], "booth_size": "3x3"})
    assert response.status_code == 400
    code, _message = _form_refusal(response)
    assert code == "deadline_passed"
    assert not BoothApplication.objects.exists()


def test_refused_twice_for_the_same_fair(client, fair, producer_user):
    user, producer, tea = producer_user
    booth_application_submit(fair=fair, producer=producer, user=user, products=[tea], booth_size="3x3", notes="")
    with pytest.raises(ValidationError) as caught:
        booth_application_submit(fair=fair, producer=producer, user=user, products=[tea], booth_size="3x3")
    assert caught.value.code == "duplicate"
    assert "HTX Chè Long Cốc" in caught.value.messages[0]
    client.force_login(user)
    response = client.get(fair.url + BOOTH_ROUTE)
    assert response.context["existing"].producer == producer
    assert "form" not in response.context
    assert "HTX Chè Long Cốc" in _text(response)
    assert BoothApplication.objects.count() == 1


def test_the_english_page_shares_the_vietnamese_fairs_applications(client, fair, producer_user):
    user, producer, tea = producer_user
    english = fair.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    booth_application_submit(fair=english, producer=producer, user=user, products=[tea], booth_size="3x3")
    with pytest.raises(ValidationError):
        booth_application_submit(fair=fair, producer=producer, user=user, products=[tea], booth_size="3x3")
    application = BoothApplication.objects.get()
    assert application.fair_id == fair.pk
    booth_application_decide(application=application, officer=OfficerFactory(), decision="approved")
    response = client.get(english.url)
    assert response.status_code == 200 and english.url.startswith("/en/")
    assert [a.producer for a in response.context["exhibitors"]] == [producer]


def test_refused_to_a_user_who_is_not_an_approved_producer(client, fair, producer_user):
    _user, producer, tea = producer_user
    waiting = ProducerApplicationFactory().applicant  # applied, not yet approved
    client.force_login(waiting)
    response = client.get(fair.url + BOOTH_ROUTE)
    assert response.status_code == 403
    assert "form" not in response.context
    assert response.context["refusal"] in _text(response)
    # Nor can anyone apply in the name of a producer they do not work for.
    with pytest.raises(ValidationError) as caught:
        booth_application_submit(fair=fair, producer=producer, user=waiting, products=[tea], booth_size="3x3")
    assert caught.value.code == "not_producer"
    assert not BoothApplication.objects.exists()


def test_refused_products_that_are_not_the_producers_own(client, fair, producer_user):
    user, producer, tea = producer_user
    someone_elses = ProductFactory(title="Nước mắm của người khác")
    with pytest.raises(ValidationError) as caught:
        booth_application_submit(
            fair=fair, producer=producer, user=user, products=[tea, someone_elses], booth_size="3x3"
        )
    assert "Nước mắm của người khác" in caught.value.message_dict["products"][0]
    # The form offers only the producer's own products: a foreign one is an invalid choice.
    client.force_login(user)
    response = client.post(fair.url + BOOTH_ROUTE, {"products": [someone_elses.pk], "booth_size": "3x3"})
    assert response.status_code == 400
    assert response.context["form"].errors["products"]
    response = client.post(fair.url + BOOTH_ROUTE, {"booth_size": "3x3"})
    assert response.context["form"].errors["products"]
    response = client.post(fair.url + BOOTH_ROUTE, {"products": [tea.pk], "booth_size": "9x9"})
    assert response.context["form"].errors["booth_size"]
    assert not BoothApplication.objects.exists()


# Booth registration: the officers' side ---------------------------------------------------------------------------


def test_approve_within_capacity_then_refuse_beyond_it_with_a_wait_list_suggestion(fair):
    officer = OfficerFactory()
    first, second, third = (BoothApplicationFactory(fair=fair) for _ in range(3))
    booth_application_decide(application=first, officer=officer, decision="approved")
    booth_application_decide(application=second, officer=officer, decision="approved")
    with pytest.raises(ValidationError) as caught:
        booth_application_decide(application=third, officer=officer, decision="approved")
    assert caught.value.code == "capacity_full"
    assert caught.value.messages[0] == gettext(
        "All %(capacity)s booths of this fair are taken: wait-list the application instead, or reject it with a reason."
    ) % {"capacity": 2}
    third.refresh_from_db()
    assert third.status == "submitted"
    booth_application_decide(application=third, officer=officer, decision="waitlisted")
    assert selectors.booth_approved_count(fair=fair) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (SQLite serialises all writers)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officers_racing_for_the_last_booth_approve_exactly_one(index):
    officers = [OfficerFactory() for _ in range(6)]
    last_booth = FairPageFactory(parent=index, booth_capacity=1)
    applications = [BoothApplicationFactory(fair=last_booth) for _ in officers]

    def decide(n: int) -> str:
        """Released with the others right before the decision, which locks the fair's applications."""
        try:
            booth_application_decide(application=applications[n], officer=officers[n], decision="approved")
        except ValidationError as error:
            return error.code
        return "approved"

    raced = race_run(decide, racers=len(officers))
    assert race_errors(raced) == []
    outcomes = [outcome.value for outcome in raced]
    assert sorted(outcomes) == ["approved"] + ["capacity_full"] * (len(officers) - 1)
    assert BoothApplication.objects.filter(fair=last_booth, status="approved").count() == 1


def test_each_decision_is_emailed_once(fair, django_capture_on_commit_callbacks):
    officer = OfficerFactory()
    application = BoothApplicationFactory(
        fair=fair,
        producer=ProducerFactory(name="HTX Mật ong", email="mat-ong@example.vn"),
        applicant=UserFactory(email="chu-htx@example.vn"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        booth_application_decide(application=application, officer=officer, decision="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        booth_application_decide(application=application, officer=officer, decision="approved")
    assert len(mail.outbox) == 2
    assert sorted(mail.outbox[0].to) == ["chu-htx@example.vn", "mat-ong@example.vn"]
    assert fair.title in mail.outbox[0].subject and fair.title in mail.outbox[1].subject
    assert mail.outbox[0].subject != mail.outbox[1].subject
    # Running the task again sends nothing more: it is idempotent.
    from events.fairs.tasks import booth_decision_email_send

    assert booth_decision_email_send(application.pk) is False
    assert len(mail.outbox) == 2


def test_decisions_refused_without_reason_twice_or_by_a_non_officer(fair):
    officer = OfficerFactory()
    application = BoothApplicationFactory(fair=fair)
    with pytest.raises(ValidationError) as caught:
        booth_application_decide(application=application, officer=officer, decision="rejected", reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        booth_application_decide(application=application, officer=UserFactory(), decision="approved")
    with pytest.raises(ValidationError):
        booth_application_decide(application=application, officer=officer, decision="maybe")
    booth_application_decide(application=application, officer=officer, decision="rejected", reason="Hết hạn OCOP")
    with pytest.raises(ValidationError) as caught:
        booth_application_decide(application=application, officer=officer, decision="approved")
    assert caught.value.code == "already_decided"


def test_officers_decide_in_the_wagtail_admin_with_messages_on_refusal(client, fair):
    officer = OfficerFactory()
    full = FairPageFactory(parent=fair.get_parent(), booth_capacity=0)
    refused = BoothApplicationFactory(fair=full, producer=ProducerFactory(name="HTX Hết chỗ"))
    accepted = BoothApplicationFactory(fair=fair, producer=ProducerFactory(name="HTX Được duyệt"))
    client.force_login(officer)
    listing = client.get(reverse("fairs_booth_applications:index"))
    assert listing.status_code == 200
    assert "HTX Hết chỗ" in listing.content.decode() and "HTX Được duyệt" in listing.content.decode()
    url = reverse("fairs_booth_applications:decide", args=[refused.pk])
    response = client.post(url, {"decision": "approved", "reason": ""})
    assert response.status_code == 400
    code, message = _form_refusal(response)
    assert code == "capacity_full"
    assert [str(m) for m in response.context["messages"]] == [message]
    response = client.post(reverse("fairs_booth_applications:decide", args=[accepted.pk]), {"decision": "approved"})
    assert response.status_code == 302
    accepted.refresh_from_db()
    refused.refresh_from_db()
    assert (accepted.status, accepted.decided_by, refused.status) == ("approved", officer, "submitted")


def test_the_admin_queue_is_closed_to_other_users(client, fair):
    BoothApplicationFactory(fair=fair)
    from tests.factories import EditorFactory

    client.force_login(EditorFactory())
    assert client.get(reverse("fairs_booth_applications:index")).status_code in (302, 403)
    client.force_login(ProducerUserFactory())
    assert client.get(reverse("fairs_booth_applications:index")).status_code in (302, 403)


def test_lich_ics_paths_serve_the_same_calendars(rf, index, fair):
    from events.fairs.views import page_ics

    feed = page_ics(rf.get(index.url + "lich.ics"), path=index.url.strip("/") + "/")
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [fair.title]
    one = page_ics(rf.get(fair.url + "lich.ics"), path=fair.url.strip("/") + "/")
    assert 'filename="hoi-cho-ocop-viet-tri.ics"' in one["Content-Disposition"]
    assert Calendar.from_ical(one.content).walk("VEVENT")[0]["DTSTART"].dt == _at(30, 8)
    from django.http import Http404

    with pytest.raises(Http404):
        page_ics(rf.get("/lich.ics"), path="")
    with pytest.raises(Http404):
        page_ics(rf.get("/khong-co/lich.ics"), path="khong-co/")


# Demo ------------------------------------------------------------------------------------------------------------


def test_demo_makes_fairs_in_both_languages_once(home_page, places, producer_user):
    _user, producer, tea = producer_user
    others = [ProducerFactory(region=places["viet_tri"]) for _ in range(3)]
    products = [tea] + [ProductFactory(stockrecord__producer=p, certification=False) for p in others]
    first = fairs_load_demo(home_page=home_page, producers=[producer, *others], products=products)
    again = fairs_load_demo(home_page=home_page, producers=[producer, *others], products=products)
    assert first["index"].pk == again["index"].pk and first["index"].slug == "hoi-cho"
    en = Locale.objects.get(language_code="en")
    assert FairIndexPage.objects.filter(locale=en).count() == 1
    assert FairPage.objects.filter(locale__language_code="vi").count() == 4
    assert FairPage.objects.filter(locale=en, live=True).count() == 4
    issue_date = datetime.datetime(2026, 11, 28, tzinfo=HCM)
    starts = sorted(f.start for f in FairPage.objects.filter(locale__language_code="vi"))
    assert sum(start > issue_date for start in starts) == 2 and starts[-1].year == 2027
    assert sorted(BoothApplication.objects.values_list("status", flat=True)) == sorted(BoothApplication.Status.values)
    # Officers may publish fairs under both indexes, and nobody else is given anything.
    officer = OfficerFactory()
    for index in FairIndexPage.objects.all():
        assert index.permissions_for_user(officer).can_add_subpage()
        assert index.permissions_for_user(officer).can_publish_subpage()
        assert not index.permissions_for_user(UserFactory()).can_add_subpage()
    assert officer.has_perm("fairs.change_venue")
    english_fair = FairPage.objects.filter(locale=en).order_by("start").last()
    assert {s.title for s in english_fair.sessions.all()} == {"Morning", "Afternoon and evening"}
