"""R9: a recorded fact is never deleted. A mistake is corrected (a new record supersedes the old one)
or withdrawn, each with a reason; the old record stays, marked, and only records in force count."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


IN_FORCE = models.Q(record_status=RecordStatus.IN_FORCE)


class RecordQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(IN_FORCE)


class Correctable(models.Model):
    record_status = models.CharField(
        _("status of the record"), max_length=12, choices=RecordStatus.choices, default=RecordStatus.IN_FORCE
    )
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("corrected by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def in_force(self):
        return self.record_status == RecordStatus.IN_FORCE
