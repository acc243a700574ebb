"""KDD's management forms for rounds and pilots: bad input is refused with the form shown again."""

from django.urls import reverse

from bygdevekst.programme.models import Pilot
from tests.fuzz.test_forms import fingerprint


def _pilot_body(pilot, **changes):
    body = {
        "round": pilot.round_id, "name": pilot.name, "municipalities": [m.pk for m in pilot.municipalities.all()],
        "lead_municipality": pilot.lead_municipality_id, "county": pilot.county_id,
        "county_council": pilot.county_council_id, "state_administrator": pilot.state_administrator_id,
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
