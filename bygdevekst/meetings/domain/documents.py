"""The meeting's documents: the minutes put on record (PDF/A and Word, registered in the case log through
a domain signal) and attached files (a presentation, a council decision) as checked PDF uploads."""

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.core.integrity import open_checked
from bygdevekst.core.signals import meeting_minutes_registered

from .. import minutes
from ..models import Attachment
from ..pdfa import PROBLEM_LABELS, pdfa_identification, pdfa_problems

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def minutes_documents(meeting):
    """The two documents of the minutes as the case log stores them: PDF/A (archive) and .docx (production)."""
    pdf = minutes.minutes_pdf(meeting)
    docx = minutes.minutes_docx(meeting)
    title = f"Referat – {meeting.title}"
    return [
        {
            "title": title,
            "content": pdf,
            "filename": minutes.filename(meeting, "pdf"),
            "file_format": "PDF/A-3b",
            "mime_type": "application/pdf",
            "variant": "archive",
        },
        {
            "title": title,
            "content": docx,
            "filename": minutes.filename(meeting, "docx"),
            "file_format": "DOCX",
            "mime_type": DOCX_MIME,
            "variant": "production",
        },
    ]


MINUTES_FORMATS = {"pdf": (minutes.minutes_pdf, "application/pdf"), "docx": (minutes.minutes_docx, DOCX_MIME)}


def download_minutes(meeting, user, extension, request=None):
    """The minutes as they stand, as PDF/A ("pdf") or Word ("docx"), the download logged: (content, file name,
    content type) for the page and the API alike."""
    render, content_type = MINUTES_FORMATS[extension]
    content = render(meeting)
    log_action(
        "meeting.minutes_downloaded",
        actor=user,
        obj=meeting,
        agreement=meeting.agreement,
        request=request,
        data={"format": extension},
    )
    return content, minutes.filename(meeting, extension), content_type


def minutes_source(meeting):
    """The key of the registry entry that holds this meeting's minutes (one entry per meeting)."""
    return f"meeting-minutes:{meeting.pk}"


def minutes_registration(meeting, user):
    """Where and when this meeting's minutes were last put on record, for the meeting page: {"entry": the
    registry entry if this user may see it (an internal note: KDD's), "at": when, "by": who}, or None."""
    from bygdevekst.access.visibility import visible_entries
    from bygdevekst.audit.models import ActionLog

    logged = (ActionLog.objects.filter(action="meeting.minutes_registered", object_type="meetings.meeting",
                                       object_id=str(meeting.pk)).select_related("actor").order_by("-pk").first())
    if logged is None:
        return None
    entry = visible_entries(user).filter(source=minutes_source(meeting)).select_related("case").first()
    return {"entry": entry, "at": logged.timestamp, "by": logged.actor}


def register_minutes(meeting, user, request=None):
    """Puts the minutes as they stand on record: the case log registers them (a later registration adds
    new document versions beside the earlier ones, which stay)."""
    if meeting.agreement is None:
        raise Refused(_("Only the minutes of a pilot's meeting go into a pilot's case."))
    if not (meeting.minutes.strip() or meeting.decisions.strip() or meeting.items.exclude(outcome="open").exists()):
        raise Refused(_("Write the minutes or record an outcome before registering them."))
    documents = minutes_documents(meeting)
    with transaction.atomic():
        log_action(
            "meeting.minutes_registered",
            actor=user,
            obj=meeting,
            agreement=meeting.agreement,
            request=request,
            data={"files": {d["filename"]: hashlib.sha256(d["content"]).hexdigest() for d in documents}},
        )
        meeting_minutes_registered.send(sender=type(meeting), meeting=meeting, documents=documents, user=user,
                                        source=minutes_source(meeting))
    return documents


def pdfa_problem_text(problems):
    """The broken PDF/A rules in words: "it is encrypted and it contains JavaScript or a launch action"."""
    texts = [str(PROBLEM_LABELS[p]) for p in problems]
    if len(texts) == 2:
        return _("%(first)s and %(second)s") % {"first": texts[0], "second": texts[1]}
    return ", ".join(texts)


def attach_document(meeting, user, kind, title, upload, request=None):
    """`upload` has passed access.uploads.validate_pdf_upload (the form's field); its PDF/A claim is recorded if
    the file keeps the rules pdfa.pdfa_problems checks (a claim it breaks is logged, and the file kept as PDF)."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    name = f"{slugify(title)[:60] or 'dokument'}.pdf"
    claimed = pdfa_identification(content)
    problems = pdfa_problems(content) if claimed else []
    with transaction.atomic():
        attachment = Attachment(
            meeting=meeting,
            kind=kind,
            title=title,
            filename=name,
            sha256=hashlib.sha256(content).hexdigest(),
            pdfa="" if problems else claimed,  # a claim the file breaks is no PDF/A
            uploaded_by=user,
        )
        attachment.file.save(f"{meeting.pk}-{Path(name).stem}.pdf", upload, save=False)
        attachment.save()
        log_action(
            "meeting.document_attached",
            actor=user,
            obj=meeting,
            agreement=meeting.agreement,
            request=request,
            data={"title": title, "kind": kind, "sha256": attachment.sha256, "pdfa": attachment.pdfa,
                  **({"pdfa_claimed": claimed, "pdfa_problems": problems} if problems else {})},
        )
    # For the page's message: what the file claimed and which rules it breaks (not stored on the row).
    attachment.pdfa_claimed, attachment.pdfa_problems = claimed, problems
    return attachment


def open_attachment(attachment):
    """An attached file opened for download, checked against the SHA-256 taken when it was attached (the page and
    the API): a changed file is IntegrityBroken (the integrity error), a file that is gone FileNotFoundError (410)."""
    return open_checked(attachment.file, attachment.sha256, f"meeting document {attachment.pk} ({attachment.filename})")


def withdraw_attachment(attachment, user, reason, request=None):
    """A document attached by mistake (the wrong file, the wrong meeting) is withdrawn with a reason (R9): it stays
    listed and downloadable, marked as withdrawn, and the log keeps who, when and why. Nothing is deleted."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused([_("Give the reason for withdrawing the document.")])
    with transaction.atomic():
        current = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if current.withdrawn_at is not None:
            raise Refused([_("This document has already been withdrawn.")])
        current.withdrawn_at, current.withdrawn_by, current.withdrawal_reason = timezone.now(), user, reason
        current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        log_action(
            "meeting.document_withdrawn",
            actor=user,
            obj=current.meeting,
            agreement=current.meeting.agreement,
            request=request,
            data={"title": current.title, "sha256": current.sha256, "reason": reason},
        )
    return current
