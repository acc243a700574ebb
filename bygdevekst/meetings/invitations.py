"""Calendar invitations (iTIP over e-mail, RFC 5546): one VEVENT per meeting with a UID that never changes.

Every participant with an address is an ATTENDEE; an update goes out as METHOD:REQUEST with a higher
SEQUENCE, a cancellation as METHOD:CANCEL, so Outlook and Google Calendar replace or remove the event
they already hold instead of adding a second one.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vText

from .events import TZID, is_timed, meeting_event
from .models import Meeting

REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODID = "-//KDD//Bygdevekst//NB"
ANSWER_SALT = "meetings.answer"


def _address(email, name):
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def _organizer():
    return _address(settings.DEFAULT_FROM_EMAIL, "Kommunal- og distriktsdepartementet")


def answer_link(participant):
    """The link in a participant's invitation to the page where they answer (after logging in): it names the
    participant, signed, so the page preselects the organisation the invitation went to."""
    token = signing.dumps(participant.pk, salt=ANSWER_SALT)
    path = reverse("meetings:answer", args=[participant.meeting_id])
    return f"{settings.SITE_URL.rstrip('/')}{path}?p={token}"


def participant_from_link(meeting, token):
    """The participant a link names, or None (a forged, foreign or mangled value names nobody)."""
    try:
        pk = signing.loads(token or "", salt=ANSWER_SALT)
    except signing.BadSignature:
        return None
    return meeting.participants.filter(pk=pk).select_related("organisation").first() if isinstance(pk, int) else None


def invitees(meeting):
    """(participant, address) for each participant an invitation can reach."""
    rows = meeting.participants.select_related("organisation").order_by("pk")
    return [(p, p.invitation_address) for p in rows if p.invited and p.invitation_address]


def build_calendar(meeting, method):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = meeting_event(meeting, cancelled=method == CANCEL)
    event.add("organizer", _organizer())
    for participant, email in invitees(meeting):
        attendee = _address(email, participant.organisation.name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        # What the participant has answered so far: an update shows everyone who has accepted or declined.
        attendee.params["PARTSTAT"] = vText(participant.answer)
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    if is_timed(meeting):
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
        for participant, email in invitees(meeting):
            body = (f"{meeting}\n{link}\n\n" + _("Answer the invitation (accept, tentative or decline):")
                    + f"\n{answer_link(participant)}\n")
            message = EmailMessage(subject, body, None, [email])
            part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
            part.set_param("method", method)
            part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
            message.attach(part)
            message.send()
            sent += 1
    return sent
