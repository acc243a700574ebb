"""The search index: one row per findable text, filled by `manage.py reindex` and by receivers.

On SQLite an FTS5 table (`search_fts`, migration 0002) mirrors `index_text` through triggers;
on PostgreSQL the `norwegian` text-search configuration works on `title` and `body` directly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Audience, DocumentKind


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    object_ref = models.CharField(_("object"), max_length=64, help_text=_("primary key of the indexed object"))
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pilot = models.ForeignKey("programme.Pilot", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey("programme.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PARTICIPANTS)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    # [[anchor, text], …]: where in the target page each part of the body is, to link to the hit.
    parts = models.JSONField(default=list, blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(_("language"), max_length=8, blank=True)
    index_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_ref"], name="unique_search_document")]
        indexes = [models.Index(fields=["round", "pilot", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
