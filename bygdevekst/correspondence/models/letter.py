"""A letter from KDD: composed once, approved by a second person (four eyes), then sent."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.failures import Failure, reason

from ..enums import DeliveryStatus, LetterState, PartyRole
from .case import DocumentObject, RegistryEntry


class Letter(models.Model):
    round = models.ForeignKey("programme.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="letters")
    pilot = models.ForeignKey(
        "programme.Pilot", verbose_name=_("pilot"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="letters", help_text=_("Empty: the letter goes to every pilot of the round."),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text (Bokmål)"), help_text=_("Paragraphs, headings (#), lists and emphasis."))
    body_nn = models.TextField(
        _("text (Nynorsk)"), blank=True, help_text=_("Optional: recipients that write Nynorsk receive this text.")
    )
    their_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("case officer"), on_delete=models.PROTECT, related_name="+"
    )
    case_officer_phone = models.CharField(_("case officer's phone"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=LetterState.choices, default=LetterState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    letter_date = models.DateField(_("date"), null=True, blank=True)
    registry_entry = models.OneToOneField(
        RegistryEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="letter"
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("correspondence:letter", args=[self.pk])

    @property
    def is_draft(self):
        return self.state == LetterState.DRAFT


class Signatory(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200)
    on_behalf = models.BooleanField(_("signs on delegated authority (e.f.)"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["letter_id", "position", "pk"]

    def __str__(self):
        return f"{self.name} (e.f.)" if self.on_behalf else self.name


class LetterRecipient(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices[1:])

    class Meta:
        verbose_name = _("letter recipient")
        verbose_name_plural = _("letter recipients")
        ordering = ["letter_id", "role", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["letter", "organisation"], name="unique_letter_recipient")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation}"


class Delivery(models.Model):
    """One letter to one recipient through one transport; retried until sent or given up."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices[1:])
    address = models.CharField(_("address"), max_length=300, blank=True)
    document = models.ForeignKey(DocumentObject, on_delete=models.PROTECT, related_name="deliveries")
    transport = models.CharField(_("transport"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Why the last attempt failed: the code a person is shown (its reason in their language, `failure_reason`)
    # and the technical text for the operators (server log and admin only, never a page or the API).
    failure = models.CharField(_("failure"), max_length=20, choices=Failure.choices, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.TextField(_("last error (technical)"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The transport's own id for what it sent (eFormidling's messageId), so a retry follows the message
    # already sent instead of sending it twice.
    message_id = models.CharField(_("message id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["letter_id", "role", "organisation__name"]

    def __str__(self):
        return f"{self.letter} → {self.organisation}"

    @property
    def failure_reason(self):
        return reason(self.failure, self.response_code)
