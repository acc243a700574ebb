"""The one function behind each administrator's action on webhooks, called by the page and the API alike.
Each logs through audit.log.log_action; a secret is never logged."""

import datetime
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.audit.log import changes, log_action
from bygdevekst.core.guards import Guard

from ..enums import DeliveryStatus, EventType
from ..models import Delivery, Endpoint, SigningKey

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
DEFAULT_GRACE_HOURS = 72  # how long an earlier key keeps signing after a rotation

key_in_grace = Guard(
    lambda key: key.retired_at is None and key.endpoint.current_key() != key,
    _("Only an earlier key still in use can be retired: rotate first to make a new current key."),
    name="key_in_grace",
)


def _is_loopback(host):
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def validate_endpoint_url(url):
    """HTTPS only; plain HTTP only to this machine (127.0.0.1, ::1, localhost) where
    settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP allows it (tests and development)."""
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError(
            _("Enter a full web address, such as https://sak.example.no/webhooks."), code="invalid"
        ) from None
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise ValidationError(_("The address must not contain a user name or password."), code="credentials")
    if parts.scheme == "https":
        return
    if settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP and _is_loopback(parts.hostname or ""):
        return
    raise ValidationError(_("The address must begin with https://."), code="https")


def validate_events(events):
    known = set(EventType.values)
    if not events:
        raise ValidationError(_("Choose at least one event."), code="required")
    unknown = [e for e in events if e not in known]
    if unknown:
        raise ValidationError(
            _("Unknown event type: %(types)s.") % {"types": ", ".join(map(str, unknown))}, code="invalid_choice"
        )


def _facts(endpoint):
    return {
        "organisation": endpoint.organisation_id,
        "url": endpoint.url,
        "events": list(endpoint.events),
        "active": endpoint.active,
        "description": endpoint.description,
    }


def _ordered(events):
    return [e for e in EventType.values if e in set(events)]


@transaction.atomic
def create_endpoint(user, *, organisation, url, events, description="", active=True, request=None):
    """A new endpoint and its first signing key; returns (endpoint, key) — the key's secret is shown once."""
    validate_endpoint_url(url)
    validate_events(events)
    endpoint = Endpoint.objects.create(
        organisation=organisation,
        url=url,
        events=_ordered(events),
        description=description,
        active=active,
        created_by=user,
    )
    key = SigningKey.objects.create(endpoint=endpoint)
    log_action(
        "system.webhook_endpoint_created",
        actor=user,
        obj=endpoint,
        request=request,
        data={**_facts(endpoint), "key_id": key.key_id},
    )
    return endpoint, key


@transaction.atomic
def update_endpoint(endpoint, user, *, request=None, **values):
    """Change the address, events, description, organisation or whether it is active."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = _facts(endpoint)
    if "url" in values:
        validate_endpoint_url(values["url"])
    if "events" in values:
        validate_events(values["events"])
        values["events"] = _ordered(values["events"])
    for field in ("organisation", "url", "events", "description", "active"):
        if field in values:
            setattr(endpoint, field, values[field])
    endpoint.save()
    diff = changes(before, _facts(endpoint))
    if diff:
        log_action("system.webhook_endpoint_changed", actor=user, obj=endpoint, request=request, data=diff)
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint, user, *, request=None):
    """Remove the endpoint with its keys and delivery log (the action log keeps that it existed)."""
    log_action(
        "system.webhook_endpoint_deleted",
        actor=user,
        obj=endpoint,
        request=request,
        data={**_facts(endpoint), "deliveries": endpoint.deliveries.count()},
    )
    endpoint.delete()


@transaction.atomic
def rotate_key(endpoint, user, *, grace_hours=None, request=None):
    """A new current key; the earlier current key keeps signing beside it for the grace period
    (settings.WEBHOOKS_KEY_GRACE_HOURS, else 72 hours), so the receiver can take the new secret at its own pace."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    hours = getattr(settings, "WEBHOOKS_KEY_GRACE_HOURS", DEFAULT_GRACE_HOURS) if grace_hours is None else grace_hours
    grace = datetime.timedelta(hours=hours)
    old = endpoint.current_key()
    now = timezone.now()
    if old is not None:
        old.valid_until = now + grace
        old.save(update_fields=["valid_until"])
    key = SigningKey.objects.create(endpoint=endpoint, created_at=now)
    log_action(
        "system.webhook_key_rotated",
        actor=user,
        obj=endpoint,
        request=request,
        data={
            "key_id": key.key_id,
            "previous_key_id": old.key_id if old else None,
            "previous_valid_until": old.valid_until.isoformat() if old else None,
        },
    )
    return key


@transaction.atomic
def retire_key(key, user, *, request=None):
    """An earlier key stops signing now, before its grace period ends."""
    key = SigningKey.objects.select_for_update().select_related("endpoint").get(pk=key.pk)
    key_in_grace.check(key, user)
    key.retired_at = timezone.now()
    key.save(update_fields=["retired_at"])
    log_action("system.webhook_key_retired", actor=user, obj=key.endpoint, request=request, data={"key_id": key.key_id})
    return key


def redeliver(delivery, user, *, request=None):
    """Send again: the delivery becomes pending and goes to the task worker at once (also one already
    delivered — the receiver de-duplicates by the event id)."""
    from ..tasks import PENDING_LEASE, enqueue_delivery

    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        before = delivery.status
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now() + PENDING_LEASE
        delivery.save(update_fields=["status", "next_attempt_at"])
        log_action(
            "system.webhook_redelivered",
            actor=user,
            obj=delivery.endpoint,
            request=request,
            data={"event": str(delivery.event_id), "status": {"before": before, "after": delivery.status}},
        )
        transaction.on_commit(lambda: enqueue_delivery(delivery.pk))
    return delivery
