"""The demo's meetings have times, places and participants with addresses, so a fresh `make run` shows them in
the feeds and their invitations."""

import icalendar

from bygdevekst.meetings.invitations import build_calendar, invitees
from bygdevekst.meetings.models import Meeting


def test_every_demo_meeting_has_times_place_and_invitable_participants(client_for):
    meetings = list(Meeting.objects.select_related("agreement__pilot"))
    assert len(meetings) >= 5
    for meeting in meetings:
        assert meeting.start_time and meeting.end_time and meeting.place, meeting
        assert invitees(meeting), meeting
        (event,) = icalendar.Calendar.from_ical(build_calendar(meeting, "REQUEST")).walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo" and event["ATTENDEE"]
    kdd = client_for("kdd")
    for pilot_id in {m.agreement.pilot_id for m in meetings if m.agreement}:
        feed = icalendar.Calendar.from_ical(kdd.get(f"/pilots/{pilot_id}/calendar.ics").content)
        uids = {str(e["UID"]) for e in feed.walk("VEVENT")}
        assert {f"{m.uid}@bygdevekst" for m in meetings if m.agreement and m.agreement.pilot_id == pilot_id} <= uids
