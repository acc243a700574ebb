"""A meeting as one iCalendar VEVENT: the same UID, SEQUENCE, times (Europe/Oslo) and place in the e-mailed
invitation and in every feed, so a calendar that holds both shows one event."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Event

TZID = "Europe/Oslo"


def event_uid(meeting):
    return f"{meeting.uid}@bygdevekst"


def when(meeting):
    """Local start and end; a meeting without a start time is an all-day event on its date."""
    if meeting.start_time is None:
        return meeting.date, meeting.date + datetime.timedelta(days=1)
    tz = zoneinfo.ZoneInfo(TZID)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    end_time = (
        meeting.end_time
        or (datetime.datetime.combine(meeting.date, meeting.start_time) + datetime.timedelta(hours=2)).time()
    )
    return start, datetime.datetime.combine(meeting.date, end_time, tzinfo=tz)


def is_timed(meeting):
    return meeting.start_time is not None


def meeting_event(meeting, cancelled=None):
    """The VEVENT without organiser and attendees (the invitation adds those; feeds name no addresses)."""
    cancelled = meeting.cancelled_at is not None if cancelled is None else cancelled
    start, end = when(meeting)
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    location = ", ".join(v for v in (meeting.place, meeting.video_url) if v)
    if location:
        event.add("location", location)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    link = f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}"
    event.add("description", "\n\n".join(v for v in (meeting.agenda, link) if v))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event
