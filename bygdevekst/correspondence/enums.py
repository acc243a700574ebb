"""States and kinds of the case log (Noark 5 terms) and of letters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")  # Noark: Under behandling
    CLOSED = "closed", _("closed")  # Noark: Avsluttet


class EntryType(models.TextChoices):
    INCOMING = "incoming", _("incoming document")  # I
    OUTGOING = "outgoing", _("outgoing document")  # U
    INTERNAL_NOTE = "internal_note", _("internal note")  # N


class EntryStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")  # Journalført
    DISPATCHED = "dispatched", _("dispatched")  # Ekspedert
    ARCHIVED = "archived", _("archived")  # Arkivert


class EntryCorrection(models.TextChoices):
    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PartyRole(models.TextChoices):
    SENDER = "sender", _("sender")  # Avsender
    RECIPIENT = "recipient", _("recipient")  # Mottaker
    COPY_RECIPIENT = "copy_recipient", _("copy recipient")  # Kopimottaker


class DocumentRole(models.TextChoices):
    MAIN = "main", _("main document")  # Hoveddokument
    ATTACHMENT = "attachment", _("attachment")  # Vedlegg


class Variant(models.TextChoices):
    PRODUCTION = "production", _("production format")  # Produksjonsformat
    ARCHIVE = "archive", _("archive format")  # Arkivformat


class LetterState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("approved and sent")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    GAVE_UP = "gave_up", _("failed, no more retries")
    NO_ADDRESS = "no_address", _("no electronic address")
