from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.access.uploads import validate_pdf_upload
from bygdevekst.organisations.models import Organisation

from ..enums import AddendumState
from .records import IN_FORCE, Correctable


class Signing(Correctable):
    """The signature page of an approved agreement: the signing date and the scanned signed copy. One in
    force per agreement; a mistaken one is corrected or withdrawn (R9), never deleted."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="signings")
    version = models.ForeignKey("agreements.AgreementVersion", verbose_name=_("signed version"), on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signing date"))
    signed_copy = models.FileField(_("signed copy (PDF)"), upload_to="signed/%Y/", blank=True, validators=[validate_pdf_upload])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        constraints = [models.UniqueConstraint(fields=["agreement"], condition=IN_FORCE, name="one_signing_in_force")]

    def __str__(self):
        return f"{self.agreement} ({self.signed_on:%d.%m.%Y})"


class Signatory(models.Model):
    signing = models.ForeignKey(Signing, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(Organisation, verbose_name=_("main party"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("signatory"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["signing_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["signing", "organisation"], name="one_signatory_per_party")]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Addendum(models.Model):
    """A numbered change to an agreement in force; goes through versioning and approval like the agreement."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="addenda")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=20, choices=AddendumState.choices, default=AddendumState.DRAFT)
    version = models.ForeignKey(
        "agreements.AgreementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256 of the text sent for approval"), max_length=64, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["agreement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_addendum_number")]

    def __str__(self):
        return _("Addendum %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class ReminderSent(models.Model):
    """One row per reminder sent: the periodic job never sends the same reminder twice."""

    milestone = models.ForeignKey("programme.Milestone", on_delete=models.CASCADE, related_name="+")
    pilot = models.ForeignKey("programme.Pilot", on_delete=models.CASCADE, related_name="+")
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["milestone", "pilot"], name="one_reminder_per_milestone_pilot")]

    def __str__(self):
        return f"{self.milestone} – {self.pilot}"
