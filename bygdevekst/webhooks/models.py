"""Events out: endpoints an administrator registers per organisation, their signing keys, the events taken
from the action log, and one delivery per event and endpoint (the delivery log)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.failures import Failure, reason

from .enums import DeliveryStatus, EventType


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this address."))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organisation__name", "url", "pk"]

    def __str__(self):
        return f"{self.organisation} → {self.url}"

    def event_labels(self):
        labels = dict(EventType.choices)
        return [labels.get(code, code) for code in self.events]

    def current_key(self):
        return self.keys.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()

    def signing_keys(self, now=None):
        """The keys a delivery is signed with now: the current one first, then any older one still in its
        grace period (so a receiver that has not yet taken the new secret can still verify)."""
        now = now or timezone.now()
        keys = list(self.keys.filter(retired_at__isnull=True).order_by("-created_at", "-pk"))
        return [key for i, key in enumerate(keys) if i == 0 or (key.valid_until and key.valid_until > now)]


def new_key_id():
    return f"whk_{secrets.token_hex(8)}"


def new_secret():
    return secrets.token_hex(32)


class SigningKey(models.Model):
    """An HMAC-SHA256 key. The secret is stored (it is needed to sign) and shown once, when it is made.
    A rotation makes a new current key; the old one signs beside it until `valid_until`, or until retired."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(_("key id"), max_length=40, unique=True, default=new_key_id, editable=False)
    secret = models.CharField(_("secret"), max_length=128, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.key_id


class Event(models.Model):
    """One event, made once from one row of the action log after its transaction committed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices)
    time = models.DateTimeField(_("time"))
    log_entry = models.OneToOneField(
        "audit.ActionLog", on_delete=models.PROTECT, related_name="webhook_event", null=True, blank=True
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_api_url = models.CharField(_("object's API address"), max_length=500, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-time", "pk"]

    def __str__(self):
        return f"{self.type} {self.id}"


class Delivery(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Why the last attempt failed: the code a person is shown (its reason in their language, `failure_reason`)
    # and the technical text for the operators (server log and admin only, never a page or the API).
    failure = models.CharField(_("failure"), max_length=20, choices=Failure.choices, blank=True)
    last_error = models.TextField(_("last error (technical)"), blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="one_delivery_per_event_endpoint")]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id}: {self.status}"

    @property
    def failure_reason(self):
        return reason(self.failure, self.response_code)
