"""The case log in Noark 5 terms: case (saksmappe) → registry entry (journalpost) → correspondence
parties (korrespondansepart) and document descriptions (dokumentbeskrivelse) → document objects
(dokumentobjekt). Documents are written once; a correction is a new document."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.integrity import IntegrityBroken

from ..enums import CaseStatus, DocumentRole, EntryCorrection, EntryStatus, EntryType, PartyRole, Variant


class Case(models.Model):
    """One per round and one per pilot. Number as the registry prints it: 2024/1234."""

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    title = models.CharField(_("title"), max_length=300)
    public_title = models.CharField(_("public title"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible officer"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    round = models.ForeignKey(
        "programme.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="cases"
    )
    pilot = models.OneToOneField(
        "programme.Pilot", verbose_name=_("pilot"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="case",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_case_number"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(pilot__isnull=True), name="one_round_case_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("correspondence:case", args=[self.pk])

    @property
    def number(self):
        return f"{self.year}/{self.sequence}"


class RegistryEntry(models.Model):
    """A journalpost. It lives in one case; a round letter is also linked from each pilot's case."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="entries")
    linked_cases = models.ManyToManyField(
        Case, verbose_name=_("also linked from"), blank=True, related_name="linked_entries"
    )
    number = models.PositiveIntegerField(_("document number in the case"))
    # The registry's own running number (journalår + journalsekvensnummer): the year the entry was
    # registered and its place among that year's entries, whatever year its case was opened.
    journal_year = models.PositiveSmallIntegerField(_("journal year"))
    journal_sequence = models.PositiveIntegerField(_("journal sequence number"))
    entry_type = models.CharField(_("type"), max_length=20, choices=EntryType.choices)
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.REGISTERED)
    title = models.CharField(_("title"), max_length=300)
    public_title = models.CharField(_("public title"), max_length=300)
    registry_date = models.DateField(_("registry date"))
    document_date = models.DateField(_("document date"))
    sent_received_date = models.DateField(_("sent or received"), null=True, blank=True)
    access_restriction = models.CharField(
        _("access restriction"), max_length=100, blank=True, help_text=_("E.g. 'Unntatt offentlighet'.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=100, blank=True, help_text=_("E.g. 'Offl. § 14'."))
    their_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("case officer"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("What registered it, for idempotence."))
    # A recorded fact corrected or withdrawn in the process: the entry stays, marked, never deleted.
    correction = models.CharField(_("correction"), max_length=12, blank=True, choices=EntryCorrection.choices)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    superseded_by = models.ForeignKey("self", verbose_name=_("replaced by"), on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        ordering = ["-registry_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_entry_number"),
            models.UniqueConstraint(fields=["journal_year", "journal_sequence"], name="unique_journal_number"),
            models.UniqueConstraint(fields=["source"], condition=~models.Q(source=""), name="unique_entry_source"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("correspondence:entry", args=[self.pk])

    @property
    def reference(self):
        """Our reference ("Vår ref."): case number and document number, 2024/1234-3."""
        return f"{self.case.number}-{self.number}"


class CorrespondenceParty(models.Model):
    entry = models.ForeignKey(RegistryEntry, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("correspondence party")
        verbose_name_plural = _("correspondence parties")
        ordering = ["entry_id", "position", "pk"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"

    @classmethod
    def from_organisation(cls, org, role, position=0):
        return cls(
            role=role, organisation=org, name=org.name, postal_address=org.postal_address,
            postal_code=org.postal_code, postal_place=org.postal_place, org_number=org.org_number,
            email=org.email, position=position,
        )


class DocumentDescription(models.Model):
    entry = models.ForeignKey(RegistryEntry, on_delete=models.CASCADE, related_name="documents")
    role = models.CharField(_("role"), max_length=20, choices=DocumentRole.choices, default=DocumentRole.MAIN)
    number = models.PositiveSmallIntegerField(_("document number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    written_standard = models.CharField(_("written standard"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("document description")
        verbose_name_plural = _("document descriptions")
        ordering = ["entry_id", "number"]

    def __str__(self):
        return self.title


def _upload_to(instance, filename):
    return f"correspondence/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class DocumentObject(models.Model):
    description = models.ForeignKey(DocumentDescription, on_delete=models.CASCADE, related_name="document_objects")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    variant = models.CharField(_("variant"), max_length=20, choices=Variant.choices, default=Variant.ARCHIVE)
    file_format = models.CharField(_("file format"), max_length=20, default="PDF/A-3b")
    mime_type = models.CharField(_("MIME type"), max_length=100, default="application/pdf")
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document object")
        verbose_name_plural = _("document objects")
        ordering = ["description_id", "version", "variant"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("correspondence:download", args=[self.pk, self.filename])

    def read(self):
        with self.file.open("rb") as handle:
            return handle.read()

    def verify(self):
        """True when the stored file still has the checksum recorded when it was written."""
        return hashlib.sha256(self.read()).hexdigest() == self.sha256

    def read_verified(self):
        """The stored bytes, only if they still have their recorded checksum (what is sent on to others)."""
        content = self.read()
        if hashlib.sha256(content).hexdigest() != self.sha256:
            raise IntegrityBroken(f"document object {self.pk} ({self.filename}, SHA-256 {self.sha256})")
        return content
