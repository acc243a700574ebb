"""An agreement's action plan, versioned by plan year and revision.

A plan frozen with the proposal (R6) never changes: save(), delete() and the queryset's update() and
delete() refuse, for the plan and for its measures and budget lines. Changing a frozen or adopted plan
means a new revision (domain/plans.py: working_plan).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet

from ..enums import EDITABLE_STATUSES, PlanStatus


class FrozenPlanError(Exception):
    """Raised on any attempt to change a frozen action plan, its measures or budget."""


class PlanQuerySet(ImmutableOnceQuerySet):
    fixed = {"status": PlanStatus.FROZEN}
    error = FrozenPlanError
    message = "A frozen action plan is immutable"


class ActionPlan(models.Model):
    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_version = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("submitted with proposal version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["agreement_id", "-year", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "revision"], name="unique_plan_revision"),
        ]

    def __str__(self):
        return f"{_('Action plan')} {self.year} rev. {self.revision}"

    def save(self, *args, **kwargs):
        if self._stored_frozen():
            raise FrozenPlanError("A frozen action plan is immutable")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actionplans:plan", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_frozen():
            raise FrozenPlanError("A frozen action plan is immutable")
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.status == PlanStatus.FROZEN

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def _stored_frozen(self):
        return self.pk is not None and ActionPlan.objects.filter(pk=self.pk, status=PlanStatus.FROZEN).exists()
