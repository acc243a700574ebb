from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import NameLanguage, OrganisationKind, Role, WrittenStandard
from .validators import validate_org_number


class County(models.Model):
    """A county (fylke) as Statistics Norway numbers it; the name joins official parallel forms."""

    number = models.CharField(_("county number"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["number"]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        return self.name.split(" - ")[0]


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    name = models.CharField(
        _("official name"), max_length=300, help_text=_("Exactly as printed, e.g. 'Gáivuotna - Kåfjord - Kaivuono kommune'.")
    )
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality number has four digits."))],
    )
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    covered_counties = models.ManyToManyField(
        County, verbose_name=_("counties covered"), blank=True, related_name="state_administrators"
    )
    org_number = models.CharField(
        _("organisation number"), max_length=9, blank=True, validators=[validate_org_number]
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=4, blank=True, validators=[RegexValidator(r"^\d{4}$", _("A postal code has four digits."))]
    )
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    written_standard = models.CharField(
        _("written standard"), max_length=8, choices=WrittenStandard.choices, default=WrittenStandard.BOKMAL
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_number"],
                condition=~models.Q(municipality_number=""),
                name="unique_municipality_number",
            ),
            models.UniqueConstraint(
                fields=["org_number"], condition=~models.Q(org_number=""), name="unique_org_number"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def address_lines(self):
        """The address block as Norwegian letters print it: postal place in capitals."""
        lines = [self.name]
        if self.postal_address:
            lines.append(self.postal_address)
        if self.postal_code or self.postal_place:
            lines.append(f"{self.postal_code} {self.postal_place.upper()}".strip())
        return lines


class OrganisationName(models.Model):
    """An official parallel name (Sami, Kven or Norwegian form), stored exactly as written."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="parallel_names")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=3, choices=NameLanguage.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("parallel name")
        verbose_name_plural = _("parallel names")
        ordering = ["organisation_id", "position"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_parallel_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation; for a project manager or partner, in a given pilot."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    pilot = models.ForeignKey(
        "programme.Pilot",
        verbose_name=_("pilot"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("For a project manager or cooperation partner: the pilot they work in."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role", "pilot"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
