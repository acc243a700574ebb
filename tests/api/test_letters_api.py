"""Letters through the API: drafted by one KDD token, approved by another with the hash of what was shown (R10),
sent, deliveries followed and a failed one sent again — the same domain functions and log as the pages."""

import pytest
from django.core import mail

from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.enums import DeliveryStatus, LetterState
from bygdevekst.correspondence.models import Letter
from tests.correspondence.helpers import FAILING


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _letter_body(demo, **extra):
    pilot = demo["pilots"]["Trysil-regionen"]
    body = {
        "round": pilot.round_id,
        "pilot": pilot.pk,
        "title": "Invitasjon til dialogmøte",
        "body": "Vi viser til forslaget.\n\nKDD inviterer til dialogmøte.",
        "their_reference": "24/77",
        "signatories": [
            {"name": "Kari Direktør", "title": "avdelingsdirektør", "on_behalf": True},
            {"name": "Ola Saksbehandler", "title": "seniorrådgiver"},
        ],
    }
    return {**body, **extra}


def _log(action, letter_id):
    return ActionLog.objects.filter(action=action, object_id=str(letter_id)).order_by("-pk").first()


def test_draft_approve_with_the_hash_and_send(api_client, demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kdd, kdd2 = api_client("kdd"), api_client("kdd2")
    created = _post(kdd, "/api/v1/letters/", _letter_body(demo))
    assert created.status_code == 201, created.content
    letter = created.json()
    pilot = demo["pilots"]["Trysil-regionen"]
    # R8: the address list of one pilot — its municipality and county council; its state administrator in copy
    assert {o["id"] for o in letter["recipients"]} == {pilot.lead_municipality_id, pilot.county_council_id}
    assert [o["id"] for o in letter["copies"]] == [pilot.state_administrator_id]
    assert letter["state"] == "draft" and len(letter["signatories"]) == 2
    assert _log("correspondence.letter_composed", letter["id"]).actor.username == "kdd"

    # The author cannot approve: 409 with the four-eyes reason (not a 403: the role may, the state says no).
    own = _post(kdd, f"/api/v1/letters/{letter['id']}/approve", {"shown_sha256": letter["content_sha256"]})
    assert own.status_code == 409 and any(
        "four eyes" in r or "fire auge" in r or "fire øyne" in r for r in own.json()["reasons"]
    )
    assert letter["approval_reasons"]  # the author is told before trying

    # kdd2 opens it; then kdd changes the recipients: the hash kdd2 saw no longer matches (R10).
    shown = kdd2.get(f"/api/v1/letters/{letter['id']}").json()
    assert shown["approval_reasons"] == []
    changed = _post(
        kdd,
        f"/api/v1/letters/{letter['id']}/recipients",
        {
            "recipients": [pilot.lead_municipality_id],
            "copies": [pilot.state_administrator_id],
            "lock_version": letter["lock_version"],
        },
    )
    assert changed.status_code == 200, changed.content
    assert [o["id"] for o in changed.json()["recipients"]] == [pilot.lead_municipality_id]
    assert _log("correspondence.recipients_changed", letter["id"]).actor.username == "kdd"
    import json

    stale = _post(
        kdd2,
        f"/api/v1/letters/{letter['id']}/approve",
        {"shown_sha256": shown["content_sha256"], "shown_content": json.dumps(shown["content"])},
    )
    assert stale.status_code == 409
    problem = stale.json()
    assert problem["current_sha256"] == changed.json()["content_sha256"]
    assert problem["changes"] and problem["changes"][0]["field"]
    assert Letter.objects.get(pk=letter["id"]).state == LetterState.DRAFT

    # Approved with the hash of the letter as it is now: registered and sent.
    mail.outbox.clear()
    sent = _post(kdd2, f"/api/v1/letters/{letter['id']}/approve", {"shown_sha256": changed.json()["content_sha256"]})
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["state"] == "sent" and body["registry_entry"] and body["letter_date"]
    log = _log("correspondence.letter_sent", letter["id"])
    assert log.actor.username == "kdd2" and log.data["content_sha256"] == changed.json()["content_sha256"]
    deliveries = kdd.get(f"/api/v1/letters/{letter['id']}/deliveries").json()
    assert deliveries["count"] == 2 and {d["status"] for d in deliveries["items"]} == {"sent"}
    assert len(mail.outbox) == 2
    # A sent letter is not approved again, nor its recipients changed.
    again = _post(kdd2, f"/api/v1/letters/{letter['id']}/approve", {"shown_sha256": body["content_sha256"]})
    assert again.status_code == 409
    assert (
        _post(
            kdd,
            f"/api/v1/letters/{letter['id']}/recipients",
            {"recipients": [pilot.lead_municipality_id], "lock_version": body["lock_version"]},
        ).status_code
        == 409
    )


def test_failed_delivery_sent_again(api_client, demo, settings):
    settings.EMAIL_BACKEND = FAILING
    kdd, kdd2 = api_client("kdd"), api_client("kdd2")
    letter = _post(kdd, "/api/v1/letters/", _letter_body(demo)).json()
    assert (
        _post(kdd2, f"/api/v1/letters/{letter['id']}/approve", {"shown_sha256": letter["content_sha256"]}).status_code
        == 200
    )
    deliveries = kdd.get(f"/api/v1/letters/{letter['id']}/deliveries").json()["items"]
    failed = deliveries[0]
    assert failed["status"] == "failed" and failed["failure"] == "unreachable" and "last_error" not in failed
    assert failed["error"] and "SMTPServerDisconnected" not in failed["error"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    retried = _post(kdd, f"/api/v1/deliveries/{failed['id']}/send-again", {})
    assert retried.status_code == 200, retried.content
    assert retried.json()["status"] == "sent" and retried.json()["attempts"] == 2 and len(mail.outbox) == 1
    assert _log("correspondence.delivery_retried", letter["id"]).actor.username == "kdd"
    refused = _post(kdd, f"/api/v1/deliveries/{failed['id']}/send-again", {})
    assert refused.status_code == 409 and refused.json()["reasons"]
    assert kdd.get(f"/api/v1/deliveries/{failed['id']}").json()["status"] == DeliveryStatus.SENT


def test_letter_form_refusals_are_409_and_schema_faults_422(api_client, demo):
    kdd = api_client("kdd")
    other_round = demo["pilots"]["Rindal og Holtålen"].round_id if "Rindal og Holtålen" in demo["pilots"] else 999999
    response = _post(kdd, "/api/v1/letters/", _letter_body(demo, round=other_round))
    assert response.status_code == 409 and response.json()["errors"][0]["loc"] == ["body", "pilot"]
    assert _post(kdd, "/api/v1/letters/", _letter_body(demo, signatories=[])).status_code == 422
    assert _post(kdd, "/api/v1/letters/", _letter_body(demo, title="   ")).status_code == 422
    assert not Letter.objects.filter(title="Invitasjon til dialogmøte").exists()


@pytest.mark.parametrize("username", ["trysil", "innlandet", "statsforvalter-innlandet", "smola", None])
def test_letters_are_kdds_working_material(api_client, demo, username):
    letter = Letter.objects.order_by("pk").first()
    client = api_client(username)
    assert client.get("/api/v1/letters/").status_code == 404
    assert client.get(f"/api/v1/letters/{letter.pk}").status_code == 404
    assert _post(client, "/api/v1/letters/", _letter_body(demo)).status_code == 404
    assert _post(client, f"/api/v1/letters/{letter.pk}/approve", {"shown_sha256": "0" * 64}).status_code == 404
    delivery = letter.deliveries.first()
    assert _post(client, f"/api/v1/deliveries/{delivery.pk}/send-again", {}).status_code == 404
