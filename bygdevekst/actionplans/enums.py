from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """A plan revision's status. FROZEN (submitted with the proposal) is immutable (models/plan.py);
    an ADOPTED plan is kept as adopted, so changes to either go into a new revision: DRAFT after a
    frozen plan, REVISED after an adopted one. Measure statuses may still change on an adopted plan."""

    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    REVISED = "revised", _("revised")
    FROZEN = "frozen", _("frozen with the proposal")


# Revisions edited in place; an adopted or frozen plan is changed through a new revision.
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.REVISED)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DELAYED = "delayed", _("delayed")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FundingSource(models.TextChoices):
    KDD_GRANT = "kdd_grant", _("KDD grant")
    MUNICIPALITY = "municipality", _("municipality's own share")
    COUNTY_COUNCIL = "county_council", _("county council")
    STATE_ADMINISTRATOR = "state_administrator", _("state administrator")
    OTHER = "other", _("other")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
