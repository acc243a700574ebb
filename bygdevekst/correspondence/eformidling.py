"""Letters by eFormidling: each recipient's letter becomes one `arkivmelding` message (a Standard Business
Document addressed from KDD's organisation number to the recipient's, the arkivmelding.xml and the letter's
PDF/A), handed to KDD's own integration point (integrasjonspunkt) over its REST interface ("eFormidling 2",
the multi-step strategy):

    GET  api/capabilities/{orgnr}       can the receiver take an arkivmelding on our process?
    POST api/messages/out               the SBD (JSON) → the message
    PUT  api/messages/out/{messageId}   arkivmelding.xml first, then the PDF
    POST api/messages/out/{messageId}   send
    GET  api/statuses/{messageId}       OPPRETTET → SENDT → MOTTATT → LEVERT (→ LEST); FEIL, LEVETID_UTLOPT

A receiver without the capability (no arkivmelding on EFORMIDLING_PROCESS in the service registry) is
not addressed by eFormidling: the next transport (e-mail) takes the letter. A letter counts as delivered
at LEVERT (or LEST). The integration point routes to the recipient's archive
or KS SvarUt by itself. Settings: EFORMIDLING_URL (the integration point; empty: the transport is off),
EFORMIDLING_SENDER (KDD's organisation number), EFORMIDLING_PROCESS, EFORMIDLING_STATUS_WAIT and
EFORMIDLING_POLL_INTERVAL (seconds to follow the status before leaving it to the retry job)."""

import time
import uuid

import requests
from django.conf import settings

from bygdevekst.core.failures import Failure

from .domain import archive

DOCUMENT_STANDARD = "urn:no:difi:arkivmelding:xsd::arkivmelding"
DEFAULT_PROCESS = "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0"
AUTHORITY = "iso6523-actorid-upis"
DELIVERED = {"LEVERT", "LEST"}
FAILED = {"FEIL", "LEVETID_UTLOPT"}
USER_AGENT = "Bygdevekst/1.0"


class EFormidlingError(Exception):
    """The integration point refused the message or reported it failed; the delivery is retried. `failure`
    and `status` (an HTTP status, if one was answered) say why in a way a person can act on
    (core/failures.py); the message is the technical text for the operators."""

    def __init__(self, message, failure=Failure.REFUSED, status=None):
        super().__init__(message)
        self.failure, self.status = failure, status


class NotYetDelivered(EFormidlingError):
    """Sent, but not confirmed delivered while we waited; the retry job looks at the status again."""

    def __init__(self, message):
        super().__init__(message, failure=Failure.AWAITING_RECEIPT)


def participant(org_number):
    return f"0192:{org_number}"


def business_document(message_id, sender_org_number, receiver_org_number, process=None):
    """The Standard Business Document (JSON variant) for an arkivmelding message."""
    return {
        "standardBusinessDocumentHeader": {
            "headerVersion": "1.0",
            "sender": [{"identifier": {"authority": AUTHORITY, "value": participant(sender_org_number)}}],
            "receiver": [{"identifier": {"authority": AUTHORITY, "value": participant(receiver_org_number)}}],
            "documentIdentification": {
                "standard": DOCUMENT_STANDARD, "type": "arkivmelding", "typeVersion": "2.0",
                "instanceIdentifier": message_id,
            },
            "businessScope": {"scope": [{
                "type": "ConversationId", "identifier": process or DEFAULT_PROCESS,
                "instanceIdentifier": str(uuid.uuid4()),
            }]},
        },
        "arkivmelding": {"sikkerhetsnivaa": 3},
    }


def letter_arkivmelding(delivery):
    """The arkivmelding of one recipient's letter: the registry entry with this recipient's document only,
    its file referred to by the name it is uploaded under. Validated against the official schema."""
    entry = delivery.letter.registry_entry
    xml, _files = archive.arkivmelding([entry], only={delivery.document_id}, reference=lambda obj: obj.filename)
    errors = archive.validate(xml)
    if errors:
        raise EFormidlingError("arkivmelding.xml does not match the schema: " + "; ".join(errors[:3]),
                               failure=Failure.OTHER)
    return xml


