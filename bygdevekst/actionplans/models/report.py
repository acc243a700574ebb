"""Yearly status reports: progress per measure for one plan year. A submitted report never changes,
except for the link to the annual political meeting that discusses it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet

from ..enums import MeasureStatus, ReportStatus
from .plan import ActionPlan


class FrozenReportError(Exception):
    """Raised on any attempt to change a submitted report's content."""


CONTENT_FIELDS = ("agreement_id", "plan_id", "year", "summary", "status", "submitted_at")


class ReportQuerySet(ImmutableOnceQuerySet):
    fixed = {"status": ReportStatus.SUBMITTED}
    error = FrozenReportError
    message = "A submitted report is immutable"
    updatable = True  # the meeting that discusses a submitted report may still be linked


class YearlyReport(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="yearly_reports")
    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("annual political meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="yearly_reports",
        limit_choices_to={"kind": "annual"},
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly status report")
        verbose_name_plural = _("yearly status reports")
        ordering = ["agreement_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="unique_report_year")]

    def __str__(self):
        return f"{_('Status report')} {self.year}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = YearlyReport.objects.filter(pk=self.pk).values(*CONTENT_FIELDS).first()
            if stored and stored["status"] == ReportStatus.SUBMITTED:
                if any(stored[f] != getattr(self, f) for f in CONTENT_FIELDS):
                    raise FrozenReportError("A submitted report is immutable")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actionplans:report", args=[self.pk])

    def delete(self, *args, **kwargs):
        if YearlyReport.objects.filter(pk=self.pk, status=ReportStatus.SUBMITTED).exists():
            raise FrozenReportError("A submitted report is immutable")
        return super().delete(*args, **kwargs)

    @property
    def is_submitted(self):
        return self.status == ReportStatus.SUBMITTED


class EntryQuerySet(ImmutableOnceQuerySet):
    fixed = {"report__status": ReportStatus.SUBMITTED}
    error = FrozenReportError
    message = "A submitted report is immutable"


class ReportEntry(models.Model):
    """Progress of one measure (followed by uid; number and title copied as they stood)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="entries")
    measure_uid = models.UUIDField()
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("measure"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    spent = models.BigIntegerField(_("spent (NOK)"), default=0)
    text = models.CharField(_("short text"), max_length=1000, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        ordering = ["report_id", "number", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="entry_percent_max_100"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="entry_spent_non_negative"),
            models.UniqueConstraint(fields=["report", "measure_uid"], name="unique_entry_measure"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if self._frozen():
            raise FrozenReportError("A submitted report is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen():
            raise FrozenReportError("A submitted report is immutable")
        return super().delete(*args, **kwargs)

    def _frozen(self):
        return YearlyReport.objects.filter(pk=self.report_id, status=ReportStatus.SUBMITTED).exists()
