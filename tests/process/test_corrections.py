"""R9: everything recorded can be corrected or withdrawn with a reason, nothing is deleted, and guards count
only what is in force — so no wrong entry can leave an agreement stuck."""

import datetime

import pytest
from django.utils import translation

from bygdevekst.audit.models import ActionLog
from bygdevekst.core.guards import Refused
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain import corrections
from bygdevekst.process.domain.anchoring import record_decision, record_exception
from bygdevekst.process.domain.partners import confirm_county_commitment, flagged_county_commitments, partner_status
from bygdevekst.process.domain.signing import current_signing
from bygdevekst.process.domain.transitions import transition
from bygdevekst.process.enums import Body
from bygdevekst.process.models import AnchoringDecision, AnchoringException, RecordStatus, Signing
from tests.clock import today

from .conftest import settle_dialogue


def valer():
    return Organisation.objects.get(municipality_number="3419")


def kdd_org():
    return Organisation.objects.get(org_number="972417858")


def in_approval(agreement_of, demo):
    vt = agreement_of("Vest-Telemark")
    settle_dialogue(vt, demo["users"]["kdd"])  # R11: the dialogue meeting was held
    transition(vt, "agree", demo["users"]["kdd"])
    transition(vt, "open_approval", demo["users"]["kdd"])
    return vt


def approve_all_but(vt, demo, skip):
    for m in vt.pilot.municipalities.exclude(pk=skip.pk):
        record_decision(vt, demo["users"]["vinje"], organisation=m, body=Body.KOMMUNESTYRE, final_approval=True,
                        meeting_date=today())
    record_decision(vt, demo["users"]["kdd"], organisation=kdd_org(), body=Body.REGJERINGEN, final_approval=True,
                    meeting_date=today())


def test_R9_a_wrong_final_approval_is_corrected_and_the_agreement_is_approved(agreement_of, demo):
    vt = in_approval(agreement_of, demo)
    seljord = vt.pilot.municipalities.get(municipality_number="4022")
    approve_all_but(vt, demo, seljord)
    wrong = record_decision(vt, demo["users"]["vinje"], organisation=seljord, body=Body.FORMANNSKAP,
                            final_approval=True, meeting_date=today(), delegation="Delegeringsreglementet § 4")
    with pytest.raises(Refused):
        transition(vt, "approve", demo["users"]["kdd"])
    right = corrections.correct_decision(
        wrong, demo["users"]["kdd"], "Det var kommunestyret som vedtok avtalen, ikke formannskapet.",
        organisation=seljord, body=Body.KOMMUNESTYRE, final_approval=True, meeting_date=today(), case_number="PS 9/25",
    )
    transition(vt, "approve", demo["users"]["kdd"])
    vt.refresh_from_db()
    assert vt.state == "approved"
    wrong.refresh_from_db()
    assert wrong.record_status == RecordStatus.CORRECTED and wrong.superseded_by_id == right.pk
    assert wrong.correction_reason.startswith("Det var kommunestyret")
    assert AnchoringDecision.objects.filter(pk=wrong.pk).exists()  # never deleted
    log = ActionLog.objects.filter(action="agreement.record_corrected", agreement=vt).latest("pk")
    with translation.override("en"):
        assert log.data["before"]["body"] != log.data["after"]["body"]
    assert log.data["reason"] == wrong.correction_reason and log.data["new_record"] == right.pk


def test_R9_a_withdrawn_anchoring_decision_no_longer_counts_and_stays_visible(agreement_of, demo, client_for):
    trysil = agreement_of("Trysil-regionen")
    decision = record_decision(trysil, demo["users"]["trysil"], organisation=valer(), body=Body.KOMMUNESTYRE,
                               approves_proposal=True, meeting_date=datetime.date(2024, 11, 20))
    corrections.withdraw_decision(decision, demo["users"]["trysil"], "Registrert på feil kommune.")
    with pytest.raises(Refused) as refused:
        transition(trysil, "submit", demo["users"]["trysil"])
    assert any("Våler kommune" in r for r in refused.value.reasons)
    page = client_for("trysil").get(f"/process/agreements/{trysil.pk}/").content.decode()
    assert "Registrert på feil kommune." in page
    assert ActionLog.objects.filter(action="agreement.record_withdrawn", agreement=trysil).exists()


