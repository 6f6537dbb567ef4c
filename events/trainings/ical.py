"""iCalendar (.ics) files for trainings: one per training, and a feed of the upcoming ones.

The response and the time zone come from the fairs' iCal module (one way to serve calendars); the events
differ: a training is one event, its location is the venue and address or, online, the meeting link.
"""

from django.utils import timezone
from icalendar import Calendar, Event

from events.fairs.ical import ical_response
from events.fairs.models import local_zone

__all__ = ["ical_calendar", "ical_response", "training_event"]

PRODID = "-//OCOP Market//Trainings//VI"


def training_event(*, training, url: str = "") -> Event:
    """The calendar event of one training (``url``: the training page's address, for calendar apps)."""
    zone = local_zone()
    event = Event()
    event.add("uid", f"training-{training.translation_key}@ocop-market")
    event.add("dtstamp", timezone.now())
    event.add("summary", training.title)
    event.add("dtstart", training.starts_at.astimezone(zone))
    event.add("dtend", training.ends_at.astimezone(zone))
    lines = [training.summary, str(training.get_topic_display())]
    if training.is_online and training.meeting_url:
        lines.append(training.meeting_url)
    description = "\n".join(line for line in lines if line)
    if description:
        event.add("description", description)
    location = training.meeting_url if training.is_online else training.full_address
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def ical_calendar(*, trainings, request=None, name: str = "", url_for=None) -> bytes:
    """A VCALENDAR with the trainings' events and the time zone they use.

    ``url_for(training)`` gives each training's address (by default its page's full URL).
    """
    if url_for is None:

        def url_for(training):
            return training.get_full_url(request=request) or ""

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(local_zone()))
    for training in trainings:
        cal.add_component(training_event(training=training, url=url_for(training)))
    cal.add_missing_timezones()
    return cal.to_ical()
