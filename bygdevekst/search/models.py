"""The search index: one row per findable text, filled by the receivers as things are saved
(and rebuilt by `manage.py reindex`).

`index_title` and `index_text` hold the keys of the title and the text (see text.py); the engine indexes
them, stored (migration 0003): on PostgreSQL a generated `tsvector` column `search_vector` with a GIN
index, on SQLite the FTS5 table `search_fts` (external content, kept in step by triggers). `body` is the
readable plain text the engine cuts excerpts from.
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
    # [[offset, anchor], …]: where each part of the body starts, and its anchor in the target page.
    anchors = models.JSONField(default=list, blank=True)
    # {key: offset}: where each key first occurs in the body, for cutting the excerpt (see query.py).
    first_offsets = models.JSONField(default=dict, blank=True, editable=False)
    url = models.CharField(max_length=500)
    language = models.CharField(_("language"), max_length=8, blank=True)
    index_title = models.TextField(blank=True, editable=False)
    index_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_ref"], name="unique_search_document")]
        indexes = [
            models.Index(fields=["round", "pilot", "kind"]),
            # Covers the visibility query: SQLite stores a row's columns in order, and those after the long
            # texts sit behind their overflow pages; reading them for 2,000 hits costs 150-400 ms.
            models.Index(fields=["audience", "kind", "pilot", "agreement", "round", "object_ref"],
                         name="search_document_visibility"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
