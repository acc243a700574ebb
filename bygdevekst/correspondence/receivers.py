"""Registering what the other apps do: each domain signal becomes a registry entry with its document.

Receivers run inside the sender's transaction, so each works in a savepoint and logs instead of
raising: a record-keeping hiccup must never undo a submission or a decision."""

import hashlib
import mimetypes
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bygdevekst.agreements.documents.store import stored_document
from bygdevekst.agreements.enums import CountyRole
from bygdevekst.core.signals import in_savepoint

from .domain.cases import (
    add_document,
    add_object_version,
    case_for_pilot,
    close_case,
    kdd,
    register_entry,
    reopen_case,
)
from .domain.pdf import render_text_pdf
from .enums import EntryType, Variant
from .models import RegistryEntry


def _pilot_parties(pilot):
    agreement = getattr(pilot, "agreement", None)
    orgs = [pilot.lead_municipality]
    if agreement is not None and agreement.county_role != CountyRole.NOT_PARTY:
        orgs.append(pilot.county_council)
    return orgs


def _register_version(agreement, version, entry_type, title, user, senders, recipients, copies=()):
    source = f"agreement-version:{version.pk}"
    if RegistryEntry.objects.filter(source=source).exists():
        return None
    pilot = agreement.pilot
    dated = timezone.localtime(version.created_at).date()  # the day in Norway, not in UTC
    entry = register_entry(
        case_for_pilot(pilot), entry_type, title, document_date=dated,
        sent_received_date=dated, senders=senders, recipients=recipients, copies=copies,
        case_officer=user, source=source,
    )
    # The one document of the version, as users download it (agreements/documents/store.py).
    document = stored_document(version)
    add_document(entry, title, document.read(), document.filename)
    return entry


@in_savepoint
def on_agreement_transitioned(sender, agreement=None, action="", version=None, user=None, **kwargs):
    if version is None or agreement is None:
        return
    pilot = agreement.pilot
    if action == "submit":
        _register_version(agreement, version, EntryType.INCOMING, f"Forslag til bygdevekstavtale – {pilot.name}",
                          user, senders=_pilot_parties(pilot), recipients=[kdd()])
    elif action in ("agree", "approve"):
        _register_version(agreement, version, EntryType.OUTGOING, f"Endelig bygdevekstavtale – {pilot.name}",
                          user, senders=[], recipients=_pilot_parties(pilot), copies=[pilot.state_administrator])


def refresh_version_documents(actor=None):
    """Registry entries of agreement versions registered before the one renderer (a plainer PDF) get the
    version's stored document as their next document version; the earlier file stays. Returns the count."""
    from bygdevekst.agreements.models import AgreementVersion
    from bygdevekst.audit.log import log_action

    added = 0
    for entry in RegistryEntry.objects.filter(source__startswith="agreement-version:").prefetch_related("documents"):
        version = AgreementVersion.objects.filter(pk=entry.source.split(":", 1)[1]).first()
        description = entry.documents.order_by("number").first()
        if version is None or description is None:
            continue
        document = stored_document(version)
        latest = description.document_objects.order_by("-version").first()
        if latest is not None and latest.sha256 == document.sha256:
            continue
        with transaction.atomic():
            obj = add_object_version(description, document.read(), document.filename)
            log_action("correspondence.document_version_added", actor=actor, obj=entry,
                       agreement=version.agreement,
                       data={"version": obj.version, "sha256": obj.sha256, "replaces_nothing": True})
        added += 1
    return added


def _file_of(obj):
    for name in ("file", "minutes", "document", "attachment", "pdf"):
        field = getattr(obj, name, None)
        if field and getattr(field, "name", ""):
            return field
    return None


