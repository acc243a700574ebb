from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    PROPOSAL_SUBMITTED = "proposal_submitted", _("proposal submitted")
    RESPONSE_PUBLISHED = "response_published", _("response published")
    COMMENT = "comment", _("comment on your text")
    DEADLINE = "deadline", _("deadline approaching")
    APPROVAL = "approval", _("approval recorded")
    DECISION = "decision", _("political decision recorded")
    APPROVAL_WAITING = "approval_waiting", _("waiting for your approval")
    MEETING_CALLED = "meeting_called", _("meeting called")
    APPROVAL_ROUND = "approval_round", _("final text sent for approval")
    INTEGRITY = "integrity", _("integrity check failed")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately, one e-mail per event")
    DAILY = "daily", _("once a day, as a digest")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    IN_DIGEST = "in_digest", _("waiting for the daily digest")
    NONE = "none", _("no e-mail address")
    ELSEWHERE = "elsewhere", _("e-mailed as a calendar invitation instead")
    HANDLED = "handled", _("not sent: someone else had already handled it")
