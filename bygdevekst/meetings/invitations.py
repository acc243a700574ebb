"""Calendar invitations (iTIP over e-mail, RFC 5546): one VEVENT per meeting with a UID that never changes.

Every participant with an address is an ATTENDEE; an update goes out as METHOD:REQUEST with a higher
SEQUENCE, a cancellation as METHOD:CANCEL, so Outlook and Google Calendar replace or remove the event
they already hold instead of adding a second one.
"""

from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
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


class CalendarMessage(EmailMultiAlternatives):
    """An e-mail whose text/calendar alternative names its iTIP method in the Content-Type, as iMIP requires."""

    def __init__(self, *args, method, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.method)
        return msg


def invitation_message(meeting, participant, email, method, ics):
    """The e-mail as calendar programs read it (iMIP, RFC 6047): a multipart/alternative of the text and the
    calendar object (text/calendar; method=…) — the form Outlook and Exchange take for a meeting request
    (MS-OXCMAIL 2.1.3.3.8.1) — and the same object once more as an attached invite.ics for the programs that
    only look at attachments, as Google Calendar and Thunderbird send it."""
    link = f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}"
    body = f"{meeting}\n{link}\n"
    if method != CANCEL:
        body += (
            "\n" + _("Answer the invitation (accept, tentative or decline):") + f"\n{answer_link(participant)}\n\n"
            + _("Answer through this link: an answer sent from your calendar program does not reach the meeting's "
                "page.") + "\n"
        )
    message = CalendarMessage(_subject(meeting, method), body, None, [email], method=method)
    message.attach_alternative(ics.decode("utf-8"), "text/calendar")
    attached = MIMEBase("application", "ics", name="invite.ics")
    attached.set_payload(ics)
    encoders.encode_base64(attached)
    attached.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(attached)
    return message


def send_invitations(meeting_id, method, participant_ids=None):
    """One e-mail per participant address, each with the same calendar object; returns how many.
    `participant_ids` limits it to those participants (one added after the meeting was called)."""
    meeting = Meeting.objects.get(pk=meeting_id)
    ics = build_calendar(meeting, method)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for participant, email in invitees(meeting):
            if participant_ids is not None and participant.pk not in participant_ids:
                continue
            invitation_message(meeting, participant, email, method, ics).send()
            sent += 1
    return sent
