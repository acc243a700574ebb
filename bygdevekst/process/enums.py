from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """The transitions of an agreement: the same names in the pages, the code and the API."""

    SUBMIT = "submit", _("submit")
    RESPOND = "respond", _("respond")
    OPEN_DIALOGUE = "open_dialogue", _("open dialogue")
    AGREE = "agree", _("agree on final text")
    OPEN_APPROVAL = "open_approval", _("open formal approval")
    APPROVE = "approve", _("approve")
    END = "end", _("end")
    WITHDRAW = "withdraw", _("withdraw")


class Body(models.TextChoices):
    KOMMUNESTYRE = "kommunestyre", _("municipal council (kommunestyre)")
    FORMANNSKAP = "formannskap", _("executive committee (formannskap)")
    ORDFORER = "ordforer", _("mayor (ordfører)")
    FYLKESTING = "fylkesting", _("county assembly (fylkesting)")
    FYLKESUTVALG = "fylkesutvalg", _("county executive (fylkesutvalg)")
    REGJERINGEN = "regjeringen", _("the government (regjeringen)")


COUNTY_BODIES = (Body.FYLKESTING, Body.FYLKESUTVALG)
MUNICIPAL_BODIES = (Body.KOMMUNESTYRE, Body.FORMANNSKAP, Body.ORDFORER)
# R1: these act only under authority the council delegated, and the record names it.
DELEGATED_BODIES = (Body.FORMANNSKAP, Body.ORDFORER)


class Disposition(models.TextChoices):
    AGREED = "agreed", _("agreed")
    NEEDS_DIALOGUE = "needs_dialogue", _("needs dialogue")
    NOT_ACCEPTED = "not_accepted", _("not accepted")


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved by a second case officer")
    PUBLISHED = "published", _("published")


class AddendumState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_APPROVAL = "in_approval", _("in approval")
    APPROVED = "approved", _("approved")
