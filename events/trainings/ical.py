"""iCalendar (.ics) files for trainings: one per training, and a feed of the upcoming ones.

The response and the time zone come from the fairs' iCal module (one way to serve calendars); the events
differ: a training is one event, its location is the venue and address or, online, the meeting link.
"""

from django.utils import timezone
from icalendar import Event

from events.fairs.ical import calendar_build, ical_response
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
    return calendar_build(
        items=trainings,
        events_for=lambda training, url: [training_event(training=training, url=url)],
        prodid=PRODID,
        request=request,
        name=name,
        url_for=url_for,
    )
