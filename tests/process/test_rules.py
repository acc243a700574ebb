"""One test per rule (R1, R2, R3, R4, R6, R7): each fails if the rule is broken."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from bygdevekst.agreements.enums import CommitmentKind, CountyRole
from bygdevekst.agreements.models import Commitment
from bygdevekst.core.guards import Refused
from bygdevekst.core.signals import agreement_transitioned
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.anchoring import record_decision, record_exception
from bygdevekst.process.domain.partners import change_county_role, confirm_county_commitment
from bygdevekst.process.domain.transitions import submission_warnings, transition
from bygdevekst.process.enums import Body
from bygdevekst.programme.enums import MilestoneKind, MilestoneNature
from bygdevekst.programme.models import Milestone
from bygdevekst.programme.status import at_risk, milestone_status, pilot_statuses, was_late
from tests.clock import today

from .conftest import settle_dialogue

DAY = datetime.date(2024, 11, 20)


def valer():
    return Organisation.objects.get(municipality_number="3419")


def anchor(agreement, user, org, **flags):
    flags = flags or {"approves_proposal": True}
    body = flags.pop("body", Body.KOMMUNESTYRE if org.kind == "municipality" else Body.FYLKESTING)
    return record_decision(agreement, user, organisation=org, body=body, meeting_date=DAY, **flags)


def test_R1_submit_refused_while_a_municipality_lacks_anchoring(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    with pytest.raises(Refused) as refused:
        transition(trysil, "submit", demo["users"]["trysil"])
    assert any("Våler kommune" in r for r in refused.value.reasons)
    trysil.refresh_from_db()
    assert trysil.state == "draft" and trysil.submitted_at is None
    assert not trysil.versions.filter(kind="proposal").exists()


@pytest.mark.parametrize("flags", [{"approves_proposal": True}, {"gives_mandate": True, "mandate_to": Body.ORDFORER, "body": Body.KOMMUNESTYRE}])
def test_R1_approval_or_mandate_anchors_and_submission_freezes_proposal(agreement_of, demo, flags):
    trysil = agreement_of("Trysil-regionen")
    anchor(trysil, demo["users"]["trysil"], valer(), **dict(flags))
    transition(trysil, "submit", demo["users"]["trysil"])
    trysil.refresh_from_db()
    assert trysil.state == "submitted" and trysil.submitted_at is not None
    assert trysil.versions.filter(kind="proposal").count() == 1


def test_R1_postponed_or_rejected_decision_does_not_anchor(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    anchor(trysil, demo["users"]["trysil"], valer(), postponed=True)
    anchor(trysil, demo["users"]["trysil"], valer(), rejected=True)
    with pytest.raises(Refused):
        transition(trysil, "submit", demo["users"]["trysil"])


def test_R1_kdd_exception_with_reason_allows_submission(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    record_exception(trysil, valer(), "Kommunestyret behandler saken 5. desember; KDD godtar det.", demo["users"]["kdd"])
    transition(trysil, "submit", demo["users"]["trysil"])
    trysil.refresh_from_db()
    assert trysil.state == "submitted"
    from bygdevekst.audit.models import ActionLog

    assert ActionLog.objects.filter(action="agreement.anchoring_exception_recorded", agreement=trysil).exists()


def test_R2_main_party_county_needs_anchoring(agreement_of, demo):
    nt_like = agreement_of("Solund og Fedje")  # submitted; use a draft instead
    assert nt_like.state == "submitted"
    trysil = agreement_of("Trysil-regionen")
    anchor(trysil, demo["users"]["trysil"], valer())
    # Innlandet (main party) has a decision in the demo; remove its effect by looking at a fresh pilot state
    from bygdevekst.process.models import AnchoringDecision

    AnchoringDecision.objects.filter(agreement=trysil, organisation=trysil.pilot.county_council).delete()
    with pytest.raises(Refused) as refused:
        transition(trysil, "submit", demo["users"]["trysil"])
    assert any(trysil.pilot.county_council.name in r for r in refused.value.reasons)


def test_R2_cooperation_party_county_without_anchoring_warns_but_does_not_block(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    from bygdevekst.process.models import AnchoringDecision

    AnchoringDecision.objects.filter(agreement=trysil, organisation=trysil.pilot.county_council).delete()
    change_county_role(trysil, CountyRole.COOPERATION_PARTY, demo["users"]["trysil"])
    anchor(trysil, demo["users"]["trysil"], valer())
    assert any(trysil.pilot.county_council.name in w for w in submission_warnings(trysil))
    transition(trysil, "submit", demo["users"]["trysil"])
    assert trysil.state == "submitted"


def test_R2_county_role_change_is_logged_with_before_and_after(agreement_of, demo):
    from bygdevekst.audit.models import ActionLog

    trysil = agreement_of("Trysil-regionen")
    change_county_role(trysil, CountyRole.NOT_PARTY, demo["users"]["trysil"])
    log = ActionLog.objects.filter(action="agreement.county_role_changed", agreement=trysil).latest("pk")
    assert log.data["county_role"] == {"before": "main_party", "after": "not_party"}


def test_R3_county_financial_commitment_is_flagged_and_blocks_until_confirmed(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    anchor(trysil, demo["users"]["trysil"], valer())
    sub_goal = trysil.sub_goals.first()
    commitment = Commitment.objects.create(
        sub_goal=sub_goal, party=trysil.pilot.county_council, kind=CommitmentKind.FINANCIAL,
        text="Fylkeskommunen bidrar med 500 000 kroner.", amount_nok=500000,
    )
    with pytest.raises(Refused) as refused:
        transition(trysil, "submit", demo["users"]["trysil"])
    assert any("utover personalressurser" in r for r in refused.value.reasons)
    assert confirm_county_commitment(trysil, commitment, "Avklart med fylkeskommunen.", demo["users"]["trysil"])
    # once only, and only for a flagged commitment: the domain refuses, whatever page calls it
    with translation.override("en"):
        with pytest.raises(Refused) as again:
            confirm_county_commitment(trysil, commitment, "Igjen.", demo["users"]["trysil"])
        assert again.value.reasons == ["This commitment is already confirmed."]
        personnel = trysil.commitments.filter(party=trysil.pilot.county_council, kind="personnel").first()
        with pytest.raises(Refused) as unflagged:
            confirm_county_commitment(trysil, personnel, "Unødvendig.", demo["users"]["trysil"])
        assert unflagged.value.reasons == [
            "Only a county-council commitment beyond personnel resources needs this confirmation."]
    assert trysil.county_confirmations.count() == 1
    transition(trysil, "submit", demo["users"]["trysil"])
    assert trysil.state == "submitted"


def test_R3_personnel_commitment_of_county_is_not_flagged(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    assert trysil.commitments.filter(party=trysil.pilot.county_council, kind="personnel").exists()
    anchor(trysil, demo["users"]["trysil"], valer())
    transition(trysil, "submit", demo["users"]["trysil"])


def _to_approval(agreement_of, demo):
    """Vest-Telemark from in_dialogue to in_approval."""
    vt = agreement_of("Vest-Telemark")
    kdd = demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    transition(vt, "agree", kdd)
    transition(vt, "open_approval", kdd)
    return vt


def _approve_all(vt, demo, skip=None, body=Body.KOMMUNESTYRE, **flags):
    """Final approvals dated today: an approval cannot be dated before the final text was agreed."""
    flags = flags or {"final_approval": True}
    for m in vt.pilot.municipalities.all():
        if m.pk != getattr(skip, "pk", None):
            record_decision(vt, demo["users"]["vinje"], organisation=m, body=body, meeting_date=today(), **flags)
    record_decision(vt, demo["users"]["kdd"], organisation=Organisation.objects.get(org_number="972417858"),
                    body=Body.REGJERINGEN, final_approval=True, meeting_date=today())


def test_R4_approve_needs_every_council_and_the_government_on_the_same_final_version(agreement_of, demo):
    vt = _to_approval(agreement_of, demo)
    kdd = demo["users"]["kdd"]
    seljord = vt.pilot.municipalities.get(municipality_number="4022")
    _approve_all(vt, demo, skip=seljord)
    with pytest.raises(Refused) as refused:
        transition(vt, "approve", kdd)
    assert refused.value.reasons == [f"{seljord.name}: kommunestyret har ikke godkjent den endelige versjonen "
                                     f"(v{vt.versions.filter(kind='final').latest('number').number})."]
    record_decision(vt, demo["users"]["vinje"], organisation=seljord, body=Body.KOMMUNESTYRE, final_approval=True,
                    meeting_date=today())
    transition(vt, "approve", kdd)
    vt.refresh_from_db()
    assert vt.state == "approved" and vt.approved_at is not None


def test_R4_mandate_or_formannskap_does_not_count(agreement_of, demo):
    vt = _to_approval(agreement_of, demo)
    _approve_all(vt, demo, body=Body.FORMANNSKAP, final_approval=True, delegation="Delegeringsreglementet § 4")
    with pytest.raises(Refused) as refused:
        transition(vt, "approve", demo["users"]["kdd"])
    assert len(refused.value.reasons) == vt.pilot.municipalities.count()


def test_R4_approval_of_an_older_final_version_does_not_count(agreement_of, demo):
    from bygdevekst.agreements.domain.snapshot import freeze_version

    vt = _to_approval(agreement_of, demo)
    _approve_all(vt, demo)
    # A new final text (e.g. after a late correction) with different content: earlier approvals no longer count.
    vt.title = vt.title + " (revidert)"
    vt.save()
    freeze_version(vt, "final", demo["users"]["kdd"], label="Revidert")
    with pytest.raises(Refused):
        transition(vt, "approve", demo["users"]["kdd"])


def test_R4_main_party_county_must_approve(agreement_of, demo):
    vt = _to_approval(agreement_of, demo)
    change = vt.__class__.objects.filter(pk=vt.pk)
    change.update(county_role=CountyRole.MAIN_PARTY)
    vt.refresh_from_db()
    _approve_all(vt, demo)
    with pytest.raises(Refused) as refused:
        transition(vt, "approve", demo["users"]["kdd"])
    assert any(vt.pilot.county_council.name in r for r in refused.value.reasons)


def test_R4_one_final_approval_per_organisation_body_and_version(agreement_of, demo):
    vt = _to_approval(agreement_of, demo)
    m = vt.pilot.municipalities.first()
    record_decision(vt, demo["users"]["vinje"], organisation=m, body=Body.KOMMUNESTYRE, final_approval=True,
                    meeting_date=today())
    from bygdevekst.process.models import AnchoringDecision

    final = vt.versions.filter(kind="final").latest("number")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnchoringDecision.objects.create(agreement=vt, organisation=m, body=Body.KOMMUNESTYRE, final_approval=True,
                                         meeting_date=today(), version=final, version_sha256=final.sha256)


def test_R6_submission_is_never_blocked_by_the_action_plan_and_signals_the_proposal(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    anchor(trysil, demo["users"]["trysil"], valer())
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    agreement_transitioned.connect(receiver)
    try:
        transition(trysil, "submit", demo["users"]["trysil"])
    finally:
        agreement_transitioned.disconnect(receiver)
    assert [(r["action"], r["from_state"], r["to_state"]) for r in received] == [("submit", "draft", "submitted")]
    assert received[0]["version"].kind == "proposal"
    assert received[0]["agreement"].pk == trysil.pk


def test_R7_only_a_deadline_makes_a_pilot_late(demo):
    trysil = demo["pilots"]["Trysil-regionen"]
    statuses = {s["milestone"].kind: s for s in pilot_statuses(trysil)}
    assert statuses[MilestoneKind.PROPOSAL]["code"] == "overdue"
    # The approval milestone (expected, Easter 2025) has passed, and is still only "expected".
    assert statuses[MilestoneKind.APPROVAL]["code"] == "expected"
    assert statuses[MilestoneKind.DIALOGUE]["code"] == "expected"


def test_R7_expected_dates_never_put_a_pilot_at_risk(demo):
    solund = demo["pilots"]["Solund og Fedje"]  # submitted on time, everything else expected and passed
    statuses = pilot_statuses(solund)
    assert not at_risk(statuses)
    assert {s["code"] for s in statuses} == {"done", "expected"}


def test_R7_late_submission_is_done_but_marked_late(demo):
    smola = demo["pilots"]["Smøla og Aure"]
    proposal = next(s for s in pilot_statuses(smola) if s["milestone"].kind == MilestoneKind.PROPOSAL)
    assert proposal["code"] == "done" and proposal["late"]
    # Late for good, but no longer at risk: the deadline it missed is behind it.
    assert not at_risk(pilot_statuses(smola)) and was_late(pilot_statuses(smola))


def test_R7_a_deadline_still_ahead_is_due(demo):
    trysil = demo["pilots"]["Trysil-regionen"]
    milestone = Milestone(round=trysil.round, kind=MilestoneKind.ACTION_PLAN, nature=MilestoneNature.DEADLINE,
                          title="Handlingsplan", date=datetime.date(2099, 1, 1))
    assert milestone_status(milestone, trysil.agreement)["code"] == "due"
    milestone.nature = MilestoneNature.EXPECTED
    milestone.date = datetime.date(2000, 1, 1)
    assert milestone_status(milestone, trysil.agreement)["code"] == "expected"
