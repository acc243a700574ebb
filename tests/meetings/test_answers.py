"""A participant answers the invitation (accept / tentative / decline, with a comment) on the meeting page or
from the e-mail's link; the organiser sees the answers; later invitations carry them as PARTSTAT."""

import datetime

from django.core import mail
from django.utils import timezone

from bygdevekst.audit.models import ActionLog
from bygdevekst.meetings.domain.meetings import cancel_meeting, edit_meeting
from bygdevekst.meetings.invitations import answer_link, build_calendar, send_invitations

from .conftest import calendars


def _vinje(meeting):
    return meeting.participants.get(organisation__name="Vinje kommune")


def test_participant_answers_on_the_meeting_page_and_the_organiser_sees_it(client_for, dialogue_meeting):
    client = client_for("vinje")
    page = client.get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    assert 'id="answer-form"' in page and 'value="ACCEPTED"' in page
    response = client.post(
        f"/meetings/{dialogue_meeting.pk}/answer/",
        {
            "a-participant": _vinje(dialogue_meeting).pk,
            "a-answer": "TENTATIVE",
            "a-comment": "Ordføreren kjem kanskje.",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#answer")
    participant = _vinje(dialogue_meeting)
    assert participant.answer == "TENTATIVE" and participant.answer_comment == "Ordføreren kjem kanskje."
    assert participant.answered_by.username == "vinje" and participant.answered_at
    row = ActionLog.objects.filter(action="meeting.answered", object_id=str(dialogue_meeting.pk)).latest("pk")
    assert row.data["after"] == {"answer": "TENTATIVE", "comment": "Ordføreren kjem kanskje."}
    assert row.data["before"]["answer"] == "NEEDS-ACTION" and row.actor.username == "vinje"

    organiser = client_for("kdd").get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    assert "answer--tentative" in organiser and "Ordføreren kjem kanskje." in organiser
    # KDD, a party to the agreement, answers for the ministry only; the administrator belongs to no participant.
    kdd_form = organiser.split('id="answer-form"', 1)[1].split("</form>", 1)[0]
    assert f'value="{participant.pk}"' not in kdd_form
    assert 'id="answer-form"' not in client_for("admin").get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    assert (
        client_for("admin")
        .post(f"/meetings/{dialogue_meeting.pk}/answer/", {"a-participant": participant.pk, "a-answer": "DECLINED"})
        .status_code
        == 403
    )
    assert (
        client_for("kdd")
        .post(f"/meetings/{dialogue_meeting.pk}/answer/", {"a-participant": participant.pk, "a-answer": "DECLINED"})
        .status_code
        == 400
    )
    assert (
        client_for("trysil")
        .post(f"/meetings/{dialogue_meeting.pk}/answer/", {"a-participant": participant.pk, "a-answer": "DECLINED"})
        .status_code
        == 404
    )
    participant.refresh_from_db()
    assert participant.answer == "TENTATIVE"


def test_bad_answer_is_refused_in_the_users_language_and_changes_nothing(client_for, dialogue_meeting):
    participant = _vinje(dialogue_meeting)
    other = dialogue_meeting.participants.exclude(pk=participant.pk).first()
    client = client_for("vinje")
    for data in (
        {"a-participant": participant.pk, "a-answer": "MAYBE"},
        {"a-participant": other.pk, "a-answer": "ACCEPTED"},  # an organisation vinje does not belong to
        {"a-participant": "x", "a-answer": "ACCEPTED"},
    ):
        response = client.post(f"/meetings/{dialogue_meeting.pk}/answer/", data, HTTP_ACCEPT_LANGUAGE="nn")
        assert response.status_code == 400
        assert b"error-summary" in response.content
    for p in dialogue_meeting.participants.all():
        assert p.answer == "NEEDS-ACTION"


def test_the_e_mail_link_opens_the_answer_page_for_that_participant(
    client_for, dialogue_meeting, django_capture_on_commit_callbacks
):
    participant = _vinje(dialogue_meeting)
    mail.outbox = []
    send_invitations(dialogue_meeting.pk, "REQUEST")
    body = next(m.body for m in mail.outbox if m.to == [participant.invitation_address])
    # The link carries a timestamped signature, so it is read from the e-mail, not rebuilt a second later.
    expected = answer_link(participant)
    link = next(line for line in body.splitlines() if "/answer/?p=" in line)
    assert link.split("?p=")[0] == expected.split("?p=")[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = client_for(None).get("/" + path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    page = client_for("vinje").get("/" + path)
    assert page.status_code == 200
    assert f'name="a-participant" value="{participant.pk}"' in page.content.decode()
    # A forged value names nobody: the form falls back to the person's own participant.
    forged = client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/answer/?p=123:forged")
    assert forged.status_code == 200


def test_invitation_asks_for_an_answer_and_an_update_carries_it(
    client_for, dialogue_meeting, django_capture_on_commit_callbacks
):
    import icalendar

    participant = _vinje(dialogue_meeting)
    # The demo's meeting was held in 2025; moved ahead, so an update is e-mailed (a past meeting's is not:
    # test_invitation_delivery.py).
    type(dialogue_meeting).objects.filter(pk=dialogue_meeting.pk).update(
        date=timezone.localdate() + datetime.timedelta(days=14))
    dialogue_meeting.refresh_from_db()
    cal = icalendar.Calendar.from_ical(build_calendar(dialogue_meeting, "REQUEST"))
    (event,) = cal.walk("VEVENT")
    attendees = {str(a): a for a in event["ATTENDEE"]}
    mine = attendees[f"mailto:{participant.invitation_address}"]
    assert mine.params["RSVP"] == "TRUE" and mine.params["PARTSTAT"] == "NEEDS-ACTION"

    client_for("vinje").post(
        f"/meetings/{dialogue_meeting.pk}/answer/", {"a-participant": participant.pk, "a-answer": "ACCEPTED"}
    )
    dialogue_meeting.refresh_from_db()
    kdd = dialogue_meeting.participants.model._meta.apps.get_model("accounts", "User").objects.get(username="kdd")
    data = {
        k: getattr(dialogue_meeting, k)
        for k in ("kind", "title", "date", "start_time", "place", "video_url", "agenda", "minutes", "decisions")
    }
    mail.outbox = []
    sequence = dialogue_meeting.sequence
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_meeting(
            dialogue_meeting, kdd, {**data, "end_time": datetime.time(15)}, dialogue_meeting.lock_version
        )
    updates = calendars(mail.outbox)
    assert updates
    for method, cal in updates:
        (event,) = cal.walk("VEVENT")
        assert method == "REQUEST" and event["SEQUENCE"] == sequence + 1
        states = {str(a): a.params["PARTSTAT"] for a in event["ATTENDEE"]}
        assert states.pop(f"mailto:{participant.invitation_address}") == "ACCEPTED"
        assert set(states.values()) == {"NEEDS-ACTION"}
        assert all(a.params["RSVP"] == "TRUE" for a in event["ATTENDEE"])


def test_a_cancelled_meeting_takes_no_answers(client_for, dialogue_meeting, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(dialogue_meeting, get_user_model().objects.get(username="kdd"))
    participant = _vinje(dialogue_meeting)
    response = client_for("vinje").post(
        f"/meetings/{dialogue_meeting.pk}/answer/", {"a-participant": participant.pk, "a-answer": "ACCEPTED"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.answer == "NEEDS-ACTION"
    assert 'id="answer-form"' not in client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
