from bygdevekst.meetings.models import Meeting


def test_meeting_detail_roles(client_for, agreement_of):
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    page = client_for("kdd").get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Telemark fylkeskommune" in content and "<caption>" in content
    assert client_for("vinje").get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client_for("trysil").get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client_for(None).get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client_for("vinje").get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_create_dialogue_meeting_from_the_response(client_for, agreement_of):
    vt = agreement_of("Vest-Telemark")
    url = f"/meetings/new/?kind=dialogue&agreement={vt.pk}"
    assert client_for("kdd").get(url).status_code == 200
    assert client_for("vinje").get(url).status_code == 403
    assert client_for("kdd").get("/meetings/new/?kind=dialogue&agreement=999999").status_code == 404
    page = client_for("kdd").post(url, {"kind": "dialogue", "title": "Dialogmøte 2", "date": "2025-02-10",
                                        "place": "Oslo", "agreement": vt.pk})
    assert page.status_code == 302
    meeting = Meeting.objects.get(title="Dialogmøte 2")
    assert meeting.agreement == vt
    assert meeting.items.count() == 2 and all(i.target_uid for i in meeting.items.all())
    county = meeting.participants.get(organisation=vt.pilot.county_council)
    assert county.capacity == "independent_elected_body"


def test_create_meeting_bad_input_saves_nothing(client_for):
    before = Meeting.objects.count()
    page = client_for("kdd").post("/meetings/new/?kind=annual", {"kind": "annual", "title": "", "date": "not a date"})
    assert page.status_code == 200 and b"error-summary" in page.content
    assert Meeting.objects.count() == before


def test_minutes_outcome_per_item(client_for, agreement_of):
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    items = list(meeting.items.all())
    data = {}
    for item in items:
        data[f"o_{item.pk}"] = "agreed"
        data[f"t_{item.pk}"] = "Enige."
    assert client_for("vinje").post(f"/meetings/{meeting.pk}/outcomes/", data).status_code == 403
    client_for("kdd").post(f"/meetings/{meeting.pk}/outcomes/", data)
    assert {i.outcome for i in meeting.items.all()} == {"agreed"}


def test_meeting_edit_optimistic_lock(client_for, agreement_of):
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    data = {"kind": "dialogue", "title": meeting.title, "date": "2025-01-28", "place": "Seljord",
            "lock_version": meeting.lock_version}
    assert client_for("kdd").post(f"/meetings/{meeting.pk}/edit/", data).status_code == 302
    data["place"] = "Vinje"  # stale lock_version
    page = client_for("kdd").post(f"/meetings/{meeting.pk}/edit/", data)
    assert page.status_code == 200 and b"error-summary" in page.content and b"Vinje" in page.content
    meeting.refresh_from_db()
    assert meeting.place == "Seljord"


def test_add_participant_and_item(client_for, agreement_of):
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    statsforvalter = agreement_of("Vest-Telemark").pilot.state_administrator
    client_for("kdd").post(f"/meetings/{meeting.pk}/participants/",
                           {"p-organisation": statsforvalter.name, "p-capacity": "observer"})
    assert meeting.participants.filter(organisation=statsforvalter, capacity="observer").exists()
    client_for("kdd").post(f"/meetings/{meeting.pk}/items/", {"i-title": "Eventuelt"})
    assert meeting.items.filter(title="Eventuelt").exists()


def test_meetings_list_kdd_only(client_for):
    assert client_for("kdd").get("/meetings/").status_code == 200
    assert client_for("vinje").get("/meetings/").status_code == 403
