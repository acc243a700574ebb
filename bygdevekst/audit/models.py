"""The one append-only log of actions. Every business action writes a row; none is ever changed."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet
from bygdevekst.core.integrity import content_hash


class AppendOnlyError(Exception):
    pass


class ActionLogQuerySet(ImmutableOnceQuerySet):
    error = AppendOnlyError
    message = "The action log is append-only"


class ActionLog(models.Model):
    """One row per action, named with a namespace, e.g. "agreement.submit"."""

    # Set before the row's hash is taken (not auto_now_add, which would set it after).
    timestamp = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The hash chain: each row holds the previous row's hash and its own over both (`chain_hash`), so a row
    # changed, removed or slipped in anywhere breaks every link after it (`manage.py verify` walks it).
    prev_hash = models.CharField(_("previous row's hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, editable=False)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("logged action")
        verbose_name_plural = _("action log")
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{timezone.localtime(self.timestamp):%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The action log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The action log is append-only")

    def chain_hash(self):
        return chain_hash(chain_fields(self))

    @property
    def action_label(self):
        from .labels import label_for

        return label_for(self.action)

    def description(self):
        """What happened, in words (audit/describe.py): a sentence and (label, text) details."""
        from .describe import describe

        return describe(self)


def chain_fields(row):
    """What a row's hash covers, from a model instance or a migration's historical one."""
    timestamp = row.timestamp.astimezone(datetime.UTC).isoformat() if row.timestamp else ""
    return {
        "prev": row.prev_hash,
        "timestamp": timestamp,
        "actor": row.actor_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "agreement": row.agreement_id,
        "data": row.data,
        "ip": str(row.ip_address) if row.ip_address else None,
    }


def chain_hash(fields):
    return content_hash(fields)
