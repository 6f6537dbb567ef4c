"""Trainings (tập huấn): page rules, registration and its refusals, cancellation, attendance, the role matrix over
every URL, the index, iCal, the attendance summary for the programme dashboard, the demo and the last-seat race."""

import datetime
import html
import threading
import zoneinfo

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage
from events.trainings import selectors
from events.trainings.demo import trainings_load_demo
from events.trainings.models import TrainingIndexPage, TrainingPage, TrainingRegistration
from events.trainings.services import (
    training_attendance_mark,
    training_register,
    training_registration_cancel,
    trainings_grant_officer_permissions,
)
from tests.factories import (
    CommuneOfficerFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    TrainingIndexPageFactory,
    TrainingPageFactory,
    TrainingRegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(days: int, hour: int = 8) -> datetime.datetime:
    """A time ``days`` from today at ``hour`` o'clock in Việt Nam."""
    return datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour), HCM)


@pytest.fixture
def index(home_page):
    return TrainingIndexPageFactory(parent=home_page)


@pytest.fixture
def training(index, places):
    return TrainingPageFactory(
        parent=index, title="Tập huấn an toàn thực phẩm", slug="tap-huan-attp", region=places["viet_tri"], capacity=2
    )


@pytest.fixture
def producer_user(places):
    producer = ProducerFactory(name="HTX Chè Long Cốc", region=places["viet_tri"])
    return ProducerUserFactory(producer=producer, email="giamdoc@example.vn")


def _refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Page-type rules and validation ------------------------------------------------------------------------------------


class TestTrainingPageTypes(WagtailPageTestCase):
    def test_trainings_only_under_the_training_index_and_the_index_under_home(self):
        self.assertAllowedParentPageTypes(TrainingPage, {TrainingIndexPage})
        self.assertAllowedSubpageTypes(TrainingIndexPage, {TrainingPage})
        self.assertAllowedSubpageTypes(TrainingPage, set())
        self.assertAllowedParentPageTypes(TrainingIndexPage, {HomePage})
        self.assertCanNotCreateAt(Page, TrainingPage)
        self.assertCanNotCreateAt(HomePage, TrainingPage)


def _errors(index, **fields) -> dict:
    """The field errors Wagtail's save (which runs full_clean) raises for a training with these fields."""
    with pytest.raises(ValidationError) as caught:
        TrainingPageFactory(parent=index, **fields)
    return caught.value.message_dict


def test_page_validation_rules(index, places):
    with translation.override("en"):
        errors = _errors(index, mode="online", meeting_url="http://meet.example.vn/x", region=None)
        assert errors["meeting_url"] == ["Enter the meeting's web address, starting with https://."]
        errors = _errors(index, mode="online", meeting_url="javascript:alert(1)", region=None)
        assert "meeting_url" in errors
        errors = _errors(index, mode="online", meeting_url="", region=None)
        assert errors["meeting_url"] == ["An online training needs its meeting link (https://…)."]
        errors = _errors(index, region=None, venue="", capacity=0, ends_at=_at(14, 7), registration_deadline=_at(15))
        assert set(errors) >= {"region", "venue", "capacity", "ends_at", "registration_deadline"}
        assert errors["ends_at"] == ["A training must end after it starts."]
    assert not TrainingPage.objects.exists()
    online = TrainingPageFactory(parent=index, mode="online", meeting_url="https://meet.example.vn/ocop", region=None)
    assert online.registration_closes == online.starts_at  # no deadline: registration closes at the start


def test_officers_may_add_and_publish_trainings_under_the_index(index):
    officer, shopper = OfficerFactory(), UserFactory()
    trainings_grant_officer_permissions(index=index)
    trainings_grant_officer_permissions(index=index)  # idempotent
    officer_perms = index.permissions_for_user(officer)
    assert officer_perms.can_add_subpage() and officer_perms.can_publish_subpage()
    assert not index.permissions_for_user(shopper).can_add_subpage()


# Registration -------------------------------------------------------------------------------------------------------


def test_a_producer_and_an_officer_register(training, producer_user):
    officer = OfficerFactory()
    mine = training_register(training=training, user=producer_user)
    assert mine.producer.name == "HTX Chè Long Cốc" and mine.is_active
    theirs = training_register(training=training, user=officer)
    assert theirs.producer is None
    assert selectors.training_registered_count(training=training) == 2
    commune_officer = CommuneOfficerFactory()
    training.capacity = 3
    training.save()
    assert training_register(training=training, user=commune_officer).user == commune_officer


