"""A failed delivery of a letter is shown as a reason a person can act on, in their language, on the letter page
and in the API; the transport's exception (its class name and message) stays for the operators: the model's
technical text, the server log and the admin."""

import smtplib

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from bygdevekst.core.failures import Failure, classify
from bygdevekst.core.integrity import IntegrityBroken
from bygdevekst.core.shown import content_hash
from bygdevekst.correspondence.domain.letters import approve_and_send, letter_content
from bygdevekst.correspondence.enums import DeliveryStatus
from bygdevekst.correspondence.tasks import attempt_delivery

from .fake_integrasjonspunkt import FakeIntegrationPoint
from .helpers import FAILING

LANGUAGES = ["nb", "nn", "en"]

UNREACHABLE = {
    "nb": "Mottakersystemet kunne ikke nås. Det prøves igjen automatisk.",
    "nn": "Mottakarsystemet kunne ikkje nåast. Det blir prøvd igjen automatisk.",
    "en": "The receiving system could not be reached. It is tried again automatically.",
}
REFUSED_503 = {
    "nb": "Mottakersystemet avviste meldingen med svaret: tjenesten er utilgjengelig (503).",
    "nn": "Mottakarsystemet avviste meldinga med svaret: tenesta er utilgjengeleg (503).",
    "en": "The receiving system refused the message with the answer: the service is unavailable (503).",
}
INTEGRITY = {
    "nb": "Det lagrede dokumentet stemmer ikke lenger med sjekksummen sin, så det ble ikke sendt.",
    "nn": "Det lagra dokumentet stemmer ikkje lenger med sjekksummen sin, så det vart ikkje sendt.",
    "en": "The stored document no longer matches its checksum, so it was not sent.",
}


def _send(letter, demo):
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    return letter.deliveries.select_related("document").order_by("pk").first()


def _shown(delivery, language, client_for, api_client):
    """The letter page and the API's delivery, read by KDD's case officer using `language`."""
    get_user_model().objects.filter(username="kdd").update(language=language)
    page = client_for("kdd").get(reverse("correspondence:letter", args=[delivery.letter_id]))
    assert page.status_code == 200
    answer = api_client("kdd").get(f"/api/v1/deliveries/{delivery.pk}")
    assert answer.status_code == 200
    listed = api_client("kdd").get(f"/api/v1/letters/{delivery.letter_id}/deliveries").json()["items"]
    assert [d for d in listed if d["id"] == delivery.pk] == [answer.json()]
    return page.content.decode(), answer.json(), answer.content.decode()


def _assert_shown(delivery, code, expected, client_for, api_client, raw):
    """The reason in nb, nn and en; none of the raw texts (exception class, message) anywhere."""
    assert delivery.failure == code and delivery.last_error
    for language in LANGUAGES:
        page, item, body = _shown(delivery, language, client_for, api_client)
        assert expected[language] in page, language
        assert item["failure"] == code and expected[language] in item["error"] and "last_error" not in item
        for text in [delivery.last_error, *raw]:
            assert text not in page, (language, text)
            assert text not in body, (language, text)


def test_email_failure(settings, demo, make_letter, client_for, api_client):
    settings.EMAIL_BACKEND = FAILING
    delivery = _send(make_letter(pilot=demo["pilots"]["Smøla og Aure"]), demo)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    _assert_shown(delivery, Failure.UNREACHABLE, UNREACHABLE, client_for, api_client,
                  ["SMTPServerDisconnected", "Connection unexpectedly closed"])


def test_eformidling_failure(settings, demo, make_letter, client_for, api_client):
    with FakeIntegrationPoint() as point:
        settings.LETTER_TRANSPORTS = ["bygdevekst.correspondence.transports.EFormidlingTransport",
                                      "bygdevekst.correspondence.transports.EmailTransport"]
        settings.EFORMIDLING_URL = point.url
        settings.EFORMIDLING_STATUS_WAIT = 0.2
        settings.EFORMIDLING_POLL_INTERVAL = 0.01
        point.down = True  # the integration point answers 503 to everything
        delivery = _send(make_letter(pilot=demo["pilots"]["Smøla og Aure"]), demo)
    assert delivery.transport == "eformidling" and delivery.status == DeliveryStatus.FAILED
    assert delivery.response_code == 503 and "EFormidlingError" in delivery.last_error
    _assert_shown(delivery, Failure.REFUSED, REFUSED_503, client_for, api_client,
                  ["EFormidlingError", "api/capabilities", "HTTP 503"])


