"""The trainings' .ics files parse back with icalendar, in Asia/Ho_Chi_Minh, with the place or the meeting link
(no database)."""

import datetime
import uuid
import zoneinfo

from icalendar import Calendar
from wagtail.models import Locale

from events.trainings.ical import ical_calendar
from events.trainings.models import TrainingPage
from marketplace.regions.models import Region

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


def _training(**kwargs) -> TrainingPage:
    province = Region(pk=1, name="Tỉnh Phú Thọ", kind=Region.Kind.PROVINCE)
    ward = Region(pk=2, name="Phường Việt Trì", kind=Region.Kind.WARD, parent=province)
    defaults = {
        "title": "Tập huấn bao bì, ghi nhãn",
        "slug": "tap-huan-bao-bi",
        "summary": "Thiết kế bao bì và ghi nhãn sản phẩm.",
        "topic": TrainingPage.Topic.PACKAGING_LABELS,
        # 01:00 UTC is 08:00 in Việt Nam; 04:30 UTC is 11:30.
        "starts_at": datetime.datetime(2027, 2, 15, 1, 0, tzinfo=UTC),
        "ends_at": datetime.datetime(2027, 2, 15, 4, 30, tzinfo=UTC),
        "mode": TrainingPage.Mode.IN_PERSON,
        "venue": "Hội trường UBND phường",
        "street_address": "Số 1 đường Hùng Vương",
        "region": ward,
        "translation_key": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        # An unsaved locale and a content type id: Wagtail would otherwise look both up in the database.
        "locale": Locale(pk=1, language_code="vi"),
        "content_type_id": 1,
    }
    defaults.update(kwargs)
    return TrainingPage(**defaults)


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_an_in_person_training_is_one_event_in_local_time_at_its_place():
    body = ical_calendar(
        trainings=[_training()], name="Tập huấn", url_for=lambda training: "https://cho.example.vn/tap-huan/a/"
    )
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == datetime.datetime(2027, 2, 15, 8, 0, tzinfo=HCM)
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event["DTEND"].dt == datetime.datetime(2027, 2, 15, 11, 30, tzinfo=HCM)
    assert str(event["SUMMARY"]) == "Tập huấn bao bì, ghi nhãn"
    assert str(event["LOCATION"]) == "Hội trường UBND phường, Số 1 đường Hùng Vương, Phường Việt Trì, Tỉnh Phú Thọ"
    assert str(event["URL"]) == "https://cho.example.vn/tap-huan/a/"
    assert str(event["UID"]) == "training-12345678-1234-5678-1234-567812345678@ocop-market"
    assert "Thiết kế bao bì" in str(event["DESCRIPTION"])
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-CALNAME"]) == "Tập huấn"


def test_an_online_training_is_located_at_its_meeting_link():
    online = _training(mode=TrainingPage.Mode.ONLINE, meeting_url="https://meet.example.vn/ocop", region=None, venue="")
    (event,) = _events(ical_calendar(trainings=[online], url_for=lambda training: ""))
    assert str(event["LOCATION"]) == "https://meet.example.vn/ocop"
    assert "https://meet.example.vn/ocop" in str(event["DESCRIPTION"])
    assert "URL" not in event


def test_a_feed_holds_one_event_per_training_with_distinct_uids():
    first = _training()
    second = _training(title="Tập huấn sở hữu trí tuệ", translation_key=uuid.uuid4())
    events = _events(ical_calendar(trainings=[first, second], url_for=lambda training: ""))
    assert [str(e["SUMMARY"]) for e in events] == ["Tập huấn bao bì, ghi nhãn", "Tập huấn sở hữu trí tuệ"]
    assert len({str(e["UID"]) for e in events}) == 2
