"""R1 and R4: which body decided matters. A council always counts; the executive committee or the mayor only
under named delegated authority; a mayor cannot give himself a mandate; the final-approval slot is per
organisation and body, and only the body R4 requires completes it. Dates follow the process's order."""

import datetime

import pytest
from django.utils import timezone, translation

from bygdevekst.core.guards import Refused
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.anchoring import proposal_status, record_decision
from bygdevekst.process.domain.signing import record_signing
from bygdevekst.process.domain.transitions import transition
from bygdevekst.process.enums import Body
from bygdevekst.process.models import AnchoringDecision, Signing
from bygdevekst.programme.status import at_risk, pilot_statuses, was_late
from tests.clock import today

from .conftest import settle_dialogue

DAY = datetime.date(2024, 11, 20)


def valer():
    return Organisation.objects.get(municipality_number="3419")


def in_approval(agreement_of, demo):
    vt = agreement_of("Vest-Telemark")
    settle_dialogue(vt, demo["users"]["kdd"])  # R11: the dialogue meeting was held
    transition(vt, "agree", demo["users"]["kdd"])
    transition(vt, "open_approval", demo["users"]["kdd"])
    return vt


def test_R1_a_mayors_decision_without_delegated_authority_is_refused(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    with translation.override("en"), pytest.raises(Refused) as refused:
        record_decision(trysil, demo["users"]["trysil"], organisation=valer(), body=Body.ORDFORER,
                        approves_proposal=True, meeting_date=DAY)
    assert "delegat" in refused.value.reasons[0]
    assert not AnchoringDecision.objects.filter(agreement=trysil, organisation=valer()).exists()


def test_R1_a_mayor_cannot_give_himself_a_mandate(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    with translation.override("en"), pytest.raises(Refused) as refused:
        record_decision(trysil, demo["users"]["trysil"], organisation=valer(), body=Body.ORDFORER,
                        gives_mandate=True, mandate_to=Body.ORDFORER, delegation="Delegeringsreglementet § 4",
                        meeting_date=DAY)
    assert "A mayor cannot give himself a mandate." in refused.value.reasons


def test_R1_a_formannskap_decision_under_a_named_delegation_anchors(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    record_decision(trysil, demo["users"]["trysil"], organisation=valer(), body=Body.FORMANNSKAP,
                    approves_proposal=True, meeting_date=DAY, delegation="Kommunestyret PS 12/24")
    transition(trysil, "submit", demo["users"]["trysil"])
    assert trysil.state == "submitted"


def test_R1_a_recorded_mayors_decision_without_delegation_does_not_count(agreement_of, demo):
    """A row from before the rule (or written around the domain) never opens the submit gate."""
    trysil = agreement_of("Trysil-regionen")
    AnchoringDecision.objects.create(agreement=trysil, organisation=valer(), body=Body.ORDFORER,
                                     approves_proposal=True, gives_mandate=True, meeting_date=DAY)
    assert not next(r for r in proposal_status(trysil) if r["organisation"] == valer())["ok"]
    with pytest.raises(Refused):
        transition(trysil, "submit", demo["users"]["trysil"])


def test_R1_the_matrix_shows_the_body_and_date_per_cell(client_for, demo):
    page = client_for("kdd").get("/process/anchoring/").content.decode()
    with translation.override("nb"):
        assert str(Body.KOMMUNESTYRE.label) in page
    assert "21.11.2024" in page  # Trysil kommune's council meeting in the demo


def test_R4_the_approval_slot_is_per_body_and_a_postponement_leaves_it_free(agreement_of, demo):
    vt = in_approval(agreement_of, demo)
    seljord = vt.pilot.municipalities.get(municipality_number="4022")
    user = demo["users"]["vinje"]
    record_decision(vt, user, organisation=seljord, body=Body.FORMANNSKAP, final_approval=True, meeting_date=today(),
                    delegation="Delegeringsreglementet § 4")
    record_decision(vt, user, organisation=seljord, body=Body.KOMMUNESTYRE, final_approval=True, postponed=True,
                    meeting_date=today())
    record_decision(vt, user, organisation=seljord, body=Body.KOMMUNESTYRE, final_approval=True, meeting_date=today())
    with pytest.raises(Refused):  # the same body twice: correct the first instead
        record_decision(vt, user, organisation=seljord, body=Body.KOMMUNESTYRE, final_approval=True,
                        meeting_date=today())


def test_R4_only_the_required_body_completes_the_approval_and_approved_at_is_the_last_decision(agreement_of, demo):
    vt = in_approval(agreement_of, demo)
    first = last = today()  # the final text was agreed today: nothing can be dated earlier
    for m in vt.pilot.municipalities.all():
        record_decision(vt, demo["users"]["vinje"], organisation=m, body=Body.FORMANNSKAP, final_approval=True,
                        meeting_date=first, delegation="Delegeringsreglementet § 4")
    kdd_org = Organisation.objects.get(org_number="972417858")
    record_decision(vt, demo["users"]["kdd"], organisation=kdd_org, body=Body.REGJERINGEN, final_approval=True,
                    meeting_date=first)
    with pytest.raises(Refused):
        transition(vt, "approve", demo["users"]["kdd"])
    for m in vt.pilot.municipalities.all():
        record_decision(vt, demo["users"]["vinje"], organisation=m, body=Body.KOMMUNESTYRE, final_approval=True,
                        meeting_date=last)
    transition(vt, "approve", demo["users"]["kdd"])
    vt.refresh_from_db()
    assert timezone.localtime(vt.approved_at).date() == last


def test_R4_approved_at_is_the_date_of_the_last_decision_not_the_click(agreement_of):
    nt = agreement_of("Nord-Troms")  # the government approved on 4 April 2025; KDD clicked on 7 April
    assert timezone.localtime(nt.approved_at).date() == datetime.date(2025, 4, 4)


def test_R4_an_approval_dated_before_the_final_text_was_agreed_is_refused(agreement_of, demo):
    vt = in_approval(agreement_of, demo)
    with translation.override("en"), pytest.raises(Refused) as refused:
        record_decision(vt, demo["users"]["vinje"], organisation=vt.pilot.municipalities.first(),
                        body=Body.KOMMUNESTYRE, final_approval=True, meeting_date=DAY)
    assert "before the final text was agreed" in refused.value.reasons[0]


def test_R4_a_signing_dated_before_the_approval_is_refused(agreement_of, demo):
    nt = agreement_of("Nord-Troms")
    Signing.objects.filter(agreement=nt).delete()
    signatories = [(p.organisation, "Signatar", "") for p in nt.parties.filter(role="main_party")]
    with translation.override("en"), pytest.raises(Refused) as refused:
        record_signing(nt, datetime.date(2025, 4, 1), signatories, demo["users"]["kdd"])
    assert refused.value.reasons == ["The signing date 01.04.2025 is before the agreement was approved on 04.04.2025."]


def test_R7_an_approved_and_signed_agreement_submitted_late_is_late_but_not_at_risk(agreement_of, demo):
    nt = agreement_of("Nord-Troms")
    type(nt).objects.filter(pk=nt.pk).update(submitted_at=timezone.make_aware(datetime.datetime(2024, 12, 6, 12)))
    statuses = pilot_statuses(demo["pilots"]["Nord-Troms"].__class__.objects.get(pk=nt.pilot_id))
    assert was_late(statuses) and not at_risk(statuses)