def test_integrity_failure(demo, make_letter, client_for, api_client):
    delivery = _send(make_letter(pilot=demo["pilots"]["Smøla og Aure"]), demo)
    original = delivery.document.read()
    delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["status"])
    mail.outbox.clear()
    try:
        with delivery.document.file.open("wb") as handle:
            handle.write(original + b"tampered")
        assert attempt_delivery(delivery.pk) == DeliveryStatus.FAILED and not mail.outbox
    finally:
        with delivery.document.file.open("wb") as handle:
            handle.write(original)
    delivery.refresh_from_db()
    assert delivery.last_error.startswith("IntegrityBroken: document object")
    _assert_shown(delivery, Failure.INTEGRITY, INTEGRITY, client_for, api_client,
                  ["IntegrityBroken", "document object", delivery.document.sha256])
    assert attempt_delivery(delivery.pk) == DeliveryStatus.SENT and len(mail.outbox) == 1  # its own bytes again: sent


def test_a_sent_delivery_has_no_failure(demo, make_letter, client_for, api_client):
    delivery = _send(make_letter(pilot=demo["pilots"]["Smøla og Aure"]), demo)
    assert delivery.status == DeliveryStatus.SENT
    _page, item, _body = _shown(delivery, "nb", client_for, api_client)
    assert item["failure"] is None and item["error"] is None


@pytest.mark.parametrize(("exc", "code"), [
    (IntegrityBroken("document object 1"), Failure.INTEGRITY),
    (smtplib.SMTPServerDisconnected("closed"), Failure.UNREACHABLE),
    (smtplib.SMTPConnectError(421, "busy"), Failure.UNREACHABLE),
    (smtplib.SMTPRecipientsRefused({"a@b.no": (550, b"no such user")}), Failure.REFUSED),
    (requests.ConnectionError("refused"), Failure.UNREACHABLE),
    (requests.ReadTimeout("slow"), Failure.TIMEOUT),
    (TimeoutError("slow"), Failure.TIMEOUT),
    (ValueError("anything else"), Failure.OTHER),
])
def test_exceptions_map_to_a_failure(exc, code):
    assert classify(exc)[0] == code


@pytest.mark.parametrize("migration", ["bygdevekst.correspondence.migrations.0005_delivery_failure",
                                       "bygdevekst.webhooks.migrations.0002_delivery_failure"])
@pytest.mark.parametrize(("stored", "code", "status"), [
    ("SMTPServerDisconnected: Connection unexpectedly closed", "unreachable", None),
    ("ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded", "unreachable", None),
    ("ReadTimeout: HTTPSConnectionPool(host='x.no', port=443): Read timed out.", "timeout", None),
    ("IntegrityBroken: document object 4 (brev.pdf, SHA-256 ab12)", "integrity", None),
    ("RuntimeError: transport 'fax' is not configured", "not_configured", None),
    ("RuntimeError: the endpoint has no signing key", "no_signing_key", None),
    ("NotYetDelivered: message 1f: MOTTATT", "awaiting_receipt", None),
    ("EFormidlingError: Smøla kommune has no organisation number", "no_address", None),
    ("EFormidlingError: Smøla kommune (964981051) cannot receive an arkivmelding by eFormidling", "no_address", None),
    ("EFormidlingError: GET api/capabilities/964981051: HTTP 503 down", "refused", 503),
    ("EFormidlingError: message 1f: FEIL", "refused", None),
    ("HTTP 401", "refused", 401),
    ("KeyError: 'x'", "other", None),
])
def test_stored_texts_get_a_code(migration, stored, code, status):
    """The data migration gives rows from before the failure code their code, read from the stored text."""
    import importlib

    module = importlib.import_module(migration)
    assert module.failure_code(stored) == code
    assert module.http_status(stored) == status or code != "refused"
