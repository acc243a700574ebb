"""Working copies of the draft at each lock_version, so a conflicting save can be shown what changed."""

from django.db import models

from .agreement import Agreement


class DraftRevision(models.Model):
    """The draft's content as it stood at one `lock_version` (not a version: nothing refers to it)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="draft_revisions")
    lock_version = models.PositiveIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "lock_version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "lock_version"], name="unique_draft_revision")
        ]

    def __str__(self):
        return f"{self.agreement_id}@{self.lock_version}"
