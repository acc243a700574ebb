"""Calendar invitations (iTIP over e-mail, RFC 5546): one VEVENT per meeting with a UID that never changes.

Every participant with an address is an ATTENDEE; an update goes out as METHOD:REQUEST with a higher
SEQUENCE, a cancellation as METHOD:CANCEL, so Outlook and Google Calendar replace or remove the event
they already hold instead of adding a second one.
"""

import datetime
import zoneinfo
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from .models import Meeting

TZID = "Europe/Oslo"
REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODID = "-//KDD//Bygdevekst//NB"


def _address(email, name):
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def _organizer():
    return _address(settings.DEFAULT_FROM_EMAIL, "Kommunal- og distriktsdepartementet")


def _when(meeting):
    """Local start and end; a meeting without a start time is an all-day event on its date."""
    if meeting.start_time is None:
        return meeting.date, meeting.date + datetime.timedelta(days=1)
    tz = zoneinfo.ZoneInfo(TZID)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    end_time = meeting.end_time or (datetime.datetime.combine(meeting.date, meeting.start_time)
                                    + datetime.timedelta(hours=2)).time()
    return start, datetime.datetime.combine(meeting.date, end_time, tzinfo=tz)


def invitees(meeting):
    """(participant, address) for each participant an invitation can reach."""
    rows = meeting.participants.select_related("organisation").order_by("pk")
    return [(p, p.invitation_address) for p in rows if p.invited and p.invitation_address]


def build_calendar(meeting, method):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    start, end = _when(meeting)
    event = Event()
    event.add("uid", f"{meeting.uid}@bygdevekst")
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
    description = "\n\n".join(v for v in (meeting.agenda, f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}") if v)
    event.add("description", description)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _organizer())
    for participant, email in invitees(meeting):
        attendee = _address(email, participant.organisation.name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    if isinstance(start, datetime.datetime):
        cal.add_component(Timezone.from_tzid(TZID))
    return cal.to_ical()


def _subject(meeting, method):
    if method == CANCEL:
        return _("Cancelled: %(title)s") % {"title": meeting.title}
    if meeting.sequence:
        return _("Changed: %(title)s") % {"title": meeting.title}
    return _("Invitation: %(title)s") % {"title": meeting.title}


def send_invitations(meeting_id, method):
    """One e-mail per participant address, each with the same calendar object attached; returns how many."""
    meeting = Meeting.objects.get(pk=meeting_id)
    ics = build_calendar(meeting, method)
    link = f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}"
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(meeting, method)
        for _participant, email in invitees(meeting):
            message = EmailMessage(subject, f"{meeting}\n{link}\n", None, [email])
            part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
            part.set_param("method", method)
            part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
            message.attach(part)
            message.send()
            sent += 1
    return sent
