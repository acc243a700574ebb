"""One model for every meeting the process has: the political meetings in Oslo before the proposal,
dialogue meetings on the final wording, and the annual political meetings that follow an agreement up.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.access.uploads import validate_pdf_upload
from bygdevekst.organisations.models import Organisation


class MeetingKind(models.TextChoices):
    POLITICAL = "political", _("political meeting")
    DIALOGUE = "dialogue", _("dialogue meeting")
    ANNUAL = "annual", _("annual political meeting")


class ParticipantCapacity(models.TextChoices):
    MAIN_PARTY = "main_party", _("main party")
    COOPERATION_PARTY = "cooperation_party", _("cooperation party")
    INDEPENDENT_ELECTED_BODY = "independent_elected_body", _("independent elected body")
    OBSERVER = "observer", _("observer")


class Answer(models.TextChoices):
    """A participant's answer to the invitation, named as iCalendar's PARTSTAT names it."""

    NEEDS_ACTION = "NEEDS-ACTION", _("not answered")
    ACCEPTED = "ACCEPTED", _("accepted")
    TENTATIVE = "TENTATIVE", _("tentative")
    DECLINED = "DECLINED", _("declined")


class AttachmentKind(models.TextChoices):
    PRESENTATION = "presentation", _("presentation")
    COUNCIL_DECISION = "council_decision", _("council decision")
    OTHER = "other", _("other document")


class ItemOutcome(models.TextChoices):
    OPEN = "open", _("open")
    AGREED = "agreed", _("agreed")
    CHANGED = "changed", _("text to be changed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DEFERRED = "deferred", _("deferred")


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    round = models.ForeignKey("programme.Round", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    # The calendar invitation's identity: the UID never changes, SEQUENCE grows with each update sent.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(_("takes part as"), max_length=30, choices=ParticipantCapacity.choices)
    invited = models.BooleanField(_("invited"), default=True)
    attended = models.BooleanField(_("attended"), default=False)
    representatives = models.CharField(_("representatives"), max_length=300, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Where the invitation goes; empty means the organisation's address.")
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.NEEDS_ACTION,
                              editable=False)
    answer_comment = models.TextField(_("comment on the answer"), blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="unique_participant")]

    def __str__(self):
        return f"{self.organisation} ({self.get_capacity_display()})"

    @property
    def invitation_address(self):
        return self.email or self.organisation.email


class AgendaItem(models.Model):
    """An item, often pointing at a sub-goal or commitment by its stable uid; the minutes give an outcome."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    target_uid = models.UUIDField(_("refers to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("E.g. the response item it comes from."))
    # KDD's question or remark from the state's response item the agenda item comes from, as it stood then.
    question = models.TextField(_("KDD's question"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ItemOutcome.choices, default=ItemOutcome.OPEN)
    outcome_text = models.TextField(_("outcome text"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "position", "pk"]

    def __str__(self):
        return self.title


class Attachment(models.Model):
    """A document belonging to a meeting (its presentation, a council decision): a checked PDF upload."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=30, choices=AttachmentKind.choices,
                            default=AttachmentKind.PRESENTATION)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("document (PDF)"), upload_to="meetings/%Y/", validators=[validate_pdf_upload])
    filename = models.CharField(max_length=200, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    # The PDF/A part and conformance the file declares in its XMP metadata ("PDF/A-2b"), or empty.
    pdfa = models.CharField(_("PDF/A"), max_length=20, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A document attached by mistake is withdrawn with a reason (R9), never deleted: it stays listed, marked.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", editable=False)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True, editable=False)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting_id", "uploaded_at", "pk"]

    def __str__(self):
        return self.title


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address (/calendar/<token>.ics). Only its SHA-256 is stored,
    as for API tokens; revoking it makes the address answer 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({timezone.localtime(self.created_at):%Y-%m-%d})"
