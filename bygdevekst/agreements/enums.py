from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RESPONDED = "responded", _("responded")
    IN_DIALOGUE = "in_dialogue", _("in dialogue")
    AGREED = "agreed", _("agreed")
    IN_APPROVAL = "in_approval", _("in approval")
    APPROVED = "approved", _("approved")
    ENDED = "ended", _("ended")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PartyRole(models.TextChoices):
    MAIN_PARTY = "main_party", _("main party")
    COOPERATION_PARTY = "cooperation_party", _("cooperation party")


class CountyRole(models.TextChoices):
    """R2: chosen per agreement."""

    MAIN_PARTY = "main_party", _("main party")
    COOPERATION_PARTY = "cooperation_party", _("cooperation party under named sub-goals")
    NOT_PARTY = "not_party", _("not a party")


class CommitmentKind(models.TextChoices):
    PERSONNEL = "personnel", _("personnel resources")
    FINANCIAL = "financial", _("financial")
    IN_KIND = "in_kind", _("in kind")
    PROCESS = "process", _("process or policy")


class VersionKind(models.TextChoices):
    DRAFT_SNAPSHOT = "draft_snapshot", _("draft snapshot")
    PROPOSAL = "proposal", _("proposal")
    DIALOGUE_REVISION = "dialogue_revision", _("dialogue revision")
    FINAL = "final", _("final agreed text")
