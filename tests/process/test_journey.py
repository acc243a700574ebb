"""The whole round-2 process played through the pages, as the demo users would in the browser."""

from django.core.files.uploadedfile import SimpleUploadedFile

from bygdevekst.meetings.models import Meeting
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.response import response_content
from bygdevekst.process.domain.signing import current_signing
from bygdevekst.process.models import StateResponse
from tests.clock import today_iso
from tests.pdfs import tiny_pdf

from .test_response import shown_form


def pdf():
    return SimpleUploadedFile("protokoll.pdf", tiny_pdf("Protokoll"), content_type="application/pdf")


def test_trysil_from_refused_submission_to_signing(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    base = f"/process/agreements/{trysil.pk}"
    pm, kdd, kdd2 = client_for("trysil"), client_for("kdd"), client_for("kdd2")

    # A refused, then accepted submission.
    page = pm.post(f"{base}/transition/", {"action": "submit"}, follow=True)
    assert "Våler kommune" in page.content.decode()
    valer = Organisation.objects.get(municipality_number="3419")
    pm.post(f"{base}/anchoring/new/", {"organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on",
                                       "gives_mandate": "on", "mandate_to": "ordforer", "meeting_date": "2024-12-05", "case_number": "PS 99/24",
                                       "minutes": pdf()})
    pm.post(f"{base}/transition/", {"action": "submit", "confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "submitted"

    # KDD's response, approved by kdd2, published.
    sub_goals = list(trysil.sub_goals.all())
    data = {"general": "Takk for forslaget."}
    for i, sg in enumerate(sub_goals):
        data[f"d_{sg.uid}"] = "needs_dialogue" if i == 0 else "agreed"
        data[f"t_{sg.uid}"] = "Drøftes i dialogmøtet." if i == 0 else ""
    assert kdd.post(f"{base}/response/", data).status_code == 302
    response = StateResponse.objects.get(agreement=trysil)
    kdd2.post(f"/process/responses/{response.pk}/approve/", shown_form(response_content(response)))
    kdd.post(f"/process/responses/{response.pk}/publish/", {"confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "responded"

    # Dialogue with a meeting whose agenda comes from the response.
    kdd.post(f"{base}/transition/", {"action": "open_dialogue"})
    kdd.post(f"/meetings/new/?kind=dialogue&agreement={trysil.pk}",
             {"kind": "dialogue", "title": "Dialogmøte Trysil", "date": "2025-01-20", "agreement": trysil.pk})
    meeting = Meeting.objects.get(title="Dialogmøte Trysil")
    items = list(meeting.items.all())
    assert [i.target_uid for i in items] == [sub_goals[0].uid]
    kdd.post(f"/meetings/{meeting.pk}/outcomes/", {f"o_{items[0].pk}": "agreed", f"t_{items[0].pk}": "Enige."})
    kdd.post(f"{base}/transition/", {"action": "agree", "confirm": "1"})
    kdd.post(f"{base}/transition/", {"action": "open_approval"})
    trysil.refresh_from_db()
    assert trysil.state == "in_approval"

    # Final approval by every council, the county (main party) and the government.
    page = kdd.post(f"{base}/transition/", {"action": "approve"}, follow=True)
    assert "Våler kommune" in page.content.decode()
    for m in trysil.pilot.municipalities.all():
        assert pm.post(f"{base}/anchoring/new/", {"organisation": m.pk, "body": "kommunestyre", "final_approval": "on",
                                                  "meeting_date": today_iso(), "minutes": pdf()}).status_code == 302
    pm.post(f"{base}/anchoring/new/", {"organisation": trysil.pilot.county_council.pk, "body": "fylkesutvalg",
                                       "final_approval": "on", "meeting_date": today_iso(), "minutes": pdf()})
    kdd_org = Organisation.objects.get(org_number="972417858")
    kdd.post(f"{base}/anchoring/new/", {"organisation": kdd_org.pk, "body": "regjeringen", "final_approval": "on",
                                        "meeting_date": today_iso(), "minutes": pdf()})
    kdd.post(f"{base}/transition/", {"action": "approve", "confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "approved"

    # Signing.
    data = {"signed_on": today_iso(), "signed_copy": pdf()}
    for party in trysil.parties.filter(role="main_party"):
        data[f"s_{party.organisation_id}"] = f"Signatar {party.organisation.name}"
    assert kdd.post(f"{base}/sign/", data).status_code == 302
    assert current_signing(trysil).signatories.count() == trysil.parties.filter(role="main_party").count()
    assert "Signatar" in pm.get(f"{base}/").content.decode()
