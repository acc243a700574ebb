"""Letters by eFormidling, against a fake integration point on 127.0.0.1 that checks the envelope and
validates every arkivmelding against eFormidling's official schema."""

import pytest
from django.core import mail
from django.urls import reverse
from lxml import etree

from bygdevekst.core.failures import Failure
from bygdevekst.core.shown import content_hash
from bygdevekst.correspondence.domain.archive import NS
from bygdevekst.correspondence.domain.letters import approve_and_send, letter_content
from bygdevekst.correspondence.enums import DeliveryStatus
from bygdevekst.correspondence.tasks import attempt_delivery, retry_deliveries

from .conftest import ROUND2_ADDRESSEES, ROUND2_COPIES
from .fake_integrasjonspunkt import FakeIntegrationPoint

N = {"a": NS}
TRANSPORTS = ["bygdevekst.correspondence.transports.EFormidlingTransport",
              "bygdevekst.correspondence.transports.EmailTransport"]


@pytest.fixture
def point(settings):
    with FakeIntegrationPoint() as fake:
        settings.LETTER_TRANSPORTS = TRANSPORTS
        settings.EFORMIDLING_URL = fake.url
        settings.EFORMIDLING_STATUS_WAIT = 0.2
        settings.EFORMIDLING_POLL_INTERVAL = 0.01
        yield fake


def test_round_letter_reaches_all_fourteen_by_organisation_number(point, demo, make_letter):
    mail.outbox.clear()
    letter = make_letter()
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    deliveries = list(letter.deliveries.select_related("organisation", "document"))
    assert len(deliveries) == 14
    assert {d.transport for d in deliveries} == {"eformidling"}
    assert all(d.status == DeliveryStatus.SENT and d.message_id for d in deliveries), [
        (d.organisation.name, d.status, d.last_error) for d in deliveries]
    assert not mail.outbox and not point.refused
    assert len(point.delivered()) == 14
    by_receiver = {m["receiver"]: m for m in point.messages.values()}
    for delivery in deliveries:
        message = by_receiver[f"0192:{delivery.organisation.org_number}"]
        assert message["sbd"]["standardBusinessDocumentHeader"]["documentIdentification"]["instanceIdentifier"] \
            == delivery.message_id
        assert message["files"] == {delivery.document.filename: delivery.document.read()}
        journalpost = etree.fromstring(message["arkivmelding"]).find("a:mappe/a:basisregistrering", N)
        assert journalpost.findtext("a:tittel", namespaces=N) == letter.title
        names = {p.findtext("a:korrespondansepartNavn", namespaces=N): p.findtext("a:korrespondanseparttype", namespaces=N)
                 for p in journalpost.findall("a:korrespondansepart", N)}
        assert names[delivery.organisation.name] == ("Mottaker" if delivery.role == "recipient" else "Kopimottaker")
    addressees = {d.organisation.name for d in deliveries if d.role == "recipient"}
    copies = {d.organisation.name for d in deliveries if d.role == "copy_recipient"}
    assert addressees == ROUND2_ADDRESSEES and copies == ROUND2_COPIES


def test_a_failure_is_retried_and_shown(point, demo, make_letter, client_for):
    trysil = demo["pilots"]["Trysil-regionen"]
    municipality = trysil.lead_municipality
    point.fail_receivers.add(municipality.org_number)
    letter = make_letter(pilot=trysil)
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    failed = letter.deliveries.get(organisation=municipality)
    assert failed.status == DeliveryStatus.FAILED and failed.failure == Failure.REFUSED and failed.attempts == 1
    assert "FEIL" in failed.last_error  # the technical text, for the operators
    assert all(d.status == DeliveryStatus.SENT for d in letter.deliveries.exclude(pk=failed.pk))
    page = client_for("kdd").get(reverse("correspondence:letter", args=[letter.pk])).content.decode()
    assert "Mottakersystemet avviste meldingen." in page
    assert failed.last_error not in page and "EFormidlingError" not in page
    first_message = failed.message_id

    point.fail_receivers.clear()
    assert retry_deliveries() >= 1
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT and failed.attempts == 2 and failed.last_error == ""
    assert failed.failure == ""
    assert failed.message_id != first_message  # a failed message is sent anew, not followed forever
    assert len([m for m in point.messages.values() if m["receiver"] == f"0192:{municipality.org_number}"]) == 2


