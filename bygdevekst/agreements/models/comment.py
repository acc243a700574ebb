"""Comments on one element (section, sub-goal, commitment) of one frozen version, threaded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import Agreement
from .version import AgreementVersion


class CommentTarget(models.TextChoices):
    SECTION = "section", _("section")
    SUB_GOAL = "sub_goal", _("sub-goal")
    COMMITMENT = "commitment", _("commitment")


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
        ordering = ["version", "created_at", "pk"]
        indexes = [models.Index(fields=["version", "target_uid"])]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None
