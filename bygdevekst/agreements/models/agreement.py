from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.enums import WrittenStandard
from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.models import Pilot

from ..enums import AgreementState, CountyRole, PartyRole


class Agreement(models.Model):
    """A pilot's bygdevekstavtale: the living draft, plus its frozen versions.

    `state` changes only through the process app's one transition function.
    `lock_version` is the optimistic lock: every save of the draft content bumps it.
    """

    pilot = models.OneToOneField(Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="agreement")
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(_("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT)
    county_role = models.CharField(
        _("county council's role"), max_length=20, choices=CountyRole.choices, default=CountyRole.NOT_PARTY
    )
    written_standard = models.CharField(
        _("written standard"), max_length=8, choices=WrittenStandard.choices, default=WrittenStandard.BOKMAL
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    purpose = models.TextField(_("purpose and background"), blank=True)
    overall_goal = models.TextField(_("overall goal"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pilot__round", "pilot__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="agreement_period_ordered",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.state == AgreementState.DRAFT


class AgreementParty(models.Model):
    """A party and its role. A cooperation party takes part under named sub-goals."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    sub_goals = models.ManyToManyField(
        "agreements.SubGoal", verbose_name=_("sub-goals"), blank=True, related_name="cooperation_parties"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement_id", "role", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="unique_party")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"
