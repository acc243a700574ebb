from bygdevekst.process.domain.anchoring import missing_final_approvals
from bygdevekst.process.domain.signing import current_signing
from bygdevekst.process.models import AnchoringDecision, StateResponse
from bygdevekst.programme.status import submission_is_late


def test_demo_stages(agreement_of):
    assert agreement_of("Trysil-regionen").state == "draft"
    assert agreement_of("Smøla og Aure").state == "submitted"
    assert agreement_of("Solund og Fedje").state == "submitted"
    assert agreement_of("Vest-Telemark").state == "in_dialogue"
    nord = agreement_of("Nord-Troms")
    assert nord.state == "approved"
    assert current_signing(nord).signatories.count() == nord.parties.filter(role="main_party").count()
    assert missing_final_approvals(nord) == []


def test_demo_trysil_misses_valer_only(agreement_of):
    trysil = agreement_of("Trysil-regionen")
    anchored = set(AnchoringDecision.objects.filter(agreement=trysil).values_list("organisation__name", flat=True))
    assert "Våler kommune" not in anchored
    assert {"Trysil kommune", "Åmot kommune", "Engerdal kommune"} <= anchored


def test_demo_late_and_on_time(agreement_of):
    assert submission_is_late(agreement_of("Smøla og Aure"))
    assert not submission_is_late(agreement_of("Solund og Fedje"))


def test_demo_response_four_eyes(agreement_of):
    response = StateResponse.objects.get(agreement=agreement_of("Vest-Telemark"))
    assert response.author.username == "kdd" and response.approved_by.username == "kdd2"
    assert response.is_published
    meeting = agreement_of("Vest-Telemark").meetings.get(kind="dialogue")
    assert meeting.items.count() == 2
    assert meeting.participants.get(organisation__kind="county_council").capacity == "independent_elected_body"
