"""The structured text of a draft: focus areas → sub-goals → commitments, plus free-text sections.

Every element has a `uid` that stays the same from the first draft to the final agreement, so that
versions, the state's response and action-plan measures can point at it.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.models import Organisation

from ..enums import CommitmentKind
from .agreement import Agreement


class FocusArea(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="focus_areas")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["agreement_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "uid"], name="unique_focus_area_uid")]

    def __str__(self):
        return self.title


class SubGoal(models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="sub_goals")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sub_goals")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["focus_area__position", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "uid"], name="unique_sub_goal_uid")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.agreement_id = self.focus_area.agreement_id
        super().save(*args, **kwargs)


class Commitment(models.Model):
    """What one party undertakes under a sub-goal."""

    sub_goal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="commitments")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    party = models.ForeignKey(Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    text = models.TextField(_("text"))
    amount_nok = models.PositiveBigIntegerField(
        _("amount (NOK)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["sub_goal", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "uid"], name="unique_commitment_uid"),
            models.CheckConstraint(
                condition=models.Q(amount_nok__isnull=True) | models.Q(kind="financial"),
                name="amount_only_for_financial",
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.agreement_id = self.sub_goal.agreement_id
        super().save(*args, **kwargs)


class Section(models.Model):
    """A free-text section (follow-up, duration, amendments …) in the safe text format."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["agreement_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "uid"], name="unique_section_uid")]

    def __str__(self):
        return self.title
