"""iCalendar (.ics) files for fairs: one per fair, and a feed of the upcoming ones (``icalendar`` library).

Times are written in Asia/Ho_Chi_Minh with a VTIMEZONE, so calendar apps show the local hours.
A fair with sessions becomes one event per session (the hours visitors can come); without sessions,
one event from start to end.
"""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from events.fairs.models import local_zone

PRODID = "-//OCOP Market//Fairs//VI"


def _uid(fair, suffix: str = "") -> str:
    return f"fair-{fair.translation_key}{suffix}@ocop-market"


def _location(fair) -> str:
    venue = fair.venue
    if venue is None:
        return ""
    address = venue.full_address
    return f"{venue.name}, {address}" if address else venue.name


def fair_events(*, fair, url: str = "") -> list[Event]:
    """The calendar events of one fair (``url``: the fair page's address, for calendar apps to link to)."""
    zone = local_zone()
    location = _location(fair)
    stamp = timezone.now()
    sessions = list(fair.sessions.all())
    slots = [(f"-{n}", f"{fair.title}: {s.title}", s.starts_at, s.ends_at) for n, s in enumerate(sessions, 1)] or [
        ("", fair.title, fair.start.astimezone(zone), fair.end.astimezone(zone))
    ]
    events = []
    for suffix, summary, start, end in slots:
        event = Event()
        event.add("uid", _uid(fair, suffix))
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("dtstart", start.astimezone(zone))
        event.add("dtend", end.astimezone(zone))
        # ORGANIZER must be an address (mailto:); the organiser's name goes into the description instead.
        description = "\n".join(text for text in (fair.summary, fair.organiser) if text)
        if description:
            event.add("description", description)
        if location:
            event.add("location", location)
        if fair.venue is not None and fair.venue.has_coordinates:
            event.add("geo", vGeo((fair.venue.latitude, fair.venue.longitude)))
        if url:
            event.add("url", url)
        events.append(event)
    return events


def calendar_build(*, items, events_for, prodid: str, request=None, name: str = "", url_for=None) -> bytes:
    """A VCALENDAR with the events ``events_for(item, url)`` gives for each item, and the time zone they use.

    ``url_for(item)`` gives each item's address (by default its page's full URL). Shared by fairs and trainings.
    """
    if url_for is None:

        def url_for(item):
            return item.get_full_url(request=request) or ""

    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(local_zone()))
    for item in items:
        for event in events_for(item, url_for(item)):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def ical_calendar(*, fairs, request=None, name: str = "", url_for=None) -> bytes:
    """A VCALENDAR with the fairs' events and the time zone they use.

    ``url_for(fair)`` gives each fair's address (by default its page's full URL).
    """
    return calendar_build(
        items=fairs,
        events_for=lambda fair, url: fair_events(fair=fair, url=url),
        prodid=PRODID,
        request=request,
        name=name,
        url_for=url_for,
    )


def ical_response(*, body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
