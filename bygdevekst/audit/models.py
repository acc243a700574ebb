"""The one append-only log of actions. Every business action writes a row; none is ever changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet


class AppendOnlyError(Exception):
    pass


class ActionLogQuerySet(ImmutableOnceQuerySet):
    error = AppendOnlyError
    message = "The action log is append-only"


class ActionLog(models.Model):
    """One row per action, named with a namespace, e.g. "agreement.submit"."""

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
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

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("logged action")
        verbose_name_plural = _("action log")
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The action log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The action log is append-only")

    @property
    def action_label(self):
        from .labels import label_for

        return label_for(self.action)

    def data_lines(self):
        """(key, text) pairs for display; before/after pairs as "before → after". (A template cannot
        iterate data.items itself: a key named "items" would shadow the method.)"""
        lines = []
        for key, value in (self.data or {}).items() if isinstance(self.data, dict) else ():
            if isinstance(value, dict) and set(value) <= {"before", "after"} and value:
                before, after = value.get("before"), value.get("after")
                text = f"{'–' if before in (None, '') else before} → {'–' if after in (None, '') else after}"
            else:
                text = str(value)
            lines.append((key, text[:500]))
        return lines
