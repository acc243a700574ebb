"""Events out, end to end: the Trysil journey played through the pages while real receivers on 127.0.0.1
(docs/webhooks.md's own verification code) take the deliveries — one of them down for part of the journey."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from bygdevekst.audit.log import log_action
from bygdevekst.core.failures import Failure
from bygdevekst.meetings.models import Meeting
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.response import response_content
from bygdevekst.process.models import StateResponse
from bygdevekst.webhooks import signing
from bygdevekst.webhooks.enums import DeliveryStatus, EventType
from bygdevekst.webhooks.models import Delivery, Event
from bygdevekst.webhooks.tasks import retry_due
from tests.clock import today_iso
from tests.pdfs import tiny_pdf
from tests.process.test_response import shown_form

from .conftest import endpoint_for


def pdf():
    return SimpleUploadedFile("protokoll.pdf", tiny_pdf("Protokoll"), content_type="application/pdf")


@pytest.fixture
def trysil(demo):
    from bygdevekst.agreements.models import Agreement

    return Agreement.objects.select_related("pilot").get(pilot=demo["pilots"]["Trysil-regionen"])


def _until_submitted(pm, kdd, kdd2, trysil, base):
    valer = Organisation.objects.get(municipality_number="3419")
    pm.post(
        f"{base}/anchoring/new/",
        {
            "organisation": valer.pk,
            "body": "kommunestyre",
            "approves_proposal": "on",
            "gives_mandate": "on",
            "mandate_to": "ordforer",
            "meeting_date": "2024-12-05",
            "case_number": "PS 99/24",
            "minutes": pdf(),
        },
    )
    pm.post(f"{base}/transition/", {"action": "submit", "confirm": "1"})
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


def _dialogue_to_approval(pm, kdd, trysil, base):
    kdd.post(f"{base}/transition/", {"action": "open_dialogue"})
    kdd.post(
        f"/meetings/new/?kind=dialogue&agreement={trysil.pk}",
        {"kind": "dialogue", "title": "Dialogmøte Trysil", "date": "2025-01-20", "agreement": trysil.pk},
    )
    meeting = Meeting.objects.get(title="Dialogmøte Trysil")
    item = meeting.items.get()
    kdd.post(f"/meetings/{meeting.pk}/outcomes/", {f"o_{item.pk}": "agreed", f"t_{item.pk}": "Enige."})
    kdd.post(f"{base}/transition/", {"action": "agree", "confirm": "1"})
    kdd.post(f"{base}/transition/", {"action": "open_approval"})
    for m in trysil.pilot.municipalities.all():
        pm.post(
            f"{base}/anchoring/new/",
            {
                "organisation": m.pk,
                "body": "kommunestyre",
                "final_approval": "on",
                "meeting_date": today_iso(),
                "minutes": pdf(),
            },
        )
    pm.post(
        f"{base}/anchoring/new/",
        {
            "organisation": trysil.pilot.county_council.pk,
            "body": "fylkesutvalg",
            "final_approval": "on",
            "meeting_date": today_iso(),
            "minutes": pdf(),
        },
    )
    kdd_org = Organisation.objects.get(org_number="972417858")
    kdd.post(
        f"{base}/anchoring/new/",
        {
            "organisation": kdd_org.pk,
            "body": "regjeringen",
            "final_approval": "on",
            "meeting_date": today_iso(),
            "minutes": pdf(),
        },
    )
    kdd.post(f"{base}/transition/", {"action": "approve", "confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "approved"


def _sign(kdd, trysil, base):
    data = {"signed_on": today_iso(), "signed_copy": pdf()}
    for party in trysil.parties.filter(role="main_party"):
        data[f"s_{party.organisation_id}"] = f"Signatar {party.organisation.name}"
    assert kdd.post(f"{base}/sign/", data).status_code == 302


def _types(endpoint):
    return {e.type for e in Event.objects.filter(deliveries__endpoint=endpoint)}


def test_every_event_of_the_journey_reaches_the_receiver_once_after_dedup_also_after_it_was_down(
    demo, client_for, trysil, receivers, django_capture_on_commit_callbacks
):
    kdd_rx, trysil_rx, smola_rx, partner_rx = receivers(), receivers(), receivers(), receivers()
    kdd_endpoint = endpoint_for(Organisation.objects.get(org_number="972417858"), kdd_rx)
    trysil_endpoint = endpoint_for(Organisation.objects.get(municipality_number="3421"), trysil_rx)
    smola_endpoint = endpoint_for(Organisation.objects.get(municipality_number="1573"), smola_rx)
    partner_endpoint = endpoint_for(Organisation.objects.get(kind="state_agency", name="Husbanken"), partner_rx)
    base = f"/process/agreements/{trysil.pk}"
    pm, kdd, kdd2 = client_for("trysil"), client_for("kdd"), client_for("kdd2")

    # Submit and the published response: the receivers are up.
    with django_capture_on_commit_callbacks(execute=True):
        pm.post(f"{base}/transition/", {"action": "submit"})  # refused (Våler has no decision): no event
        _until_submitted(pm, kdd, kdd2, trysil, base)
    first = set(kdd_rx.unique_ids)
    assert {"proposal.submitted", "response.published", "decision.recorded"} <= _types(kdd_endpoint)
    assert len(first) == Event.objects.filter(deliveries__endpoint=kdd_endpoint).count()

    # KDD's receiver is down from the dialogue to the approval: its deliveries fail and wait for a retry.
    kdd_rx.stop()
    with django_capture_on_commit_callbacks(execute=True):
        _dialogue_to_approval(pm, kdd, trysil, base)
    failed = Delivery.objects.filter(endpoint=kdd_endpoint, status=DeliveryStatus.FAILED)
    assert failed.count() >= 5
    assert all(
        d.attempts == 1 and "ConnectionError" in d.last_error and d.next_attempt_at > timezone.now() for d in failed
    )
    assert {d.failure for d in failed} == {Failure.UNREACHABLE}
    assert set(kdd_rx.unique_ids) == first
    assert retry_due() == 0, "nothing is due before its back-off has passed"
    retry_due(timezone.now() + datetime.timedelta(minutes=10))  # still down: a second failure, a longer wait
    assert set(failed.values_list("attempts", flat=True)) == {2}

    # Back up: the periodic job retries what is due, and every delivery arrives.
    waiting = failed.count()
    kdd_rx.start()
    assert retry_due(timezone.now() + datetime.timedelta(minutes=10)) == waiting
    assert not Delivery.objects.filter(endpoint=kdd_endpoint).exclude(status=DeliveryStatus.DELIVERED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _sign(kdd, trysil, base)

    # "Send again" on a delivered event: the receiver gets it twice and keeps it once.
    again = Delivery.objects.filter(endpoint=kdd_endpoint, event__type=EventType.PROPOSAL_SUBMITTED).get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("admin").post(f"/webhooks/deliveries/{again.pk}/send-again/").status_code == 302

    sent = {str(pk) for pk in Event.objects.filter(deliveries__endpoint=kdd_endpoint).values_list("pk", flat=True)}
    received = kdd_rx.received_ids()
    assert set(received) == sent == kdd_rx.unique_ids  # every event at least once …
    assert len(received) > len(sent) and received.count(str(again.event_id)) == 2  # … once after de-duplication
    assert all(status == 200 for _h, _b, status in kdd_rx.requests), "every signature verified"
    assert {
        "proposal.submitted",
        "response.published",
        "dialogue.opened",
        "meeting.called",
        "decision.recorded",
        "agreement.agreed",
        "approval.opened",
        "agreement.approved",
        "agreement.signed",
    } <= _types(kdd_endpoint)

    # Visibility: Trysil kommune (a member) gets the same events; Smøla (another pilot's municipality) and
    # Husbanken (a cooperation partner) nothing of the draft's work, only what became public.
    assert trysil_rx.unique_ids == sent and _types(trysil_endpoint) == _types(kdd_endpoint)
    assert _types(smola_endpoint) == _types(partner_endpoint) == {"agreement.approved", "agreement.signed"}
    assert smola_rx.unique_ids == {str(e.pk) for e in Event.objects.filter(deliveries__endpoint=smola_endpoint)}
    public = [json.loads(body) for _h, body, _s in smola_rx.requests]
    assert all(e["data"]["details"] == {} for e in public), "no names of signatories outside the parties"
    assert partner_rx.unique_ids == {str(e.pk) for e in Event.objects.filter(deliveries__endpoint=partner_endpoint)}

    # The body: id, type, time and the object's API address, exactly as signed.
    headers, body, _status = kdd_rx.requests[0]
    event = json.loads(body)
    assert set(event) == {"id", "type", "time", "object", "data"}
    assert (
        event["object"]["api_url"].endswith(f"/api/v1/agreements/{trysil.pk}")
        or "/api/v1/" in event["object"]["api_url"]
    )
    assert headers["Webhook-Id"] == event["id"] and headers["Webhook-Signature"].startswith("v1=")
    stored = Event.objects.get(pk=event["id"])
    assert body == signing.body_bytes(stored.payload)


def test_rolled_back_work_sends_nothing(demo, trysil, receivers, django_capture_on_commit_callbacks):
    rx = receivers()
    endpoint_for(Organisation.objects.get(org_number="972417858"), rx)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            log_action("agreement.submit", obj=trysil)
            raise RuntimeError("the action failed after logging")
    assert not Event.objects.exists() and not rx.requests

    with django_capture_on_commit_callbacks(execute=True):
        row = log_action("agreement.submit", obj=trysil)
    assert Event.objects.get().log_entry == row
    assert rx.unique_ids == {str(Event.objects.get().pk)}


def test_a_rotated_key_signs_beside_the_old_one_until_retired(
    demo, trysil, receivers, django_capture_on_commit_callbacks
):
    from bygdevekst.webhooks.domain.endpoints import retire_key, rotate_key

    rx = receivers()
    endpoint = endpoint_for(Organisation.objects.get(org_number="972417858"), rx)
    old = endpoint.current_key()
    admin = demo["users"]["admin"]
    new = rotate_key(endpoint, admin)
    old.refresh_from_db()
    assert endpoint.current_key() == new and old.valid_until > timezone.now()

    # During the grace period: both keys sign, the new first; a receiver holding either secret verifies.
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=trysil)
    headers, body, status = rx.requests[-1]
    assert status == 200
    assert headers["Webhook-Key-Id"].split() == [new.key_id, old.key_id]
    verify = rx.doc["verify_webhook"]
    assert verify(headers, body, {new.key_id: new.secret}) and verify(headers, body, {old.key_id: old.secret})
    assert not verify(headers, body, {old.key_id: new.secret}), "a key id with another key's secret fails"
    assert not verify(headers, body + b" ", {new.key_id: new.secret}), "a changed body fails"

    # Retired: only the new key signs; a receiver that still holds only the old secret refuses (401).
    retire_key(old, admin)
    rx.secrets = {old.key_id: old.secret}
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.withdraw", obj=trysil)
    headers, body, status = rx.requests[-1]
    assert headers["Webhook-Key-Id"] == new.key_id and status == 401
    delivery = Delivery.objects.filter(event__type=EventType.PROPOSAL_WITHDRAWN).get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_error == "HTTP 401"
    assert delivery.response_code == 401 and delivery.failure == Failure.REFUSED

    # The grace period also ends by itself.
    newer = rotate_key(endpoint, admin, grace_hours=0)
    assert [k.key_id for k in endpoint.signing_keys()] == [newer.key_id]
    assert new.key_id in [k.key_id for k in endpoint.signing_keys(timezone.now() - datetime.timedelta(seconds=5))]
