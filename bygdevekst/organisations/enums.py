from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("ministry")
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY_COUNCIL = "county_council", _("county council")
    STATE_ADMINISTRATOR = "state_administrator", _("state administrator")
    STATE_AGENCY = "state_agency", _("state agency")
    OTHER = "other", _("other")


class WrittenStandard(models.TextChoices):
    """Målform: a state body writes to a municipality in its chosen written standard."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NEUTRAL = "neutral", _("Neutral")


class NameLanguage(models.TextChoices):
    NORWEGIAN = "no", _("Norwegian")
    NORTHERN_SAMI = "se", _("Northern Sami")
    LULE_SAMI = "smj", _("Lule Sami")
    SOUTHERN_SAMI = "sma", _("Southern Sami")
    KVEN = "fkv", _("Kven")


class Role(models.TextChoices):
    """A person's role through a membership. Permissions follow from these (see access/)."""

    CASE_OFFICER = "case_officer", _("KDD case officer")
    PROJECT_MANAGER = "project_manager", _("pilot project manager")
    MUNICIPAL_STAFF = "municipal_staff", _("municipal staff")
    POLITICIAN = "politician", _("politician")
    COUNTY_OFFICER = "county_officer", _("county council officer")
    STATE_ADMINISTRATOR = "state_administrator", _("state administrator officer")
    PARTNER = "partner", _("cooperation partner")