def test_integration_point_down_then_up(point, demo, make_letter):
    point.down = True
    letter = make_letter(pilot=demo["pilots"]["Smøla og Aure"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    deliveries = list(letter.deliveries.all())
    assert deliveries and all(d.status == DeliveryStatus.FAILED and "503" in d.last_error for d in deliveries)
    assert {(d.failure, d.response_code) for d in deliveries} == {(Failure.REFUSED, 503)}
    point.down = False
    for delivery in deliveries:
        attempt_delivery(delivery.pk)
    assert {d.status for d in letter.deliveries.all()} == {DeliveryStatus.SENT}


def test_a_message_still_in_transit_is_followed_not_sent_twice(point, demo, make_letter):
    letter = make_letter(pilot=demo["pilots"]["Smøla og Aure"])
    point.in_transit = True  # the receiver has not fetched its messages yet: statuses stop at MOTTATT
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    delivery = letter.deliveries.first()
    assert delivery.status == DeliveryStatus.FAILED and "MOTTATT" in delivery.last_error and delivery.message_id
    assert delivery.failure == Failure.AWAITING_RECEIPT
    message = point.messages[delivery.message_id]
    point.in_transit = False
    message["statuses"].append("LEVERT")
    attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len([m for m in point.messages.values() if m["receiver"] == message["receiver"]]) == 1


def test_without_an_integration_point_email_stays_the_default(settings, demo, make_letter):
    settings.LETTER_TRANSPORTS = TRANSPORTS
    settings.EFORMIDLING_URL = ""
    letter = make_letter(pilot=demo["pilots"]["Smøla og Aure"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    assert {d.transport for d in letter.deliveries.all()} == {"email"}


def test_a_receiver_without_the_arkivmelding_capability_gets_the_letter_by_email(point, demo, make_letter):
    """The integration point's capability lookup decides: an organisation the service registry lists for
    Digital Post only is not sent an arkivmelding (which its archive could not take) but an e-mail."""
    mail.outbox.clear()
    trysil = demo["pilots"]["Trysil-regionen"]
    municipality = trysil.lead_municipality
    point.incapable.add(municipality.org_number)
    letter = make_letter(pilot=trysil)
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    by_org = {d.organisation_id: d for d in letter.deliveries.all()}
    assert municipality.org_number in point.capability_requests
    assert by_org[municipality.pk].transport == "email" and by_org[municipality.pk].status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[municipality.email]]
    assert f"0192:{municipality.org_number}" not in {m["receiver"] for m in point.messages.values()}
    others = [d for pk, d in by_org.items() if pk != municipality.pk]
    assert others and all(d.transport == "eformidling" and d.status == DeliveryStatus.SENT for d in others)


def test_a_capability_withdrawn_after_addressing_fails_the_delivery_with_a_reason(point, demo, make_letter):
    """Between addressing and sending the registry changed: nothing is sent, the failure says why."""
    trysil = demo["pilots"]["Trysil-regionen"]
    municipality = trysil.lead_municipality
    letter = make_letter(pilot=trysil)
    point.down = True  # addressed by eFormidling (the lookup could not be made), the send fails
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    delivery = letter.deliveries.get(organisation=municipality)
    assert delivery.transport == "eformidling" and delivery.status == DeliveryStatus.FAILED
    point.down = False
    point.incapable.add(municipality.org_number)
    attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and "cannot receive an arkivmelding" in delivery.last_error
    assert delivery.failure == Failure.NO_ADDRESS
    assert f"0192:{municipality.org_number}" not in {m["receiver"] for m in point.messages.values()}


def test_the_capability_lookup_is_made_before_the_approval_locks_anything(point, demo, make_letter, monkeypatch):
    """The lookup is a network call: it is made before the approval's transaction, never while the letter's row
    (or SQLite's write lock) is held — a slow integration point cannot hold up the database."""
    from django.db import connection

    from bygdevekst.correspondence import eformidling

    depth_outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    asked = eformidling.can_receive

    def recording(org_number):  # the lookup that addresses a recipient (the worker asks again before sending)
        depths.append(len(connection.atomic_blocks))
        return asked(org_number)

    monkeypatch.setattr(eformidling, "can_receive", recording)
    letter = make_letter(pilot=demo["pilots"]["Trysil-regionen"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    assert len(depths) == letter.deliveries.count() >= 3
    assert set(depths) == {depth_outside}
    assert {d.status for d in letter.deliveries.all()} == {DeliveryStatus.SENT}
