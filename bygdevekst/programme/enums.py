from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    FINISHED = "finished", _("finished")


class MilestoneKind(models.TextChoices):
    POLITICAL_MEETING = "political_meeting", _("political meetings")
    PROPOSAL = "proposal", _("proposal submitted")
    RESPONSE = "response", _("state response")
    DIALOGUE = "dialogue", _("dialogue")
    APPROVAL = "approval", _("final approval")
    ACTION_PLAN = "action_plan", _("action plan")
    OTHER = "other", _("other")


class MilestoneNature(models.TextChoices):
    """R7: only a deadline can make a pilot late; an expected date is shown as such."""

    DEADLINE = "deadline", _("deadline")
    EXPECTED = "expected", _("expected date")