class IntegrationPoint:
    """A thin client of the integration point's REST interface."""

    def __init__(self, base_url, timeout=30):
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.timeout = timeout

    def _call(self, method, path, **kwargs):
        response = self.session.request(method, f"{self.base}/{path}", timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise EFormidlingError(f"{method} {path}: HTTP {response.status_code} {response.text[:300]}",
                                   status=response.status_code)
        return response

    def capabilities(self, org_number):
        """The receiver's capabilities as the integration point reads them from the service registry."""
        data = self._call("GET", f"api/capabilities/{org_number}").json()
        return data.get("capabilities", []) if isinstance(data, dict) else data

    def receives_arkivmelding(self, org_number, process):
        return any(
            capability.get("process") == process
            and any(doc.get("type") == "arkivmelding" for doc in capability.get("documentTypes") or [])
            for capability in self.capabilities(org_number)
        )

    def create(self, sbd):
        self._call("POST", "api/messages/out", json=sbd)

    def upload(self, message_id, name, filename, content, content_type):
        self._call("PUT", f"api/messages/out/{message_id}", data=content, headers={
            "Content-Type": content_type, "Content-Disposition": f"attachment; name={name}; filename={filename}",
        })

    def send(self, message_id):
        self._call("POST", f"api/messages/out/{message_id}")

    def status(self, message_id):
        """The latest status of the message (statuses come oldest first, or as a page under "content")."""
        data = self._call("GET", f"api/statuses/{message_id}").json()
        statuses = data.get("content", []) if isinstance(data, dict) else data
        if not statuses:
            return "OPPRETTET"
        latest = max(statuses, key=lambda s: (s.get("lastUpdate") or "", s.get("statusId") or s.get("id") or 0))
        return latest.get("status", "")


def follow(point, message_id, wait, interval):
    """Poll the status until delivered, failed or `wait` seconds have passed; returns the last status."""
    deadline = time.monotonic() + wait
    while True:
        status = point.status(message_id)
        if status in DELIVERED or status in FAILED or time.monotonic() >= deadline:
            return status
        time.sleep(interval)


def deliver(delivery, content, filename):
    """Send (or, after an earlier attempt, keep following) one delivery. Sets `delivery.message_id`;
    returns normally once delivered, raises EFormidlingError otherwise."""
    point = IntegrationPoint(settings.EFORMIDLING_URL, timeout=settings.EFORMIDLING_HTTP_TIMEOUT)
    wait, interval = settings.EFORMIDLING_STATUS_WAIT, settings.EFORMIDLING_POLL_INTERVAL
    if delivery.message_id:
        status = follow(point, delivery.message_id, wait, interval)
        if status in DELIVERED:
            return status
        if status not in FAILED:
            raise NotYetDelivered(f"message {delivery.message_id}: {status}")
        # the earlier message failed for good: send a new one
    receiver = delivery.organisation.org_number
    if not receiver:
        raise EFormidlingError(f"{delivery.organisation} has no organisation number", failure=Failure.NO_ADDRESS)
    process = settings.EFORMIDLING_PROCESS or DEFAULT_PROCESS
    if not point.receives_arkivmelding(receiver, process):
        raise EFormidlingError(
            f"{delivery.organisation} ({receiver}) cannot receive an arkivmelding by eFormidling (process {process})",
            failure=Failure.NO_ADDRESS,
        )
    xml = letter_arkivmelding(delivery)
    message_id = str(uuid.uuid4())
    delivery.message_id = ""
    point.create(business_document(message_id, settings.EFORMIDLING_SENDER, receiver, process))
    point.upload(message_id, "Arkivmelding", "arkivmelding.xml", xml, "application/xml")
    point.upload(message_id, "Hoveddokument", filename, content, "application/pdf")
    point.send(message_id)
    # Only a message actually sent is followed on the next attempt; one left half-built is abandoned.
    delivery.message_id = message_id
    status = follow(point, message_id, wait, interval)
    if status in DELIVERED:
        return status
    if status in FAILED:
        raise EFormidlingError(f"message {message_id}: {status}")
    raise NotYetDelivered(f"message {message_id}: {status}")


def can_receive(org_number):
    """True or False as the integration point answers; None when it cannot be asked now (down, refusing):
    the letter is then addressed by eFormidling anyway and the delivery retried."""
    point = IntegrationPoint(settings.EFORMIDLING_URL, timeout=settings.EFORMIDLING_HTTP_TIMEOUT)
    try:
        return point.receives_arkivmelding(org_number, settings.EFORMIDLING_PROCESS or DEFAULT_PROCESS)
    except (EFormidlingError, requests.RequestException, ValueError):
        return None
