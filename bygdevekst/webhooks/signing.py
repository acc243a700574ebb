"""The signature a receiver checks (docs/webhooks.md): HMAC-SHA256 over "<id>.<timestamp>.<body>" with the
endpoint's secret, as `v1=<hex>`. While an old key is in its grace period the delivery carries one signature
per key, space-separated, in the order of the key ids in `Webhook-Key-Id`."""

import hashlib
import hmac
import json


def body_bytes(payload):
    """The exact bytes sent: compact JSON with sorted keys (the same bytes on every attempt)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret, event_id, timestamp, body):
    message = f"{event_id}.{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(keys, event_id, timestamp, body):
    return {
        "Content-Type": "application/json",
        "User-Agent": "Bygdevekst-Webhooks/1",
        "Webhook-Id": str(event_id),
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": " ".join(signature(key.secret, event_id, timestamp, body) for key in keys),
        "Webhook-Key-Id": " ".join(key.key_id for key in keys),
    }


def verify(secret, headers_, body, *, key_id=None):
    """True when one of the signatures (the one for `key_id`, if given) matches. The receiver's side, used by
    the tests exactly as docs/webhooks.md shows it."""
    signatures = headers_.get("Webhook-Signature", "").split()
    key_ids = headers_.get("Webhook-Key-Id", "").split()
    if key_id is not None:
        pairs = dict(zip(key_ids, signatures, strict=False))
        signatures = [pairs[key_id]] if key_id in pairs else []
    expected = signature(secret, headers_.get("Webhook-Id", ""), headers_.get("Webhook-Timestamp", ""), body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
