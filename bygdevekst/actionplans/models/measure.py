"""Measures (tiltak) and their budget. Money is whole kroner in integer fields, never floats."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet

from ..enums import FundingSource, MeasureStatus, PlanStatus
from .plan import ActionPlan, FrozenPlanError


class MeasureQuerySet(ImmutableOnceQuerySet):
    fixed = {"plan__status": PlanStatus.FROZEN}
    error = FrozenPlanError
    message = "A frozen action plan is immutable"


class BudgetQuerySet(MeasureQuerySet):
    fixed = {"measure__plan__status": PlanStatus.FROZEN}


def _plan_frozen(plan_id):
    return ActionPlan.objects.filter(pk=plan_id, status=PlanStatus.FROZEN).exists()


class Measure(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    # The same measure keeps its uid across revisions, so that history and reports follow it.
    uid = models.UUIDField(default=uuid.uuid4)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Stable uids of the agreement's sub-goals (SubGoal.uid): they survive versions and deletions.
    sub_goal_uids = models.JSONField(_("sub-goals"), default=list, blank=True)
    responsible = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cooperation_parties = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("cooperation parties"), blank=True, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_quarter = models.PositiveSmallIntegerField(
        _("start quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_quarter = models.PositiveSmallIntegerField(
        _("end quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    indicator = models.CharField(_("expected result or indicator"), max_length=500, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan_id", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_measure_number"),
            models.UniqueConstraint(fields=["plan", "uid"], name="unique_measure_uid"),
            models.CheckConstraint(
                condition=models.Q(start_quarter__isnull=True) | models.Q(start_quarter__gte=1, start_quarter__lte=4),
                name="measure_start_quarter_1_4",
            ),
            models.CheckConstraint(
                condition=models.Q(end_quarter__isnull=True) | models.Q(end_quarter__gte=1, end_quarter__lte=4),
                name="measure_end_quarter_1_4",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if _plan_frozen(self.plan_id):
            raise FrozenPlanError("A frozen action plan is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _plan_frozen(self.plan_id):
            raise FrozenPlanError("A frozen action plan is immutable")
        return super().delete(*args, **kwargs)

    @property
    def period_label(self):
        from django.utils.translation import gettext

        def q(year, quarter):
            if not year:
                return "?"
            return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year} if quarter else str(year)

        if not self.start_year and not self.end_year:
            return ""
        return f"{q(self.start_year, self.start_quarter)} – {q(self.end_year, self.end_quarter)}"


@receiver(m2m_changed, sender=Measure.cooperation_parties.through)
def _refuse_frozen_m2m(sender, instance, action, **kwargs):
    if action.startswith("pre_") and isinstance(instance, Measure) and _plan_frozen(instance.plan_id):
        raise FrozenPlanError("A frozen action plan is immutable")


class BudgetLine(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("financing source"), max_length=30, choices=FundingSource.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose own share, for a municipality's own share."),
    )
    planned = models.BigIntegerField(_("planned (NOK)"), default=0, validators=[MinValueValidator(0)])
    spent = models.BigIntegerField(_("spent (NOK)"), default=0, validators=[MinValueValidator(0)])
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["measure_id", "year", "source", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned__gte=0), name="budget_planned_non_negative"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="budget_spent_non_negative"),
            models.CheckConstraint(
                condition=~models.Q(source=FundingSource.MUNICIPALITY) | models.Q(organisation__isnull=False),
                name="budget_municipal_share_names_municipality",
            ),
        ]

    def __str__(self):
        return f"{self.measure.number} {self.year} {self.get_source_display()}"

    def save(self, *args, **kwargs):
        if self._frozen():
            raise FrozenPlanError("A frozen action plan is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen():
            raise FrozenPlanError("A frozen action plan is immutable")
        return super().delete(*args, **kwargs)

    def _frozen(self):
        return Measure.objects.filter(pk=self.measure_id, plan__status=PlanStatus.FROZEN).exists()


class MeasureStatusChange(models.Model):
    """Append-only status history of a measure, followed by its uid across revisions."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    measure_uid = models.UUIDField()
    from_status = models.CharField(_("from"), max_length=20, choices=MeasureStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=MeasureStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["agreement_id", "measure_uid", "changed_at", "pk"]
        indexes = [models.Index(fields=["agreement", "measure_uid"])]

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"
