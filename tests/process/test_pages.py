import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bygdevekst.audit.models import ActionLog
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.models import AnchoringDecision, PartnerConfirmation, Signing
from tests.pdfs import tiny_pdf


def test_process_page_roles(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    page = client_for("trysil").get(f"/process/agreements/{trysil.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Våler kommune" in content and 'name="action" value="submit"' in content
    assert client_for("kdd").get(f"/process/agreements/{trysil.pk}/").status_code == 200
    assert client_for("statsforvalter-innlandet").get(f"/process/agreements/{trysil.pk}/").status_code == 200
    assert client_for("smola").get(f"/process/agreements/{trysil.pk}/").status_code == 404
    assert client_for(None).get(f"/process/agreements/{trysil.pk}/").status_code == 404


def test_agreement_page_shows_the_process_panel(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    content = client_for("trysil").get(trysil.get_absolute_url()).content.decode()
    assert "process-panel" in content and "Våler kommune" in content


def test_submit_button_refused_then_accepted(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    client = client_for("trysil")
    response = client.post(f"/process/agreements/{trysil.pk}/transition/", {"action": "submit"}, follow=True)
    assert "Våler kommune" in response.content.decode()
    trysil.refresh_from_db()
    assert trysil.state == "draft"
    valer = Organisation.objects.get(municipality_number="3419")
    form = client.post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on", "gives_mandate": "on", "mandate_to": "ordforer",
        "meeting_date": "2024-11-28", "case_number": "PS 14/24", "decision_text": "Vedtatt.",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf"),
    })
    assert form.status_code == 302
    client.post(f"/process/agreements/{trysil.pk}/transition/", {"action": "submit", "confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "submitted"
    assert ActionLog.objects.filter(action="agreement.submit", agreement=trysil).exists()


def test_transition_page_roles(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    assert client_for("statsforvalter-innlandet").post(f"/process/agreements/{trysil.pk}/transition/",
                                                      {"action": "withdraw"}).status_code == 403
    assert client_for("smola").post(f"/process/agreements/{trysil.pk}/transition/",
                                    {"action": "withdraw"}).status_code == 404
    assert client_for("trysil").get(f"/process/agreements/{trysil.pk}/transition/").status_code == 405
    trysil.refresh_from_db()
    assert trysil.state == "draft"


def test_record_decision_rejects_a_fake_pdf_and_saves_nothing(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    before = AnchoringDecision.objects.count()
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
    })
    assert page.status_code == 200
    assert b"error-summary" in page.content
    assert AnchoringDecision.objects.count() == before


def test_record_decision_size_limit(client_for, agreement_of, settings):
    settings.MAX_UPLOAD_BYTES = 100
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf"),
    })
    assert page.status_code == 200 and b"error-summary" in page.content
    assert not AnchoringDecision.objects.filter(organisation=valer, agreement=trysil).exists()


def test_record_decision_wrong_body_for_organisation(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": valer.pk, "body": "fylkesting", "approves_proposal": "on", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf"),
    })
    assert page.status_code == 200 and b"error-summary" in page.content


