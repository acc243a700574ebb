"""How the invitations travel: the e-mail's shape that Outlook and Google Calendar read as a meeting request, a
participant added later gets the invitation too, and a meeting recorded after the fact e-mails nobody."""

import datetime

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from bygdevekst.audit.models import ActionLog
from bygdevekst.meetings.domain.meetings import add_participant, cancel_meeting, create_meeting, edit_meeting
from bygdevekst.meetings.models import Meeting, Participant

from .conftest import calendars


@pytest.fixture(autouse=True)
def english(db):
    """The page's messages are read in the source language."""
    get_user_model().objects.filter(username="kdd").update(language="en")


def _kdd():
    return get_user_model().objects.get(username="kdd")


def _ahead(days=21):
    return timezone.localdate() + datetime.timedelta(days=days)


def _call(agreement, date, django_capture_on_commit_callbacks, kind="political"):
    with django_capture_on_commit_callbacks(execute=True):
        return create_meeting(_kdd(), {"kind": kind, "title": "Politisk møte om planen", "date": date,
                                       "start_time": datetime.time(9), "end_time": datetime.time(11),
                                       "place": "Vinje rådhus"}, agreement=agreement)


def test_the_invitation_is_an_alternative_of_the_text_and_an_attached_ics(agreement_of,
                                                                          django_capture_on_commit_callbacks):
    mail.outbox = []
    meeting = _call(agreement_of("Vest-Telemark"), _ahead(), django_capture_on_commit_callbacks)
    assert mail.outbox
    for message in mail.outbox:
        root = message.message()
        assert root.get_content_type() == "multipart/mixed"
        alternative, attached = root.get_payload()
        # Outlook reads a meeting request from text/plain + text/calendar in multipart/alternative (MS-OXCMAIL).
        assert alternative.get_content_type() == "multipart/alternative"
        text, calendar = alternative.get_payload()
        assert text.get_content_type() == "text/plain"
        assert calendar.get_content_type() == "text/calendar" and calendar.get_param("method") == "REQUEST"
        assert calendar.get("Content-Disposition") is None  # inline, not an attachment
        # The same object once more as an attachment, for programs that look only there.
        assert attached.get_content_type() == "application/ics" and attached.get_filename() == "invite.ics"
        assert attached.get_payload(decode=True) == calendar.get_payload(decode=True)
        (event,) = icalendar.Calendar.from_ical(attached.get_payload(decode=True)).walk("VEVENT")
        assert str(event["UID"]) == f"{meeting.uid}@bygdevekst"
        body = text.get_payload(decode=True).decode()
        assert f"/meetings/{meeting.pk}/answer/?p=" in body

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting, _kdd())
    assert mail.outbox
    for message in mail.outbox:
        alternative, _attached = message.message().get_payload()
        text, calendar = alternative.get_payload()
        assert calendar.get_param("method") == "CANCEL"
        assert "/answer/" not in text.get_payload(decode=True).decode()  # nothing to answer any more


def test_a_participant_added_later_gets_the_invitation_and_only_they(agreement_of, client_for,
                                                                     django_capture_on_commit_callbacks):
    vt = agreement_of("Vest-Telemark")
    meeting = _call(vt, _ahead(), django_capture_on_commit_callbacks)
    statsforvalter = vt.pilot.state_administrator
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("kdd").post(
            f"/meetings/{meeting.pk}/participants/",
            {"p-organisation": statsforvalter.name, "p-capacity": "observer", "p-email": "postmottak@sf.example"},
            follow=True,
        )
    assert any("gets the invitation by e-mail" in str(m) for m in response.context["messages"])
    assert [m.to for m in mail.outbox] == [["postmottak@sf.example"]]
    ((method, cal),) = calendars(mail.outbox)
    (event,) = cal.walk("VEVENT")
    meeting.refresh_from_db()
    assert method == "REQUEST" and str(event["UID"]) == f"{meeting.uid}@bygdevekst"
    assert event["SEQUENCE"] == meeting.sequence == 0  # an added attendee is no new sequence (RFC 5546)
    assert "mailto:postmottak@sf.example" in {str(a) for a in event["ATTENDEE"]}
    entry = ActionLog.objects.filter(action="meeting.participant_added").latest("pk")
    assert entry.data["invited"] is True