def test_a_shopper_cannot_register(training):
    error = _refusal(lambda: training_register(training=training, user=UserFactory()))
    assert error.code == "not_eligible"
    assert not TrainingRegistration.objects.exists()


def test_the_audience_decides_who_may_register(index, places, producer_user):
    officer = OfficerFactory()
    for_officers = TrainingPageFactory(parent=index, audience="officers", region=places["viet_tri"])
    for_producers = TrainingPageFactory(parent=index, audience="producers", region=places["viet_tri"])
    with translation.override("en"):
        error = _refusal(lambda: training_register(training=for_officers, user=producer_user))
        assert (error.code, error.messages) == ("wrong_audience", ["This training is for officers only."])
        error = _refusal(lambda: training_register(training=for_producers, user=officer))
        assert (error.code, error.messages) == ("wrong_audience", ["This training is for producers only."])
    assert not TrainingRegistration.objects.exists()
    assert training_register(training=for_producers, user=producer_user).producer is not None
    assert training_register(training=for_officers, user=officer).producer is None


def test_full_capacity_is_refused_with_a_message_and_nothing_written(training):
    officers = [OfficerFactory() for _ in range(3)]
    training_register(training=training, user=officers[0])
    training_register(training=training, user=officers[1])
    with translation.override("en"):
        error = _refusal(lambda: training_register(training=training, user=officers[2]))
    assert error.code == "full"
    assert error.messages == ["All 2 seats of this training are taken."]
    assert TrainingRegistration.objects.filter(training=training).count() == 2


def test_registering_twice_is_refused(training, producer_user):
    training_register(training=training, user=producer_user)
    with translation.override("en"):
        error = _refusal(lambda: training_register(training=training, user=producer_user))
    assert (error.code, error.messages) == ("duplicate", ["You are already registered for this training."])
    assert TrainingRegistration.objects.filter(user=producer_user).count() == 1


def test_registration_after_the_start_or_the_deadline_is_refused(index, places, producer_user):
    started = TrainingPageFactory(parent=index, starts_at=_at(0, 0), ends_at=_at(2), region=places["viet_tri"])
    closed = TrainingPageFactory(
        parent=index, starts_at=_at(5), registration_deadline=_at(-1, 17), region=places["viet_tri"]
    )
    with translation.override("en"):
        error = _refusal(lambda: training_register(training=started, user=producer_user))
        assert error.code == "started"
        assert error.messages == ["This training has already started: registration is closed."]
        error = _refusal(lambda: training_register(training=closed, user=producer_user))
        assert error.code == "deadline_passed"
        assert error.messages[0].startswith("Registration for this training closed on ")
    assert not TrainingRegistration.objects.exists()


def test_cancel_frees_the_seat_and_allows_registering_again(training, producer_user):
    registration = training_register(training=training, user=producer_user)
    with pytest.raises(PermissionDenied):
        training_registration_cancel(registration=registration, user=UserFactory())
    training_registration_cancel(registration=registration, user=producer_user)
    assert selectors.training_registered_count(training=training) == 0
    error = _refusal(lambda: training_registration_cancel(registration=registration, user=producer_user))
    assert error.code == "already_cancelled"
    again = training_register(training=training, user=producer_user)
    assert again.pk != registration.pk
    assert TrainingRegistration.objects.filter(user=producer_user).count() == 2  # the cancelled one is kept


def test_no_cancelling_once_started(training, producer_user):
    registration = training_register(training=training, user=producer_user)
    later = training.starts_at + datetime.timedelta(minutes=1)
    error = _refusal(lambda: training_registration_cancel(registration=registration, user=producer_user, now=later))
    assert error.code == "started"
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_a_registration_through_the_english_page_belongs_to_the_vietnamese_one(training, producer_user):
    english = training.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    registration = training_register(training=english, user=producer_user)
    assert registration.training_id == training.pk


# Attendance ---------------------------------------------------------------------------------------------------------


def _started(index, places, **kwargs) -> TrainingPage:
    return TrainingPageFactory(
        parent=index, starts_at=_at(-1), ends_at=_at(-1, 11), region=places["viet_tri"], **kwargs
    )