def _text_of(obj):
    for name in ("general", "decision_text", "text", "summary", "note"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _attach(entry, obj, title, fallback_lines, filename=None, field=None):
    """`filename`: the clean name people see and download; the storage's own name may carry a suffix."""
    field = field or _file_of(obj)
    if field is not None:
        with field.open("rb") as handle:
            content = handle.read()
        # Never the storage's name, which may carry a suffix such as _p_nTWikHZ.
        filename = filename or f"{slugify(title)[:60] or 'dokument'}{Path(field.name).suffix}"
        mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        fmt = "PDF" if mime == "application/pdf" else Path(filename).suffix.lstrip(".").upper()
        add_document(entry, title, content, filename, variant=Variant.PRODUCTION, file_format=fmt, mime_type=mime)
    else:
        add_document(entry, title, render_text_pdf(title, fallback_lines, sender=kdd()), "dokument.pdf")


@in_savepoint
def on_response_published(sender, response=None, user=None, **kwargs):
    agreement = getattr(response, "agreement", None)
    if agreement is None:
        return
    source = f"response:{response.pk}"
    if RegistryEntry.objects.filter(source=source).exists():
        return
    pilot = agreement.pilot
    title = f"Skriftlig respons på forslag til bygdevekstavtale – {pilot.name}"
    entry = register_entry(
        case_for_pilot(pilot), EntryType.OUTGOING, title, recipients=_pilot_parties(pilot),
        copies=[pilot.state_administrator], case_officer=user, source=source,
    )
    lang = "nn" if agreement.written_standard == "nn" else "nb"
    add_document(entry, title, render_text_pdf(title, response_lines(response, lang), sender=kdd(), lang=lang),
                 f"respons-{slugify(pilot.name)}.pdf")


def response_lines(response, lang):
    """The published response as the response page shows it, in the agreement's written standard: the general
    part in the safe text format (drawn, never raw markup) and each sub-goal's or commitment's disposition."""
    with translation.override(lang):
        lines = [("h", str(_("General part"))), ("safe_text", response.general)]
        items = list(response.items.all())
        if items:
            lines.append(("h", str(_("Dispositions"))))
        for item in items:
            lines.append(("p", f"{item.target_title}: {item.get_disposition_display()}"
                               + (f". {item.text}" if item.text.strip() else "")))
    return lines


@in_savepoint
def on_anchoring_decision_recorded(sender, decision=None, user=None, **kwargs):
    org = getattr(decision, "organisation", None)
    agreement = getattr(decision, "agreement", None)
    pilot = getattr(agreement, "pilot", None) or getattr(decision, "pilot", None)
    if org is None or pilot is None:
        return
    source = f"anchoring:{decision.pk}"
    if RegistryEntry.objects.filter(source=source).exists():
        return
    final = bool(getattr(decision, "final_approval", False))
    title = f"{'Godkjenning av endelig avtale' if final else 'Politisk forankring'} – {org.name}"
    decided = getattr(decision, "meeting_date", None) or getattr(decision, "date", None)
    ministry = kdd()
    own = org.pk == ministry.pk  # the government's own approval: an internal note, not a letter to itself
    entry = register_entry(
        case_for_pilot(pilot), EntryType.INTERNAL_NOTE if own else EntryType.INCOMING, title,
        senders=[] if own else [org], recipients=[] if own else [ministry],
        document_date=decided if hasattr(decided, "isoformat") else None, case_officer=user, source=source,
    )
    lines = [("p", f"Vedtak: {decided}")] if decided else []
    filename = f"protokoll-{slugify(org.name)}-{decided:%Y-%m-%d}.pdf" if hasattr(decided, "strftime") else None
    _attach(entry, decision, f"Møtebok – {org.name}", lines + [("p", _text_of(decision) or str(decision))], filename)


@in_savepoint
def on_signed_copy(sender, signing=None, user=None, **kwargs):
    """The signed copy is a final document: it goes into the pilot's case like the final text."""
    agreement = getattr(signing, "agreement", None)
    if agreement is None or not signing.signed_copy:
        return
    source = f"signing:{signing.pk}"
    if RegistryEntry.objects.filter(source=source).exists():
        return
    pilot = agreement.pilot
    title = f"Signert bygdevekstavtale – {pilot.name}"
    entry = register_entry(
        case_for_pilot(pilot), EntryType.OUTGOING, title, document_date=signing.signed_on,
        recipients=_pilot_parties(pilot), copies=[pilot.state_administrator], case_officer=user, source=source,
    )
    _attach(entry, signing, title, [], f"signert-avtale-{slugify(pilot.name)}-{signing.signed_on:%Y-%m-%d}.pdf",
            field=signing.signed_copy)


_SOURCES = {"decision": "anchoring", "signing": "signing"}


@in_savepoint
def on_record_corrected(sender, kind="", old=None, new=None, status="", reason="", **kwargs):
    """R9: the registry entry of a corrected or withdrawn record is marked, never deleted; a correction
    points at the entry of the record that replaces it."""
    prefix = _SOURCES.get(kind)
    if prefix is None or old is None:
        return
    replaced_by = RegistryEntry.objects.filter(source=f"{prefix}:{new.pk}").first() if new is not None else None
    RegistryEntry.objects.filter(source=f"{prefix}:{old.pk}").update(
        correction=status, correction_reason=reason, superseded_by=replaced_by,
    )
    if kind == "signing" and new is None and not type(old).objects.filter(agreement=old.agreement).in_force().exists():
        reopen_case(case_for_pilot(old.agreement.pilot))  # the agreement is no longer signed: its case is open


@in_savepoint
def on_agreement_signed_close_case(sender, agreement=None, signing=None, **kwargs):
    """The matter of a pilot's case is settled once its agreement is signed: the case is closed."""
    if agreement is not None:
        close_case(case_for_pilot(agreement.pilot), getattr(signing, "recorded_at", None))


@in_savepoint
def on_meeting_minutes_registered(sender, meeting=None, documents=(), user=None, source="", **kwargs):
    """The minutes of a pilot's meeting: an internal note in the pilot's case, the PDF/A as the main document
    and the Word file as its production format. Registered again, each document gets a new version."""
    agreement = getattr(meeting, "agreement", None)
    if agreement is None or not documents:
        return
    source = source or f"meeting-minutes:{meeting.pk}"
    entry = RegistryEntry.objects.filter(source=source).first()
    if entry is None:
        entry = register_entry(
            case_for_pilot(agreement.pilot), EntryType.INTERNAL_NOTE, documents[0]["title"],
            document_date=meeting.date, case_officer=user, source=source,
        )
        for doc in documents:
            add_document(entry, doc["title"], doc["content"], doc["filename"], variant=doc["variant"],
                         file_format=doc["file_format"], mime_type=doc["mime_type"])
        return
    for description, doc in zip(entry.documents.order_by("number"), documents, strict=False):
        latest = description.document_objects.order_by("-version").first()
        if latest is not None and latest.sha256 == hashlib.sha256(doc["content"]).hexdigest():
            continue
        add_object_version(description, doc["content"], doc["filename"], variant=doc["variant"],
                           file_format=doc["file_format"], mime_type=doc["mime_type"])


def connect():
    from bygdevekst.core import signals

    signals.agreement_transitioned.connect(on_agreement_transitioned, dispatch_uid="correspondence.transitioned")
    signals.response_published.connect(on_response_published, dispatch_uid="correspondence.response")
    signals.anchoring_decision_recorded.connect(on_anchoring_decision_recorded, dispatch_uid="correspondence.anchoring")
    # The signed copy is registered before the case is closed: receivers run in the order connected.
    signals.agreement_signed.connect(on_signed_copy, dispatch_uid="correspondence.signed_copy")
    signals.agreement_signed.connect(on_agreement_signed_close_case, dispatch_uid="correspondence.signed")
    signals.record_corrected.connect(on_record_corrected, dispatch_uid="correspondence.corrected")
    signals.meeting_minutes_registered.connect(on_meeting_minutes_registered, dispatch_uid="correspondence.minutes")
