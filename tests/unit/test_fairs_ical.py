"""The .ics files parse back with icalendar and carry the fair's hours in Asia/Ho_Chi_Minh (no database)."""

import datetime
import zoneinfo

from icalendar import Calendar
from wagtail.models import Locale

from events.fairs.ical import ical_calendar
from events.fairs.models import FairPage, FairSession

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


def _parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def _events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def _fair(**kwargs) -> FairPage:
    defaults = {
        "title": "Hội chợ OCOP Phú Thọ",
        "slug": "hoi-cho-ocop",
        # 01:00 UTC is 08:00 in Việt Nam; 14:00 UTC is 21:00.
        "start": datetime.datetime(2027, 4, 10, 1, 0, tzinfo=UTC),
        "end": datetime.datetime(2027, 4, 12, 14, 0, tzinfo=UTC),
        "summary": "Gian hàng OCOP",
        "organiser": "Sở Công Thương tỉnh Phú Thọ",
        # An unsaved locale and a content type id: Wagtail would otherwise look both up in the database.
        "locale": Locale(pk=1, language_code="vi"),
        "content_type_id": 1,
    }
    defaults.update(kwargs)
    return FairPage(**defaults)


def test_a_fair_without_sessions_is_one_event_in_local_time():
    body = ical_calendar(fairs=[_fair()], name="Hội chợ", url_for=lambda fair: "https://cho.example.vn/hoi-cho/a/")
    calendar = _parse(body)
    (event,) = _events(calendar)
    start, end = event["DTSTART"], event["DTEND"]
    assert start.dt == datetime.datetime(2027, 4, 10, 8, 0, tzinfo=HCM)
    assert (start.dt.hour, end.dt.hour) == (8, 21)
    assert start.params["TZID"] == "Asia/Ho_Chi_Minh"
    assert end.dt == datetime.datetime(2027, 4, 12, 21, 0, tzinfo=HCM)
    assert str(event["SUMMARY"]) == "Hội chợ OCOP Phú Thọ"
    assert str(event["URL"]) == "https://cho.example.vn/hoi-cho/a/"
    assert "Sở Công Thương tỉnh Phú Thọ" in str(event["DESCRIPTION"])
    # The time zone travels with the file, so calendar apps need not know it.
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-CALNAME"]) == "Hội chợ"


def test_each_session_is_an_event_at_its_local_hours():
    fair = _fair(
        sessions=[
            FairSession(
                date=datetime.date(2027, 4, 10),
                start_time=datetime.time(8),
                end_time=datetime.time(11, 30),
                title="Khai mạc",
            ),
            FairSession(
                date=datetime.date(2027, 4, 11),
                start_time=datetime.time(18),
                end_time=datetime.time(21),
                title="Đêm hội",
            ),
        ]
    )
    events = _events(_parse(ical_calendar(fairs=[fair], url_for=lambda fair: "")))
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [
        (datetime.datetime(2027, 4, 10, 8, 0, tzinfo=HCM), datetime.datetime(2027, 4, 10, 11, 30, tzinfo=HCM)),
        (datetime.datetime(2027, 4, 11, 18, 0, tzinfo=HCM), datetime.datetime(2027, 4, 11, 21, 0, tzinfo=HCM)),
    ]
    # In UTC the evening session starts at 11:00: the offset is +07:00, all year round.
    assert events[1]["DTSTART"].dt.astimezone(UTC).hour == 11
    assert [str(e["SUMMARY"]) for e in events] == ["Hội chợ OCOP Phú Thọ: Khai mạc", "Hội chợ OCOP Phú Thọ: Đêm hội"]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 2
    assert all("URL" not in e for e in events)


def test_a_feed_holds_every_fair_with_stable_identifiers():
    first, second = _fair(), _fair(title="Hội chợ mùa thu", start=datetime.datetime(2027, 9, 1, 1, tzinfo=UTC))
    body = ical_calendar(fairs=[first, second], url_for=lambda fair: "")
    again = ical_calendar(fairs=[first, second], url_for=lambda fair: "")
    uids = [str(e["UID"]) for e in _events(_parse(body))]
    assert uids == [str(e["UID"]) for e in _events(_parse(again))]
    assert len(set(uids)) == 2
    assert str(first.translation_key) in uids[0]


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar = _parse(ical_calendar(fairs=[], url_for=lambda fair: ""))
    assert calendar.name == "VCALENDAR"
    assert _events(calendar) == []
    assert str(calendar["VERSION"]) == "2.0"