def test_attendance_by_the_organiser_or_an_officer_only(index, places, producer_user):
    organiser = UserFactory(email="to-chuc@example.vn")
    past = _started(index, places, organiser=organiser)
    came = TrainingRegistrationFactory(training=past, user=producer_user)
    missed = TrainingRegistrationFactory(training=past)
    assert training_attendance_mark(training=past, user=organiser, attended_ids=[came.pk]) == 2
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended and came.attendance_marked_by == organiser and not missed.attended
    # Marking the same again changes nothing.
    assert training_attendance_mark(training=past, user=OfficerFactory(), attended_ids=[came.pk]) == 0
    for outsider in (producer_user, UserFactory(), CommuneOfficerFactory()):
        with pytest.raises(PermissionDenied):
            training_attendance_mark(training=past, user=outsider, attended_ids=[came.pk, missed.pk])
    missed.refresh_from_db()
    assert not missed.attended


def test_attendance_waits_for_the_start_and_only_for_registered_people(training, producer_user):
    registration = TrainingRegistrationFactory(training=training, user=producer_user)
    officer = OfficerFactory()
    assert _refusal(
        lambda: training_attendance_mark(training=training, user=officer, attended_ids=[registration.pk])
    ).code == ("not_started")
    later = training.starts_at + datetime.timedelta(hours=1)
    other = TrainingRegistrationFactory(training=TrainingPageFactory(parent=training.get_parent()))
    assert (
        _refusal(
            lambda: training_attendance_mark(training=training, user=officer, attended_ids=[other.pk], now=later)
        ).code
        == "unknown"
    )
    registration.refresh_from_db()
    assert registration.attendance_marked_at is None


