"""A new pilot's agreement is started from the pilot page: an empty draft with the letter's parties."""

import pytest
from django.urls import reverse

from bygdevekst.agreements.enums import AgreementState, PartyRole
from bygdevekst.agreements.models import Agreement
from bygdevekst.audit.models import ActionLog
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership
from tests.conftest import innlandet_pilot


@pytest.fixture
def new_pilot(demo):
    """A round-2 style pilot without an agreement (as KDD creates one for a new round), with its own PM."""
    pilot = innlandet_pilot("Nye Østerdalen", ["Engerdal kommune", "Rendalen kommune"])
    Membership.objects.create(user=demo["users"]["solund"], organisation=pilot.lead_municipality,
                              role=Role.PROJECT_MANAGER, pilot=pilot)
    return pilot


def test_project_manager_starts_the_draft_with_the_letters_parties(client_for, new_pilot):
    client = client_for("solund")
    page = client.get(new_pilot.get_absolute_url()).content.decode()
    assert reverse("agreements:start", args=[new_pilot.pk]) in page
    response = client.post(reverse("agreements:start", args=[new_pilot.pk]))
    agreement = Agreement.objects.get(pilot=new_pilot)
    assert response.status_code == 302 and response["Location"] == reverse("agreements:editor", args=[agreement.pk])
    assert agreement.state == AgreementState.DRAFT and agreement.title == "Bygdevekstavtale for Nye Østerdalen"
    parties = list(agreement.parties.order_by("position").values_list("organisation__name", "role"))
    assert parties[0] == ("Kommunal- og distriktsdepartementet", PartyRole.MAIN_PARTY)
    assert {name for name, _role in parties[1:3]} == {"Engerdal kommune", "Rendalen kommune"}
    assert parties[3] == (new_pilot.county_council.name, PartyRole.MAIN_PARTY)
    log = ActionLog.objects.get(action="agreement.created", agreement=agreement)
    assert log.actor.username == "solund" and log.data["pilot"] == "Nye Østerdalen"
    # the editor opens on the empty draft
    assert client.get(reverse("agreements:editor", args=[agreement.pk])).status_code == 200


def test_starting_twice_makes_one_agreement_and_says_why(client_for, new_pilot):
    client = client_for("kdd")
    client.post(reverse("agreements:start", args=[new_pilot.pk]))
    response = client.post(reverse("agreements:start", args=[new_pilot.pk]))
    assert response.status_code == 403
    assert "Piloten har allerede en avtale." in response.content.decode()
    assert Agreement.objects.filter(pilot=new_pilot).count() == 1


@pytest.mark.parametrize("username,status", [("trysil", 403), ("statsforvalter-innlandet", 403),
                                             ("politiker-trysil", 403)])
def test_others_cannot_start_it(client_for, new_pilot, username, status):
    assert client_for(username).post(reverse("agreements:start", args=[new_pilot.pk])).status_code == status
    assert not Agreement.objects.filter(pilot=new_pilot).exists()


def test_anonymous_is_sent_to_log_in_and_get_is_refused(client_for, new_pilot):
    url = reverse("agreements:start", args=[new_pilot.pk])
    assert client_for(None).post(url).status_code == 302
    assert client_for("kdd").get(url).status_code == 405
    assert not Agreement.objects.filter(pilot=new_pilot).exists()
