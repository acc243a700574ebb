import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from bygdevekst.organisations.models import Organisation
from bygdevekst.process.models import AnchoringDecision
from tests.pdfs import tiny_pdf

from .conftest import settle_dialogue


def url(agreement, tail="transitions"):
    return f"/api/v1/agreements/{agreement.pk}/{tail}"


def test_transition_api_409_with_reasons_then_200(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    client = api_client("trysil")
    response = client.post(url(trysil), {"action": "submit"}, content_type="application/json")
    assert response.status_code == 409
    assert any("Våler kommune" in r for r in response.json()["reasons"])
    valer = Organisation.objects.get(municipality_number="3419")
    AnchoringDecision.objects.create(agreement=trysil, organisation=valer, body="kommunestyre", approves_proposal=True,
                                     meeting_date=datetime.date(2024, 11, 28))
    response = client.post(url(trysil), {"action": "submit"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"
    trysil.refresh_from_db()
    assert trysil.state == "submitted"


def test_transition_api_403_without_the_right(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    # The state administrator follows the pilot but may not submit; KDD may not submit for the pilot.
    for user in ("statsforvalter-innlandet", "kdd", "politiker-trysil"):
        response = api_client(user).post(url(trysil), {"action": "submit"}, content_type="application/json")
        assert response.status_code == 403, user
    # KDD responds only by publishing the written response: the bare action is refused with the reason.
    solund = agreement_of("Solund og Fedje")
    response = api_client("kdd").post(url(solund), {"action": "respond"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["reasons"]
    assert api_client("solund").post(url(solund), {"action": "respond"}, content_type="application/json").status_code == 403
    trysil.refresh_from_db()
    assert trysil.state == "draft"


def test_transition_api_404_for_outsiders(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    for user in ("smola", None):
        response = api_client(user).post(url(trysil), {"action": "withdraw"}, content_type="application/json")
        assert response.status_code in (404, 401) if user is None else response.status_code == 404
    assert api_client("smola").post(url(trysil), {"action": "submit"}, content_type="application/json").status_code == 404


def test_transition_api_kdd_moves_the_process(api_client, agreement_of, demo):
    vt = agreement_of("Vest-Telemark")
    settle_dialogue(vt, demo["users"]["kdd"])
    response = api_client("kdd").post(url(vt), {"action": "agree"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "agreed"
    assert vt.versions.filter(kind="final").count() == 1
    response = api_client("kdd").post(url(vt), {"action": "agree"}, content_type="application/json")
    assert response.status_code == 409


def test_transition_api_rejects_unknown_action(api_client, agreement_of):
    response = api_client("kdd").post(url(agreement_of("Vest-Telemark")), {"action": "explode"},
                                      content_type="application/json")
    assert response.status_code == 422


def test_anchoring_decisions_api_list_and_create(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    listed = api_client("trysil").get(url(trysil, "anchoring-decisions"))
    assert listed.status_code == 200
    assert {d["organisation_name"] for d in listed.json()["items"]} >= {"Trysil kommune", "Åmot kommune"}
    valer = Organisation.objects.get(municipality_number="3419")
    response = api_client("trysil").post(url(trysil, "anchoring-decisions"), {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "true", "gives_mandate": "true", "mandate_to": "ordforer",
        "meeting_date": "2024-11-28", "case_number": "PS 14/24", "decision_text": "Vedtatt.",
        "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf("Protokoll"), content_type="application/pdf"),
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["approves_proposal"] and body["gives_mandate"] and body["has_minutes"]
    assert AnchoringDecision.objects.get(pk=body["id"]).minutes.read().startswith(b"%PDF-")


def test_anchoring_decisions_api_rejects_a_fake_pdf(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    before = AnchoringDecision.objects.count()
    response = api_client("trysil").post(url(trysil, "anchoring-decisions"), {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "true", "meeting_date": "2024-11-28",
        "minutes": SimpleUploadedFile("protokoll.pdf", b"MZ not a pdf", content_type="application/pdf"),
    })
    assert response.status_code == 409  # schema-valid, refused by the upload validator: a refusal with reasons
    assert any("not a PDF" in r or "ikke et PDF" in r for r in response.json()["reasons"])
    assert AnchoringDecision.objects.count() == before


def test_anchoring_decisions_api_roles(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    assert api_client("smola").get(url(trysil, "anchoring-decisions")).status_code == 404
    valer = Organisation.objects.get(municipality_number="3419")
    response = api_client("statsforvalter-innlandet").post(url(trysil, "anchoring-decisions"), {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "true", "meeting_date": "2024-11-28",
    })
    assert response.status_code == 403


def test_uploaded_minutes_keep_a_clean_name_in_the_case_log_and_the_download(api_client, client_for, agreement_of):
    from bygdevekst.correspondence.models import DocumentObject, RegistryEntry

    trysil = agreement_of("Trysil-regionen")
    valer = Organisation.objects.get(municipality_number="3419")
    ids = []
    for _ in range(2):  # the second upload of the same name gets a storage suffix (protokoll_AbC123x.pdf)
        response = api_client("trysil").post(url(trysil, "anchoring-decisions"), {
            "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "true",
            "meeting_date": "2024-11-28", "minutes": SimpleUploadedFile("protokoll.pdf", tiny_pdf("P"), "application/pdf"),
        })
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    for pk in ids:
        entry = RegistryEntry.objects.get(source=f"anchoring:{pk}")
        assert list(DocumentObject.objects.filter(description__entry=entry).values_list("filename", flat=True)) == [
            "protokoll-valer-kommune-2024-11-28.pdf"]
        download = client_for("kdd").get(f"/process/anchoring/{pk}/minutes.pdf")
        assert 'filename="protokoll-valer-kommune-2024-11-28.pdf"' in download["Content-Disposition"]
