from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.models import County, Organisation

from .enums import MilestoneKind, MilestoneNature, RoundStatus


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(Organisation, verbose_name=_("owner"), on_delete=models.PROTECT)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class Round(models.Model):
    """A pulje: a cohort of pilots run on one timetable."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    lock_version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock (manage views)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year selected"))
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="unique_round_number")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:round", args=[self.pk])


class Milestone(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="milestones")
    lock_version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock (manage views)
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    nature = models.CharField(_("nature"), max_length=10, choices=MilestoneNature.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    date_note = models.CharField(
        _("how the date is given"), max_length=200, blank=True, help_text=_("E.g. 'tentatively January 2025'.")
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})"

    @property
    def is_deadline(self):
        return self.nature == MilestoneNature.DEADLINE


class Pilot(models.Model):
    """One or more municipalities negotiating one agreement."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="pilots")
    lock_version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock (manage views)
    name = models.CharField(_("working name"), max_length=200)
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("municipalities"),
        related_name="pilots",
        limit_choices_to={"kind": "municipality"},
    )
    lead_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("addressed municipality"),
        on_delete=models.PROTECT,
        related_name="led_pilots",
        help_text=_("The municipality that the ministry's letters are addressed to."),
    )
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="pilots")
    county_council = models.ForeignKey(
        Organisation,
        verbose_name=_("county council"),
        on_delete=models.PROTECT,
        related_name="county_pilots",
        limit_choices_to={"kind": "county_council"},
    )
    state_administrator = models.ForeignKey(
        Organisation,
        verbose_name=_("state administrator"),
        on_delete=models.PROTECT,
        related_name="administered_pilots",
        limit_choices_to={"kind": "state_administrator"},
        help_text=_("Receives copies of the ministry's letters."),
    )

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["round", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="unique_pilot_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:pilot", args=[self.pk])