def test_attendance_sheet_marks_and_is_audited_with_the_officer(client, index, places, producer_user):
    past = _started(index, places)
    registration = TrainingRegistrationFactory(training=past, user=producer_user)
    officer = OfficerFactory()
    client.force_login(officer)
    url = reverse("trainings:attendance", kwargs={"pk": past.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{registration.pk}"' in page.content.decode()
    response = client.post(url, {"attended": [str(registration.pk)]})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended and registration.attendance_marked_by == officer
    entries = LogEntry.objects.get_for_object(registration)
    assert entries.filter(actor=officer, changes__icontains="attended").exists()


def test_attendance_sheet_refusal_re_renders_with_the_reason(client, training, producer_user):
    registration = TrainingRegistrationFactory(training=training, user=producer_user)
    client.force_login(OfficerFactory())
    response = client.post(
        reverse("trainings:attendance", kwargs={"pk": training.pk}), {"attended": [str(registration.pk)]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["__all__"][0].code == "not_started"
    registration.refresh_from_db()
    assert registration.attendance_marked_at is None


# Every URL for every role ---------------------------------------------------------------------------------------------


@pytest.fixture
def people(producer_user):
    return {"anonymous": None, "shopper": UserFactory(), "producer": producer_user, "officer": OfficerFactory()}


def _client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_role_matrix_over_every_training_url(client, training, people):
    login = reverse("customer:login")
    urls = {
        "register": reverse("trainings:register", kwargs={"pk": training.pk}),
        "cancel": reverse("trainings:cancel", kwargs={"pk": training.pk}),
        "attendance": reverse("trainings:attendance", kwargs={"pk": training.pk}),
        "ical": reverse("trainings:ical", kwargs={"pk": training.pk}),
        "mine": reverse("trainings:mine"),
        "page": training.url,
        "index": training.get_parent().url,
        "feed": training.get_parent().url + "ics/",
    }
    # (method, url) → role → expected status
    expected = {
        ("post", "register"): {"anonymous": 302, "shopper": 403, "producer": 302, "officer": 302},
        ("get", "register"): {"anonymous": 405, "shopper": 405, "producer": 405, "officer": 405},
        ("post", "cancel"): {"anonymous": 302, "shopper": 302, "producer": 302, "officer": 302},
        ("get", "cancel"): {"anonymous": 405, "shopper": 405, "producer": 405, "officer": 405},
        ("get", "attendance"): {"anonymous": 302, "shopper": 403, "producer": 403, "officer": 200},
        ("post", "attendance"): {"anonymous": 302, "shopper": 403, "producer": 403, "officer": 400},
        ("get", "ical"): {"anonymous": 200, "shopper": 200, "producer": 200, "officer": 200},
        ("get", "mine"): {"anonymous": 302, "shopper": 200, "producer": 200, "officer": 200},
        ("get", "page"): {"anonymous": 200, "shopper": 200, "producer": 200, "officer": 200},
        ("get", "index"): {"anonymous": 200, "shopper": 200, "producer": 200, "officer": 200},
        ("get", "feed"): {"anonymous": 200, "shopper": 200, "producer": 200, "officer": 200},
    }
    for (method, name), by_role in expected.items():
        for role, status in by_role.items():
            response = getattr(_client_for(client, people[role]), method)(urls[name])
            assert response.status_code == status, (method, name, role, response.status_code)
            if role == "anonymous" and status == 302:
                assert response["Location"].startswith(login), (method, name)
    # The producer and the officer hold the two seats; the shopper holds none.
    assert set(TrainingRegistration.objects.values_list("user__username", flat=True)) == {
        people["producer"].username,
        people["officer"].username,
    }


def test_the_organiser_opens_the_sheet_of_their_training_only(client, index, places, training):
    organiser = UserFactory()
    own = _started(index, places, organiser=organiser)
    client.force_login(organiser)
    assert client.get(reverse("trainings:attendance", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("trainings:attendance", kwargs={"pk": training.pk})).status_code == 403


def test_register_view_shows_refusals_as_messages_and_writes_nothing(client, training, producer_user):
    for _ in range(2):
        TrainingRegistrationFactory(training=training)
    client.force_login(producer_user)
    response = client.post(reverse("trainings:register", kwargs={"pk": training.pk}))
    assert response.status_code == 302 and response["Location"] == training.url
    expected = ngettext(
        "The only seat of this training is taken.", "All %(capacity)s seats of this training are taken.", 2
    ) % {"capacity": 2}
    assert _messages(response) == [expected]
    assert not TrainingRegistration.objects.filter(user=producer_user).exists()


def test_a_producer_registers_sees_it_then_cancels(client, training, producer_user):
    client.force_login(producer_user)
    page = client.get(training.url)
    assert reverse("trainings:register", kwargs={"pk": training.pk}) in page.content.decode()
    response = client.post(reverse("trainings:register", kwargs={"pk": training.pk}), follow=True)
    assert gettext("You are registered for this training.") in html.unescape(response.content.decode())
    assert reverse("trainings:cancel", kwargs={"pk": training.pk}) in response.content.decode()
    mine = client.get(reverse("trainings:mine"))
    assert training.title in html.unescape(mine.content.decode())
    response = client.post(reverse("trainings:cancel", kwargs={"pk": training.pk}))
    assert _messages(response) == [gettext("Your registration is cancelled.")]
    assert not TrainingRegistration.objects.filter(user=producer_user, cancelled_at__isnull=True).exists()


def test_unpublished_trainings_are_not_found(client, training, producer_user):
    training.unpublish()
    client.force_login(producer_user)
    assert client.post(reverse("trainings:register", kwargs={"pk": training.pk})).status_code == 404
    assert client.get(reverse("trainings:ical", kwargs={"pk": training.pk})).status_code == 404
    assert not TrainingRegistration.objects.exists()


# The index and iCal ---------------------------------------------------------------------------------------------------


def test_the_index_lists_upcoming_then_past_with_bounded_queries(client, index, places, django_assert_max_num_queries):
    def make(n, days):
        return TrainingPageFactory(
            parent=index, title=f"Lớp {n}", starts_at=_at(days), ends_at=_at(days, 11), region=places["viet_tri"]
        )

    later, sooner, past, older = make("C", 20), make("B", 3), make("Y", -5), make("Z", -40)
    online = TrainingPageFactory(
        parent=index, title="Lớp trực tuyến", mode="online", meeting_url="https://meet.example.vn/a", region=None
    )
    with django_assert_max_num_queries(15):
        response = client.get(index.url)
    assert response.status_code == 200
    assert [t.pk for t in response.context["upcoming"]] == [sooner.pk, online.pk, later.pk]
    assert [t.pk for t in response.context["past"]] == [past.pk, older.pk]
    text = html.unescape(response.content.decode())
    assert text.index("Lớp B") < text.index("Lớp C") < text.index("Lớp Y") < text.index("Lớp Z")
    for n in range(6):
        make(f"D{n}", 30 + n)
    with django_assert_max_num_queries(15):
        assert client.get(index.url).status_code == 200


def test_a_training_ics_parses_back(client, training):
    response = client.get(reverse("trainings:ical", kwargs={"pk": training.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tập huấn an toàn thực phẩm"
    assert event["DTSTART"].dt == _at(14, 8)
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert "Phường Việt Trì" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(training.url)
    feed = client.get(training.get_parent().url + "ics/")
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [training.title]


# The programme dashboard's figures ---------------------------------------------------------------------------------


def test_attendance_summary_counts_per_training_and_year(index, places):
    new_year_eve = TrainingPageFactory(
        parent=index,
        starts_at=datetime.datetime(2026, 12, 31, 23, 0, tzinfo=HCM),
        ends_at=datetime.datetime(2027, 1, 1, 1, 0, tzinfo=HCM),
        region=places["viet_tri"],
    )
    new_year = TrainingPageFactory(
        parent=index,
        starts_at=datetime.datetime(2027, 1, 1, 8, 0, tzinfo=HCM),
        ends_at=datetime.datetime(2027, 1, 1, 11, 0, tzinfo=HCM),
        region=places["viet_tri"],
    )
    TrainingRegistrationFactory(training=new_year_eve, attended=True)
    TrainingRegistrationFactory(training=new_year_eve, attended=True)
    TrainingRegistrationFactory(training=new_year_eve, attended=False)
    TrainingRegistrationFactory(training=new_year_eve, attended=True, cancelled_at=timezone.now())  # not counted
    TrainingRegistrationFactory(training=new_year, attended=True)
    # An English translation is the same training: not counted twice.
    english = new_year_eve.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()

    summary_2026 = selectors.training_attendance_summary(year=2026)
    assert [(row["id"], row["registered"], row["attended"]) for row in summary_2026["trainings"]] == [
        (new_year_eve.pk, 3, 2)
    ]
    assert summary_2026["total"] == {"trainings": 1, "registered": 3, "attended": 2}
    summary_2027 = selectors.training_attendance_summary(year=2027)
    assert summary_2027["total"] == {"trainings": 1, "registered": 1, "attended": 1}
    assert selectors.training_attendance_summary(year=2025)["total"] == {"trainings": 0, "registered": 0, "attended": 0}


# Demo ---------------------------------------------------------------------------------------------------------------


def test_demo_makes_an_index_and_trainings_once(home_page, places):
    organiser = OfficerFactory()
    first = trainings_load_demo(home_page=home_page, organiser=organiser)
    second = trainings_load_demo(home_page=home_page, organiser=organiser)
    assert [t.pk for t in first["trainings"]] == [t.pk for t in second["trainings"]]
    trainings = first["trainings"]
    assert len(trainings) == 3
    assert TrainingPage.objects.filter(locale__language_code="vi").count() == 3
    assert TrainingPage.objects.filter(locale__language_code="en").count() == 3
    in_person = [t for t in trainings if t.mode == "in_person"]
    online = [t for t in trainings if t.mode == "online"]
    assert in_person and all(t.region.parent.slug == "phu-tho" for t in in_person)
    assert online and all(t.meeting_url.startswith("https://") for t in online)
    topics = {t.topic for t in trainings}
    assert topics <= set(TrainingPage.Topic.values) and len(topics) == 3
    for page in trainings:
        page.full_clean()
    assert first["index"].permissions_for_user(OfficerFactory()).can_add_subpage()


# The last seat, raced ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (SQLite serialises all writers)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_racing_for_the_last_seat_get_exactly_one(index, places):
    last_seat = TrainingPageFactory(parent=index, capacity=1, region=places["viet_tri"])
    racers = [ProducerUserFactory(producer=ProducerFactory()), OfficerFactory()]
    barrier = threading.Barrier(len(racers), timeout=30)
    outcomes = [None] * len(racers)
    messages = [None] * len(racers)

    def register(n: int) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                training_register(training=last_seat, user=racers[n])
                outcomes[n] = "registered"
        except ValidationError as error:
            outcomes[n] = error.code
            messages[n] = error.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["full", "registered"]
    assert [m for m in messages if m] == ["The only seat of this training is taken."]
    assert TrainingRegistration.objects.filter(training=last_seat).count() == 1


def test_fair_and_training_pages_lead_back_to_their_index(client, training, home_page, places):
    from tests.factories import FairIndexPageFactory, FairPageFactory

    fair = FairPageFactory(parent=FairIndexPageFactory(parent=home_page))
    for page in (training, fair):
        body = client.get(page.url).content.decode()
        trail = body[body.index('<ol class="breadcrumb">') : body.index("</ol>", body.index('<ol class="breadcrumb">'))]
        parent = page.get_parent()
        assert f'<a href="{parent.url}">{html.escape(parent.title)}</a>' in trail
        assert f'aria-current="page">{html.escape(page.title)}</li>' in trail