def test_R9_a_correction_needs_a_reason_and_a_record_in_force(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    decision = AnchoringDecision.objects.filter(agreement=trysil).order_by("pk").first()
    with translation.override("en"), pytest.raises(Refused) as refused:
        corrections.withdraw_decision(decision, demo["users"]["kdd"], "  ")
    assert refused.value.reasons == ["Give the reason for the correction."]
    corrections.withdraw_decision(decision, demo["users"]["kdd"], "Feil møte.")
    with pytest.raises(Refused):
        corrections.withdraw_decision(decision, demo["users"]["kdd"], "Igjen.")


def test_R9_an_approved_agreement_cannot_lose_the_approval_it_stands_on(agreement_of, demo):
    nt = agreement_of("Nord-Troms")
    approval = AnchoringDecision.objects.filter(agreement=nt, final_approval=True, body=Body.KOMMUNESTYRE).first()
    with pytest.raises(Refused):
        corrections.withdraw_decision(approval, demo["users"]["kdd"], "Feil.")
    approval.refresh_from_db()
    assert approval.in_force
    # Correcting its facts (here the case number) keeps the agreement approved.
    fields = {f: getattr(approval, f) for f in ("organisation", "body", "final_approval", "meeting_date",
                                                 "decision_text")}
    new = corrections.correct_decision(approval, demo["users"]["kdd"], "Feil saksnummer.", case_number="PS 99/25",
                                       **fields)
    assert new.in_force and new.version_sha256 == approval.version_sha256


def test_R9_a_withdrawn_exception_blocks_again_and_a_new_one_can_be_recorded(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    exception = record_exception(trysil, valer(), "Vedtak kommer 5. desember.", demo["users"]["kdd"])
    corrected = corrections.correct_exception(exception, demo["users"]["kdd"], "Feil dato i begrunnelsen.",
                                              "Vedtak kommer 12. desember.")
    transition(trysil, "submit", demo["users"]["trysil"])  # the corrected exception counts
    assert AnchoringException.objects.filter(agreement=trysil).count() == 2
    corrections.withdraw_exception(corrected, demo["users"]["kdd"], "Kommunen vedtok likevel i tide.")
    assert AnchoringException.objects.in_force().filter(agreement=trysil).count() == 0
    record_exception(trysil, valer(), "Ny begrunnelse.", demo["users"]["kdd"])


def test_R9_a_partner_confirmation_is_corrected_then_withdrawn(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    lead = trysil.pilot.lead_municipality
    row = next(r for r in partner_status(trysil) if r["organisation"] == lead)
    assert row["confirmed"]
    new = corrections.correct_partner_confirmation(row["record"], demo["users"]["trysil"], "Kommunen er ikke enig.",
                                                   False, "Beløpet er feil.")
    row = next(r for r in partner_status(trysil) if r["organisation"] == lead)
    assert not row["confirmed"] and row["confirmation"].pk == new.pk
    corrections.withdraw_partner_confirmation(new, demo["users"]["trysil"], "Svaret var for tidlig.")
    row = next(r for r in partner_status(trysil) if r["organisation"] == lead)
    assert row["record"] is None


def test_R9_a_withdrawn_county_confirmation_flags_the_commitment_again(agreement_of, demo):
    from bygdevekst.agreements.enums import CommitmentKind
    from bygdevekst.agreements.models import Commitment

    trysil = agreement_of("Trysil-regionen")
    commitment = Commitment.objects.create(sub_goal=trysil.sub_goals.first(), party=trysil.pilot.county_council,
                                           kind=CommitmentKind.FINANCIAL, text="500 000 kroner.", amount_nok=500000)
    assert confirm_county_commitment(trysil, commitment, "Avklart.", demo["users"]["trysil"]).in_force
    confirmation = flagged_county_commitments(trysil)[-1]["confirmation"]
    corrections.withdraw_county_confirmation(confirmation, demo["users"]["innlandet"], "Ikke avklart i fylkesutvalget.")
    assert all(r["confirmation"] is None for r in flagged_county_commitments(trysil) if r["commitment"] == commitment)
    assert confirm_county_commitment(trysil, commitment, "Avklart i fylkesutvalget.", demo["users"]["innlandet"]).in_force


def test_R9_a_signing_is_corrected_or_withdrawn_and_can_be_recorded_again(agreement_of, demo):
    nt = agreement_of("Nord-Troms")
    signing = current_signing(nt)
    new = corrections.correct_signing(
        signing, demo["users"]["kdd"], "Feil dato.", datetime.date(2025, 5, 7),
        [(s.organisation, s.name, s.title) for s in signing.signatories.all()],
    )
    assert current_signing(nt).pk == new.pk and new.signed_copy.name == signing.signed_copy.name
    corrections.withdraw_signing(new, demo["users"]["kdd"], "Signaturene var ikke gyldige.")
    assert current_signing(nt) is None and Signing.objects.filter(agreement=nt).count() == 2


def test_R9_the_registry_entry_of_a_corrected_decision_is_marked_and_points_at_the_new_one(agreement_of, demo):
    from bygdevekst.correspondence.models import RegistryEntry

    trysil = agreement_of("Trysil-regionen")
    decision = record_decision(trysil, demo["users"]["trysil"], organisation=valer(), body=Body.KOMMUNESTYRE,
                               approves_proposal=True, meeting_date=datetime.date(2024, 11, 20))
    new = corrections.correct_decision(decision, demo["users"]["trysil"], "Feil møtedato.", organisation=valer(),
                                       body=Body.KOMMUNESTYRE, approves_proposal=True,
                                       meeting_date=datetime.date(2024, 11, 21))
    old_entry = RegistryEntry.objects.get(source=f"anchoring:{decision.pk}")
    assert old_entry.correction == "corrected" and old_entry.correction_reason == "Feil møtedato."
    assert old_entry.superseded_by == RegistryEntry.objects.get(source=f"anchoring:{new.pk}")


def test_R9_correct_and_withdraw_pages(agreement_of, demo, client_for):
    trysil = agreement_of("Trysil-regionen")
    decision = AnchoringDecision.objects.filter(agreement=trysil, organisation=trysil.pilot.lead_municipality).first()
    base = f"/process/agreements/{trysil.pk}/records/decision/{decision.pk}"
    kdd = client_for("kdd")
    page = kdd.get(f"{base}/correct/").content.decode()
    assert decision.case_number in page
    process_page = kdd.get(f"/process/agreements/{trysil.pk}/").content.decode()
    assert f"{base}/correct/" in process_page and f"{base}/withdraw/" in process_page
    assert client_for("innlandet").get(f"{base}/correct/").status_code == 403  # not the county's decision
    assert client_for("vinje").get(f"{base}/correct/").status_code == 404
    assert kdd.post(f"{base}/withdraw/", {"correction_reason": ""}).status_code == 200  # the reason is required
    response = kdd.post(f"{base}/correct/", {
        "organisation": decision.organisation_id, "body": "kommunestyre", "approves_proposal": "on",
        "gives_mandate": "on", "mandate_to": "ordforer", "meeting_date": "2024-11-19", "case_number": "PS 41/24",
        "correction_reason": "Feil saksnummer.",
    })
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.record_status == RecordStatus.CORRECTED
    new = AnchoringDecision.objects.get(pk=decision.superseded_by_id)
    assert new.case_number == "PS 41/24" and new.minutes.name == decision.minutes.name
    assert kdd.post(f"/process/agreements/{trysil.pk}/records/decision/{new.pk}/withdraw/",
                    {"correction_reason": "Vedtaket gjaldt et annet forslag."}).status_code == 302
    assert kdd.get(f"{base}/correct/").status_code == 200  # the old record is still there to be read


def test_R9_correct_and_withdraw_through_the_api(agreement_of, demo, api_client):
    trysil = agreement_of("Trysil-regionen")
    decision = AnchoringDecision.objects.filter(agreement=trysil, organisation=trysil.pilot.lead_municipality).first()
    base = f"/api/v1/agreements/{trysil.pk}/anchoring-decisions/{decision.pk}"
    client = api_client("trysil")
    response = client.post(f"{base}/correct", {
        "organisation": decision.organisation_id, "body": "kommunestyre", "approves_proposal": "true",
        "meeting_date": "2024-11-19", "case_number": "PS 41/24", "correction_reason": "Feil saksnummer.",
    })
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["record_status"] == "in_force" and new["case_number"] == "PS 41/24"
    listed = {d["id"]: d for d in client.get(f"/api/v1/agreements/{trysil.pk}/anchoring-decisions").json()["items"]}
    assert listed[decision.pk]["record_status"] == "corrected" and listed[decision.pk]["superseded_by"] == new["id"]
    refused = client.post(f"{base}/withdraw", {"reason": "Igjen."}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["reasons"]
    withdrawn = client.post(f"/api/v1/agreements/{trysil.pk}/anchoring-decisions/{new['id']}/withdraw",
                            {"reason": "Feil."}, content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["record_status"] == "withdrawn"
    assert client.post(f"{base}/withdraw", {}, content_type="application/json").status_code == 422


def test_R9_a_recorded_meeting_outcome_is_changed_only_with_a_reason_and_the_old_one_stays_visible(demo, client_for):
    from bygdevekst.meetings.domain.meetings import record_outcomes
    from bygdevekst.meetings.models import ItemOutcome, Meeting

    meeting = Meeting.objects.filter(agreement__pilot__name="Nord-Troms").first()
    item = meeting.items.first()
    assert item.outcome == ItemOutcome.AGREED
    with pytest.raises(Refused):
        record_outcomes(meeting, demo["users"]["kdd"], {item: (ItemOutcome.DEFERRED, "Utsatt.")})
    item.refresh_from_db()
    assert item.outcome == ItemOutcome.AGREED
    kdd = client_for("kdd")
    page = kdd.post(f"/meetings/{meeting.pk}/outcomes/", {
        f"o_{item.pk}": "deferred", f"t_{item.pk}": "Utsatt til neste møte.",
        "reason": "Referatet var feil: punktet ble utsatt.",
    }, follow=True).content.decode()
    item.refresh_from_db()
    assert item.outcome == ItemOutcome.DEFERRED
    assert "Referatet var feil: punktet ble utsatt." in page and "Enighet om justert ordlyd." in page


def test_R9_the_signing_page_corrects_a_signatorys_name(agreement_of, client_for):
    nt = agreement_of("Nord-Troms")
    signing = current_signing(nt)
    url = f"/process/agreements/{nt.pk}/records/signing/{signing.pk}/correct/"
    kdd = client_for("kdd")
    form = kdd.get(url).content.decode()
    assert form.index('name="signed_on"') < form.index('name="correction_reason"')
    data = {"signed_on": "2025-05-06", "correction_reason": "Feil navn på signataren for Skjervøy."}
    for s in signing.signatories.all():
        data[f"s_{s.organisation_id}"] = "Ordfører i Skjervøy" if s.organisation.name == "Skjervøy kommune" else s.name
    assert kdd.post(url, data).status_code == 302
    names = {s.organisation.name: s.name for s in current_signing(nt).signatories.all()}
    assert names["Skjervøy kommune"] == "Ordfører i Skjervøy"
    assert "Feil navn på signataren for Skjervøy." in kdd.get(f"/process/agreements/{nt.pk}/").content.decode()