def test_record_decision_roles(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    assert client_for("trysil").get(f"/process/agreements/{trysil.pk}/anchoring/new/").status_code == 200
    assert client_for("statsforvalter-innlandet").get(f"/process/agreements/{trysil.pk}/anchoring/new/").status_code == 403
    assert client_for("smola").get(f"/process/agreements/{trysil.pk}/anchoring/new/").status_code == 404


def test_minutes_download(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    client_for("trysil").post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf"),
    })
    decision = AnchoringDecision.objects.get(agreement=trysil, organisation=valer)
    response = client_for("kdd").get(f"/process/anchoring/{decision.pk}/minutes.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for("smola").get(f"/process/anchoring/{decision.pk}/minutes.pdf").status_code == 404


def test_exception_page_kdd_only(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    assert client_for("trysil").get(f"/process/agreements/{trysil.pk}/anchoring/exception/").status_code == 403
    page = client_for("kdd").post(f"/process/agreements/{trysil.pk}/anchoring/exception/",
                                  {"organisation": valer.pk, "reason": ""})
    assert page.status_code == 200 and b"error-summary" in page.content
    page = client_for("kdd").post(f"/process/agreements/{trysil.pk}/anchoring/exception/",
                                  {"organisation": valer.pk, "reason": "Behandles 5. desember."})
    assert page.status_code == 302
    assert trysil.anchoring_exceptions.get().reason == "Behandles 5. desember."


def test_partner_confirmation(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    kdd_org = Organisation.objects.get(org_number="972417858")
    # "not agreed" needs a comment
    page = client_for("kdd").post(f"/process/agreements/{trysil.pk}/confirm-commitments/",
                                  {"organisation": kdd_org.pk, "agreed": "no", "comment": ""})
    assert page.status_code == 200 and b"error-summary" in page.content
    page = client_for("kdd").post(f"/process/agreements/{trysil.pk}/confirm-commitments/",
                                  {"organisation": kdd_org.pk, "agreed": "yes", "comment": ""})
    assert page.status_code == 302
    assert PartnerConfirmation.objects.get(agreement=trysil, organisation=kdd_org).agreed
    # A project manager cannot confirm on KDD's behalf.
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/confirm-commitments/",
                                     {"organisation": kdd_org.pk, "agreed": "no", "comment": "Nei"})
    assert page.status_code == 200
    assert PartnerConfirmation.objects.get(agreement=trysil, organisation=kdd_org).agreed
    assert client_for("statsforvalter-innlandet").get(
        f"/process/agreements/{trysil.pk}/confirm-commitments/").status_code == 403


def test_unconfirmed_partners_warn_on_the_submission_screen(client_for, agreement_of):
    from bygdevekst.process.domain.transitions import submission_reasons, submission_warnings

    trysil = agreement_of("Trysil-regionen")
    kdd_name = Organisation.objects.get(org_number="972417858").name
    warnings = submission_warnings(trysil)
    assert any(kdd_name in w for w in warnings)  # KDD has not confirmed its commitments in the demo
    assert not any(w.startswith("Trysil kommune") for w in warnings)  # Trysil has
    assert not any(kdd_name in r for r in submission_reasons(trysil))  # a warning, never a block
    content = client_for("trysil").get(f"/process/agreements/{trysil.pk}/").content.decode()
    assert all(w.split(" ")[0] in content for w in warnings)


def test_county_role_change_page(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    assert client_for("kdd").post(f"/process/agreements/{trysil.pk}/county-role/",
                                  {"county_role": "not_party"}).status_code == 403
    client_for("trysil").post(f"/process/agreements/{trysil.pk}/county-role/", {"county_role": "cooperation_party"})
    trysil.refresh_from_db()
    assert trysil.county_role == "cooperation_party"
    assert trysil.parties.get(organisation=trysil.pilot.county_council).role == "cooperation_party"
    client_for("trysil").post(f"/process/agreements/{trysil.pk}/county-role/", {"county_role": "bogus"})
    trysil.refresh_from_db()
    assert trysil.county_role == "cooperation_party"


def test_signing(client_for, agreement_of):
    nord = agreement_of("Nord-Troms")
    Signing.objects.filter(agreement=nord).delete()
    assert client_for("kafjord").get(f"/process/agreements/{nord.pk}/sign/").status_code == 403
    page = client_for("kdd").get(f"/process/agreements/{nord.pk}/sign/")
    assert page.status_code == 200
    data = {"signed_on": "2025-05-06",
            "signed_copy": SimpleUploadedFile("signert.pdf", b"not a pdf", content_type="application/pdf")}
    for party in nord.parties.filter(role="main_party"):
        data[f"s_{party.organisation_id}"] = f"Ordfører {party.organisation.name}"
    page = client_for("kdd").post(f"/process/agreements/{nord.pk}/sign/", data)
    assert page.status_code == 200 and not Signing.objects.filter(agreement=nord).exists()
    data["signed_copy"] = SimpleUploadedFile("signert.pdf", tiny_pdf("Signert"), content_type="application/pdf")
    page = client_for("kdd").post(f"/process/agreements/{nord.pk}/sign/", data)
    assert page.status_code == 302
    signing = Signing.objects.get(agreement=nord)
    assert signing.signatories.count() == nord.parties.filter(role="main_party").count()
    assert signing.signed_on == datetime.date(2025, 5, 6)
    download = client_for("kafjord").get(f"/process/agreements/{nord.pk}/signed.pdf")
    assert download.status_code == 200


def test_addendum_only_for_agreement_in_force(client_for, agreement_of):
    nord = agreement_of("Nord-Troms")
    page = client_for("kdd").post(f"/process/agreements/{nord.pk}/addenda/new/", {"title": "Tillegg", "text": "Ny tekst"})
    assert page.status_code == 302
    assert nord.addenda.get().number == 1
    vt = agreement_of("Vest-Telemark")
    client_for("kdd").post(f"/process/agreements/{vt.pk}/addenda/new/", {"title": "Tillegg", "text": "Ny tekst"})
    assert not vt.addenda.exists()


def test_matrix_page(client_for, demo):
    round2 = demo["pilots"]["Trysil-regionen"].round
    page = client_for("kdd").get(f"/process/rounds/{round2.pk}/anchoring/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Våler kommune" in content and "<caption>" in content and "✓" in content
    assert client_for("trysil").get(f"/process/rounds/{round2.pk}/anchoring/").status_code == 403
    assert client_for("kdd").get("/process/anchoring/").status_code == 200


def test_matrix_query_count_does_not_grow_with_pilots(client_for, demo, django_assert_max_num_queries):
    from bygdevekst.programme.models import Pilot

    round2 = demo["pilots"]["Trysil-regionen"].round
    client = client_for("kdd")
    client.get(f"/process/rounds/{round2.pk}/anchoring/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/process/rounds/{round2.pk}/anchoring/")
    template = demo["pilots"]["Trysil-regionen"]
    for i in range(5):
        extra = Pilot.objects.create(round=round2, name=f"Ekstra {i}", lead_municipality=template.lead_municipality,
                                     county=template.county, county_council=template.county_council,
                                     state_administrator=template.state_administrator)
        extra.municipalities.set(template.municipalities.all())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/process/rounds/{round2.pk}/anchoring/")
    assert "Ekstra 4" in page.content.decode()


@pytest.mark.parametrize("pilot", ["Trysil-regionen", "Smøla og Aure", "Vest-Telemark", "Nord-Troms", "Solund og Fedje"])
def test_process_page_renders_every_stage_for_kdd(client_for, agreement_of, pilot, django_assert_max_num_queries):
    agreement = agreement_of(pilot)
    client = client_for("kdd")
    with django_assert_max_num_queries(60):
        page = client.get(f"/process/agreements/{agreement.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("<h1") == 1
    if pilot == "Vest-Telemark":
        assert 'value="agree"' in content
    if pilot == "Nord-Troms":
        assert "Troms" in content and 'value="end"' in content


def test_round_and_overview_pages(client_for, demo):
    round2 = demo["pilots"]["Trysil-regionen"].round
    kdd_page = client_for("kdd").get(f"/rounds/{round2.pk}/").content.decode()
    assert "calendar.ics" in kdd_page and f"/rounds/{round2.pk}/milestones/new/" in kdd_page
    public = client_for(None).get(f"/rounds/{round2.pk}/").content.decode()
    assert "calendar.ics" in public and "/milestones/new/" not in public
    assert client_for(None).get("/").status_code == 200


def test_final_approval_before_a_final_version_is_refused_clearly(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    trysil_kommune = Organisation.objects.get(municipality_number="3421")
    before = AnchoringDecision.objects.count()
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/anchoring/new/", {
        "organisation": trysil_kommune.pk, "body": "kommunestyre", "final_approval": "on", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf"),
    })
    assert page.status_code == 200 and b"error-summary" in page.content
    assert AnchoringDecision.objects.count() == before


def test_process_page_queries_do_not_grow_with_decisions(client_for, agreement_of, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nord = agreement_of("Nord-Troms")
    client = client_for("kdd")
    client.get(f"/process/agreements/{nord.pk}/")
    with CaptureQueriesContext(connection) as baseline:
        client.get(f"/process/agreements/{nord.pk}/")
    for i, m in enumerate(nord.pilot.municipalities.all()):
        AnchoringDecision.objects.create(agreement=nord, organisation=m, body="formannskap", postponed=True,
                                         meeting_date=datetime.date(2025, 1, 1 + i), case_number=f"PS {i}/25")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(f"/process/agreements/{nord.pk}/")


def test_county_officer_records_only_the_county_councils_decision(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    url = f"/process/agreements/{trysil.pk}/anchoring/new/"
    page = client_for("innlandet").get(url)
    assert page.status_code == 200
    options = page.context["form"].fields["organisation"].queryset
    assert list(options) == [trysil.pilot.county_council]
    valer = Organisation.objects.get(municipality_number="3419")
    client_for("innlandet").post(url, {"organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on",
                                       "meeting_date": "2024-11-28", "minutes": SimpleUploadedFile(
                                           "p.pdf", tiny_pdf(), content_type="application/pdf")})
    assert not AnchoringDecision.objects.filter(agreement=trysil, organisation=valer).exists()
