"""KDD's management forms for rounds and pilots: bad input is refused with the form shown again."""

from django.urls import reverse

from bygdevekst.programme.models import Pilot
from tests.fuzz.test_forms import fingerprint


def _pilot_body(pilot, **changes):
    body = {
        "round": pilot.round_id, "name": pilot.name, "municipalities": [m.pk for m in pilot.municipalities.all()],
        "lead_municipality": pilot.lead_municipality_id, "county": pilot.county_id,
        "county_council": pilot.county_council_id, "state_administrator": pilot.state_administrator_id,
        "lock_version": pilot.lock_version,
    }
    body.update(changes)
    return body


def test_pilot_forms_refuse_a_municipality_id_past_64_bits(client_for, demo):
    """Found by the fuzz tier: an id past 64 bits among the municipalities crashed SQLite (OverflowError, 500)."""
    pilot = demo["pilots"]["Solund og Fedje"]
    client = client_for("kdd")
    municipalities = [m.pk for m in pilot.municipalities.all()]
    before = fingerprint()
    for url, name in [(reverse("programme:pilot_edit", args=[pilot.pk]), pilot.name),
                      (reverse("programme:pilot_create", args=[pilot.round_id]), "Ny pilot")]:
        response = client.post(url, _pilot_body(pilot, name=name, municipalities=[*municipalities, "9" * 40]),
                               HTTP_ACCEPT_LANGUAGE="nb")
        assert response.status_code == 200 and b"error-summary" in response.content
    assert fingerprint() == before
    assert not Pilot.objects.filter(name="Ny pilot").exists()


def test_pilot_edit_with_valid_municipalities_still_saves(client_for, demo):
    """The control: the same body without the bad id is accepted."""
    pilot = demo["pilots"]["Solund og Fedje"]
    response = client_for("kdd").post(reverse("programme:pilot_edit", args=[pilot.pk]),
                                      _pilot_body(pilot, name="Solund og Fedje (endret)"))
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.name == "Solund og Fedje (endret)"


def test_two_officers_editing_one_milestone_lose_nothing(client_for, demo):
    """Optimistic locking: the second save, based on the version before the first, is a 409 that keeps
    the second officer's input and changes nothing; the first officer's change stands."""

    from bygdevekst.audit.models import ActionLog
    from bygdevekst.programme.models import Milestone

    milestone = Milestone.objects.filter(round__number=2).order_by("date").first()
    url = reverse("programme:milestone_edit", args=[milestone.pk])
    first, second = client_for("kdd"), client_for("kdd2")
    for client in (first, second):
        page = client.get(url).content.decode()
        assert f'name="lock_version" value="{milestone.lock_version}"' in page
    body = {"kind": milestone.kind, "nature": milestone.nature, "date": milestone.date.isoformat(),
            "date_note": "", "lock_version": milestone.lock_version}
    assert first.post(url, {**body, "title": "Endret av den første"}).status_code == 302
    logged = ActionLog.objects.count()
    response = second.post(url, {**body, "title": "Endret av den andre"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Noen andre endret dette mens du redigerte." in text and "Endret av den andre" in text
    milestone.refresh_from_db()
    assert milestone.title == "Endret av den første" and milestone.lock_version == 2
    assert ActionLog.objects.count() == logged


def test_junk_lock_version_is_a_conflict_not_a_500(client_for, demo):
    pilot = demo["pilots"]["Solund og Fedje"]
    response = client_for("kdd").post(reverse("programme:pilot_edit", args=[pilot.pk]),
                                      _pilot_body(pilot, name="Solund og Fedje (x)", lock_version="9" * 40))
    assert response.status_code == 409
    pilot.refresh_from_db()
    assert pilot.name == "Solund og Fedje"


def test_the_log_of_an_edit_holds_the_values_before_and_after(client_for, demo):
    """Found in review: the before-values were read after validation had written the new ones (data == {})."""
    from bygdevekst.audit.models import ActionLog

    pilot = demo["pilots"]["Solund og Fedje"]
    client_for("kdd").post(reverse("programme:pilot_edit", args=[pilot.pk]), _pilot_body(pilot, name="Solund–Fedje"))
    row = ActionLog.objects.filter(action="pilot.edited").latest("pk")
    assert row.data["name"] == {"before": "Solund og Fedje", "after": "Solund–Fedje"}
