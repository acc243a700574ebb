"""Why a delivery failed, as a person can act on it. A transport's exception is Python's text in English
(`SMTPServerDisconnected: Connection unexpectedly closed`); that text stays for the operators — in the server
log and in the Django admin — and never reaches a page or the API. What is shown is a stable code
(`Failure`, stored beside the technical text) and its reason in the reader's language (`reason()`).

`classify(exc)` maps an exception to a code and, where an answer was received, its HTTP status. An exception
may say its own code with a `failure` attribute (and `status`, an HTTP status), as eFormidling's errors do."""

import smtplib
import socket

import requests
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .integrity import IntegrityBroken


class Failure(models.TextChoices):
    UNREACHABLE = "unreachable", _("could not be reached")
    TIMEOUT = "timeout", _("did not answer in time")
    REFUSED = "refused", _("refused the message")
    NO_ADDRESS = "no_address", _("no address for the recipient")
    AWAITING_RECEIPT = "awaiting_receipt", _("not yet confirmed delivered")
    INTEGRITY = "integrity", _("document changed since it was stored")
    NOT_CONFIGURED = "not_configured", _("transport not configured")
    NO_SIGNING_KEY = "no_signing_key", _("no signing key")
    OTHER = "other", _("unexpected error")


class TransportNotConfigured(Exception):
    """The way a delivery was to go is not set up on this server (settings)."""

    failure = Failure.NOT_CONFIGURED


REASONS = {
    Failure.UNREACHABLE: _("The receiving system could not be reached. It is tried again automatically."),
    Failure.TIMEOUT: _("The receiving system did not answer in time. It is tried again automatically."),
    Failure.REFUSED: _("The receiving system refused the message."),
    Failure.NO_ADDRESS: _(
        "The integration point has no address for this recipient: it cannot receive letters this way. "
        "Check the recipient's organisation number and its registration in eFormidling."
    ),
    Failure.AWAITING_RECEIPT: _(
        "The message was sent but the recipient has not yet confirmed it was delivered. "
        "It is checked again automatically."
    ),
    Failure.INTEGRITY: _(
        "The stored document no longer matches its checksum, so it was not sent. "
        "Tell the operators: the document must be checked before it is sent again."
    ),
    Failure.NOT_CONFIGURED: _("This way of delivering is not set up on the server. Tell the operators."),
    Failure.NO_SIGNING_KEY: _("The endpoint has no valid signing key. Rotate its key to make a new one, then send again."),
    Failure.OTHER: _("An unexpected error. The operators can see the details in the server log."),
}

# HTTP statuses a receiver commonly answers, in words; any other is named by its number.
HTTP_STATUSES = {
    400: _("the request was not valid (400)"),
    401: _("the signature or login was not accepted (401)"),
    403: _("access was refused (403)"),
    404: _("the address was not found (404)"),
    405: _("the method is not allowed at this address (405)"),
    408: _("the request took too long (408)"),
    409: _("a conflict (409)"),
    410: _("the address no longer exists (410)"),
    413: _("the message was too large (413)"),
    415: _("the content type was not accepted (415)"),
    422: _("the content could not be processed (422)"),
    429: _("too many requests (429)"),
    500: _("an error in the receiving system (500)"),
    501: _("not supported (501)"),
    502: _("a gateway error (502)"),
    503: _("the service is unavailable (503)"),
    504: _("a gateway timeout (504)"),
}


def http_status_words(status):
    words = HTTP_STATUSES.get(status)
    if words is not None:
        return str(words)
    if 300 <= status < 400:
        return gettext("a redirect to another address (%(status)s)") % {"status": status}
    return gettext("HTTP status %(status)s") % {"status": status}


def reason(code, status=None):
    """The reason for `code`, in the active language; "" when there is no failure."""
    if not code:
        return ""
    text = str(REASONS.get(code, REASONS[Failure.OTHER]))
    if code == Failure.REFUSED and status:
        text = gettext("The receiving system refused the message with the answer: %(status)s.") % {
            "status": http_status_words(status)
        }
    return text


def classify(exc):
    """(code, HTTP status or None) for an exception raised while delivering."""
    own = getattr(exc, "failure", None)
    if own:
        return Failure(own), getattr(exc, "status", None)
    if isinstance(exc, IntegrityBroken):
        return Failure.INTEGRITY, None
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return Failure.REFUSED, exc.response.status_code
    if isinstance(exc, (requests.Timeout, socket.timeout, TimeoutError)):
        return Failure.TIMEOUT, None
    if isinstance(exc, smtplib.SMTPConnectError):
        return Failure.UNREACHABLE, None
    if isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPResponseException)):
        return Failure.REFUSED, None
    if isinstance(exc, (requests.ConnectionError, smtplib.SMTPServerDisconnected, ConnectionError, OSError)):
        return Failure.UNREACHABLE, None
    return Failure.OTHER, None


def technical(exc):
    """The technical text kept for the operators (log, admin)."""
    return f"{type(exc).__name__}: {exc}"[:2000]

