"""Comments on one element of one frozen version (purpose, overall goal, focus area, sub-goal, commitment,
section), threaded."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import Agreement
from .version import AgreementVersion


class CommentTarget(models.TextChoices):
    SECTION = "section", _("section")
    SUB_GOAL = "sub_goal", _("sub-goal")
    COMMITMENT = "commitment", _("commitment")
    FOCUS_AREA = "focus_area", _("focus area")
    PURPOSE = "purpose", _("purpose and background")
    OVERALL_GOAL = "overall_goal", _("overall goal")


# The purpose and the overall goal are single texts of the agreement, not elements with their own uid: their
# comment threads are keyed by a uid derived from the agreement, the same in every version.
TEXT_FIELDS = (CommentTarget.PURPOSE, CommentTarget.OVERALL_GOAL)


def text_uid(agreement_id, field):
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:bygdevekst:agreement:{agreement_id}:{field}")


class Comment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="comments"
    )
    target_kind = models.CharField(_("commented element"), max_length=20, choices=CommentTarget.choices)
    target_uid = models.UUIDField(_("element identifier"))
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["version_id", "created_at", "pk"]
        indexes = [models.Index(fields=["version", "target_uid"])]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None
