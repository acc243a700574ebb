"""Meetings in the round's and pilot's feeds (for those who may see them), and each person's own feed at a
secret, revocable address. Parsed with the icalendar library."""

import icalendar

from bygdevekst.meetings.models import CalendarToken


def _parse(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_round_and_pilot_feeds_carry_the_meeting_with_its_invitation_uid(client_for, dialogue_meeting):
    uid = f"{dialogue_meeting.uid}@bygdevekst"
    pilot = dialogue_meeting.agreement.pilot
    for url in (f"/rounds/{pilot.round_id}/calendar.ics", f"/pilots/{pilot.pk}/calendar.ics"):
        events = _events(_parse(client_for("vinje").get(url)))
        event = events[uid]
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
        start = event.decoded("DTSTART")
        assert (start.date(), start.hour, start.minute) == (dialogue_meeting.date, 10, 0)
        assert event.decoded("DTEND").hour == 14
        assert str(event["SUMMARY"]) == dialogue_meeting.title
        assert "Akersgata" in str(event["LOCATION"]) and event["SEQUENCE"] == dialogue_meeting.sequence
        assert any(k.startswith("milestone-") for k in events)  # the milestones stay
        # The public feed is public: an outsider (or a calendar app without a session) gets no meeting.
        for who in (None, "trysil"):
            assert uid not in _events(_parse(client_for(who).get(url)))


def test_personal_feed_is_made_revoked_and_lists_own_meetings_and_milestones(client_for, dialogue_meeting):
    vinje = client_for("vinje")
    page = vinje.get("/calendar/")
    assert page.status_code == 200 and b"calendar/new/" in page.content
    made = vinje.post("/calendar/new/")
    assert made.status_code == 200
    url = made.context["feed_url"]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    raw = path.removeprefix("/calendar/").removesuffix(".ics")
    token = CalendarToken.objects.get(user__username="vinje", revoked_at__isnull=True)
    assert raw not in token.token_hash and len(token.token_hash) == 64  # only the hash is kept

    response = client_for(None).get(path)  # a calendar application: no session, the address is the key
    assert response["Cache-Control"] == "private, no-store"
    events = _events(_parse(response))
    assert f"{dialogue_meeting.uid}@bygdevekst" in events
    assert events[f"{dialogue_meeting.uid}@bygdevekst"]["DTSTART"].params["TZID"] == "Europe/Oslo"
    pilot = dialogue_meeting.agreement.pilot
    assert any(k.startswith("milestone-") and k.endswith(f"-pilot-{pilot.pk}@bygdevekst") for k in events)
    others = [k for k in events if k.startswith("milestone-") and not k.endswith(f"-pilot-{pilot.pk}@bygdevekst")]
    assert others == []  # vinje works in Vest-Telemark only
    from bygdevekst.meetings.models import Meeting

    trysil_meetings = Meeting.objects.filter(agreement__pilot__name="Trysil-regionen")
    assert not any(f"{m.uid}@bygdevekst" in events for m in trysil_meetings)

    # A new address replaces the old one; revoking makes the address a 404.
    again = vinje.post("/calendar/new/")
    new_path = "/" + again.context["feed_url"].split("://", 1)[1].split("/", 1)[1]
    assert client_for(None).get(path).status_code == 404
    assert client_for(None).get(new_path).status_code == 200
    assert vinje.post("/calendar/revoke/").status_code == 302
    assert client_for(None).get(new_path).status_code == 404
    assert client_for(None).get("/calendar/cal_not-a-token.ics").status_code == 404
    from bygdevekst.audit.models import ActionLog

    assert ActionLog.objects.filter(action="meeting.calendar_token_created", actor__username="vinje").count() == 2
    assert ActionLog.objects.filter(action="meeting.calendar_token_revoked", actor__username="vinje").exists()


def test_kdd_personal_feed_lists_every_meeting(client_for, dialogue_meeting):
    from bygdevekst.meetings.models import Meeting

    kdd = client_for("kdd")
    url = kdd.post("/calendar/new/").context["feed_url"]
    events = _events(_parse(client_for(None).get("/" + url.split("://", 1)[1].split("/", 1)[1])))
    assert {f"{m.uid}@bygdevekst" for m in Meeting.objects.all()} <= set(events)


def test_my_calendar_needs_a_login(client_for):
    assert client_for(None).get("/calendar/").status_code == 302
    assert client_for(None).post("/calendar/new/").status_code == 302
    assert not CalendarToken.objects.exists()
