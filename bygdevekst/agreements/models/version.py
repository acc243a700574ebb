"""Frozen versions (R5): a complete snapshot, written once, never changed."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet
from bygdevekst.core.integrity import IntegrityBroken, content_hash

from ..enums import VersionKind
from .agreement import Agreement


class FrozenVersionError(Exception):
    """Raised on any attempt to change or delete a frozen version."""


class VersionQuerySet(ImmutableOnceQuerySet):
    error = FrozenVersionError
    message = "Agreement versions are immutable"


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind.choices)
    label = models.CharField(_("name"), max_length=200, blank=True)
    content = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("frozen at"))

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_version_number")]

    def __str__(self):
        return f"v{self.number} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise FrozenVersionError("Agreement versions are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenVersionError("Agreement versions are immutable")

    @property
    def is_intact(self):
        return content_hash(self.content) == self.sha256

    def verified(self):
        """This version, if its content still matches its SHA-256; else IntegrityBroken. Every read that
        serves or exports a version's text goes through it."""
        if not self.is_intact:
            raise IntegrityBroken(f"agreement {self.agreement_id}, version {self.number} (SHA-256 {self.sha256})")
        return self

def _document_path(instance, filename):
    return f"agreements/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class VersionDocument(models.Model):
    """A version's PDF/A, rendered once by the one renderer (`documents/store.py`) and stored: every
    download, the case log and the archive hand the same bytes on. Written once; a better rendering is
    a new document version beside the old, never a replacement."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="documents")
    number = models.PositiveSmallIntegerField(_("document version"))
    renderer = models.CharField(_("renderer"), max_length=50)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version document")
        verbose_name_plural = _("version documents")
        ordering = ["version_id", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="unique_version_document")]

    def __str__(self):
        return self.filename

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise FrozenVersionError("Stored documents are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenVersionError("Stored documents are immutable")

    def read(self):
        """The stored bytes, checked against the SHA-256 recorded when they were written: a changed file is
        never handed on (IntegrityBroken: the integrity error page, not the file)."""
        with self.file.open("rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != self.sha256:
            raise IntegrityBroken(f"version document {self.pk} ({self.filename}, SHA-256 {self.sha256})")
        return content
