"""Calling, changing and cancelling a meeting e-mails each participant an iCalendar invitation."""

import datetime

import icalendar
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from bygdevekst.meetings.domain.meetings import cancel_meeting, create_meeting, edit_meeting


def _calendars(outbox):
    """The parsed calendar of each message, with the attachment's Content-Type method."""
    found = []
    for message in outbox:
        parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1, message.subject
        found.append((parts[0].get_param("method"), icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))))
    return found


def _event(cal):
    (event,) = cal.walk("VEVENT")
    return event


def test_invitation_update_and_cancellation(agreement_of, django_capture_on_commit_callbacks):
    vt = agreement_of("Vest-Telemark")
    kdd = get_user_model().objects.get(username="kdd")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        meeting = create_meeting(kdd, {"kind": "dialogue", "title": "Dialogmøte om ordlyden",
                                       "date": datetime.date(2027, 1, 14), "start_time": datetime.time(10),
                                       "end_time": datetime.time(12, 30), "place": "KDD, Oslo"}, agreement=vt)
    addresses = sorted(p.invitation_address for p in meeting.participants.select_related("organisation")
                       if p.invitation_address)
    assert addresses and sorted(m.to[0] for m in mail.outbox) == addresses
    invitations = _calendars(mail.outbox)
    uid = f"{meeting.uid}@bygdevekst"
    for content_method, cal in invitations:
        assert content_method == "REQUEST" and cal["METHOD"] == "REQUEST"
        event = _event(cal)
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 0
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
        assert event.decoded("DTSTART") == datetime.datetime(2027, 1, 14, 10, tzinfo=event.decoded("DTSTART").tzinfo)
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
        assert event["DTEND"].params["TZID"] == "Europe/Oslo"
        assert str(event["ORGANIZER"]).startswith("mailto:")
        attendees = sorted(str(a).removeprefix("mailto:") for a in event["ATTENDEE"])
        assert attendees == addresses
        assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Oslo"

    # Moving the meeting sends the same UID with a higher SEQUENCE.
    mail.outbox = []
    data = {k: getattr(meeting, k) for k in ("kind", "title", "date", "end_time", "place", "video_url", "agenda",
                                             "minutes", "decisions")}
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_meeting(meeting, kdd, {**data, "start_time": datetime.time(11)}, meeting.lock_version)
    updates = _calendars(mail.outbox)
    assert len(updates) == len(addresses)
    for content_method, cal in updates:
        event = _event(cal)
        assert content_method == "REQUEST" and cal["METHOD"] == "REQUEST"
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART").hour == 11 and event["DTSTART"].params["TZID"] == "Europe/Oslo"

    # Minutes alone are not a calendar change: nobody gets mail.
    mail.outbox = []
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_meeting(meeting, kdd, {**data, "start_time": datetime.time(11), "minutes": "Notat."},
                            meeting.lock_version)
    assert mail.outbox == []

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel_meeting(meeting, kdd)
        assert not cancel_meeting(meeting, kdd)
    cancellations = _calendars(mail.outbox)
    assert len(cancellations) == len(addresses)
    for content_method, cal in cancellations:
        event = _event(cal)
        assert content_method == "CANCEL" and cal["METHOD"] == "CANCEL"
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 2 and event["STATUS"] == "CANCELLED"
        assert sorted(str(a).removeprefix("mailto:") for a in event["ATTENDEE"]) == addresses


def test_cancel_from_the_meeting_page(agreement_of, client_for, django_capture_on_commit_callbacks):
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    # The demo's meeting was held in 2025; moved ahead, so its cancellation is e-mailed (a past meeting's is not:
    # tests/meetings/test_invitation_delivery.py).
    type(meeting).objects.filter(pk=meeting.pk).update(date=timezone.localdate() + datetime.timedelta(days=14))
    assert client_for("vinje").post(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("kdd").post(f"/meetings/{meeting.pk}/cancel/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    sent = _calendars(mail.outbox)
    assert sent and all(method == "CANCEL" and _event(cal)["SEQUENCE"] == 1 for method, cal in sent)