def test_a_participant_added_to_a_cancelled_or_past_meeting_is_not_e_mailed(agreement_of,
                                                                            django_capture_on_commit_callbacks):
    vt = agreement_of("Vest-Telemark")
    held = vt.meetings.get(kind="dialogue")
    assert held.date < timezone.localdate()
    upcoming = _call(vt, _ahead(), django_capture_on_commit_callbacks)
    cancel_meeting(upcoming, _kdd())
    mail.outbox = []
    for meeting in (held, upcoming):
        with django_capture_on_commit_callbacks(execute=True):
            add_participant(meeting, _kdd(), Participant(organisation=vt.pilot.state_administrator,
                                                         capacity="observer", email="postmottak@sf.example"))
    assert mail.outbox == []


def test_a_meeting_recorded_after_the_fact_e_mails_nobody(agreement_of, client_for,
                                                          django_capture_on_commit_callbacks):
    """Nord-Troms' annual meeting for 2025, recorded in 2026 from the task list: no invitation to a past day."""
    nt = agreement_of("Nord-Troms")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("kdd").post(
            f"/meetings/new/?kind=annual&agreement={nt.pk}&year=2025",
            {"kind": "annual", "title": "Årlig politisk møte 2025 – Nord-Troms", "date": "2025-12-10",
             "start_time": "12:00", "end_time": "15:00", "place": "Storslett", "agreement": nt.pk},
            follow=True,
        )
    assert response.status_code == 200
    meeting = Meeting.objects.get(title="Årlig politisk møte 2025 – Nord-Troms")
    assert meeting.participants.exists() and mail.outbox == []
    assert ActionLog.objects.get(action="meeting.created", object_id=str(meeting.pk)).data["invited"] is False
    messages = [str(m) for m in response.context["messages"]]
    assert any("recorded as held" in m for m in messages), messages

    # Correcting its place, or cancelling it, tells no calendar either; the sequence still counts the change.
    data = {k: getattr(meeting, k) for k in ("kind", "title", "date", "start_time", "end_time", "video_url",
                                             "agenda", "minutes", "decisions")}
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_meeting(meeting, _kdd(), {**data, "place": "Storslett samfunnshus"}, meeting.lock_version)
        assert cancel_meeting(meeting, _kdd())
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and mail.outbox == []


def test_moving_a_past_meeting_into_the_future_invites_again(agreement_of, django_capture_on_commit_callbacks):
    """A meeting dated wrongly in the past and moved ahead: the participants now get the (updated) invitation."""
    nt = agreement_of("Nord-Troms")
    mail.outbox = []
    meeting = _call(nt, datetime.date(2025, 6, 1), django_capture_on_commit_callbacks, kind="annual")
    assert mail.outbox == []
    data = {k: getattr(meeting, k) for k in ("kind", "title", "start_time", "end_time", "place", "video_url",
                                             "agenda", "minutes", "decisions")}
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_meeting(meeting, _kdd(), {**data, "date": _ahead(30)}, meeting.lock_version)
    sent = calendars(mail.outbox)
    assert sent and all(method == "REQUEST" for method, _cal in sent)


def test_the_page_says_how_many_are_invited(agreement_of, client_for, django_capture_on_commit_callbacks):
    vt = agreement_of("Vest-Telemark")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("kdd").post(
            f"/meetings/new/?kind=political&agreement={vt.pk}",
            {"kind": "political", "title": "Politisk møte", "date": _ahead().isoformat(), "start_time": "10:00",
             "end_time": "12:00", "place": "Rauland", "agreement": vt.pk},
            follow=True,
        )
    messages = [str(m) for m in response.context["messages"]]
    assert f"{len(mail.outbox)} participants get the invitation by e-mail" in " ".join(messages), messages
    assert len(mail.outbox) >= 2
