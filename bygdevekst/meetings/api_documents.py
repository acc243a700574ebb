"""API for what a meeting's people do besides calling and running it: answer the invitation, put the minutes on
record and download them, attach and read PDF documents, and make or revoke one's own calendar address. The same
permissions (`meetings.answer`, `meetings.manage`, `meetings.subscribe_calendar`), forms and domain functions as
the pages (answer_views, document_views, calendar_views)."""

import datetime
import hashlib
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.uploads import validate_pdf_upload
from bygdevekst.apierrors import NO_NUL, PROBLEM_RESPONSES, OrganisationOut, ProblemError, problem
from bygdevekst.apiforms import FormInput, Input, pdf_parts, valid_form, whole

from . import feeds
from .api import _meeting, router
from .domain import documents
from .domain.answers import MAX_ANSWER_COMMENT, answer_invitation, answerable
from .forms import AttachmentForm
from .models import Answer, AttachmentKind

PDF = "application/pdf"


# ---- Answering the invitation -------------------------------------------------------------------------------
class AnswerIn(Input):
    answer: Literal["ACCEPTED", "TENTATIVE", "DECLINED"] = Field(description="accept, accept tentatively or decline")
    comment: str = Field("", max_length=MAX_ANSWER_COMMENT, pattern=NO_NUL)
    participant: whole(1) | None = Field(
        None, description="the participant (organisation) answered for; omitted: the caller's first one"
    )


class AnswerOut(OrganisationOut):
    participant: int
    organisation: int
    organisation_name: str
    answer: Answer
    comment: str
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_participant(obj):
        return obj.pk

    @staticmethod
    def resolve_comment(obj):
        return obj.answer_comment


@router.post("/{int:meeting_id}/answer", response={200: AnswerOut, **PROBLEM_RESPONSES})
def answer_meeting(request, meeting_id: int, payload: AnswerIn):
    """Answer the invitation for a participating organisation the caller belongs to (as on the meeting page);
    a cancelled meeting: 409."""
    meeting = _meeting(request, meeting_id, manage=False)
    participants = {p.pk: p for p in answerable(request.auth, meeting)}
    chosen = participants.get(payload.participant) if payload.participant else next(iter(participants.values()), None)
    if chosen is None or not request.auth.has_perm("meetings.answer", chosen):
        raise ProblemError(403, _("Only the participating organisations' people answer this invitation."))
    return answer_invitation(chosen, request.auth, payload.answer, payload.comment, request=request)


# ---- The minutes --------------------------------------------------------------------------------------------
class RegisteredFile(Schema):
    filename: str
    file_format: str
    mime_type: str
    sha256: str


class RegisteredOut(Schema):
    files: list[RegisteredFile]


@router.post("/{int:meeting_id}/minutes/register", response={200: RegisteredOut, **PROBLEM_RESPONSES})
def register_meeting_minutes(request, meeting_id: int):
    """Put the minutes as they stand on record in the pilot's case log (PDF/A and .docx); nothing written or
    recorded yet: 409. A later registration adds new versions beside the earlier ones."""
    meeting = _meeting(request, meeting_id)
    files = documents.register_minutes(meeting, request.auth, request=request)
    return {
        "files": [
            {
                **{k: d[k] for k in ("filename", "file_format", "mime_type")},
                "sha256": hashlib.sha256(d["content"]).hexdigest(),
            }
            for d in files
        ]
    }


def _download(request, meeting_id, extension):
    meeting = _meeting(request, meeting_id, manage=False)
    content, name, content_type = documents.download_minutes(meeting, request.auth, extension, request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_response(description, content_type):
    return {"responses": {200: {"description": description, "content": {content_type: {}}}}}


@router.get(
    "/{int:meeting_id}/minutes.pdf",
    response={200: None, **PROBLEM_RESPONSES},
    openapi_extra=_file_response("The minutes as PDF/A", PDF),
)
def minutes_pdf(request, meeting_id: int):
    return _download(request, meeting_id, "pdf")


@router.get(
    "/{int:meeting_id}/minutes.docx",
    response={200: None, **PROBLEM_RESPONSES},
    openapi_extra=_file_response("The minutes as a Word document", documents.DOCX_MIME),
)
def minutes_docx(request, meeting_id: int):
    return _download(request, meeting_id, "docx")


# ---- Attached documents -------------------------------------------------------------------------------------
class AttachmentOut(Schema):
    id: int
    kind: AttachmentKind
    title: str
    filename: str
    sha256: str
    pdfa: str = Field(description="the PDF/A part and conformance the file declares, or empty")
    uploaded_at: datetime.datetime
    withdrawn_at: datetime.datetime | None = Field(None, description="set when withdrawn (R9): it stays listed")
    withdrawal_reason: str = ""


class AttachmentIn(FormInput):
    kind: AttachmentKind = AttachmentKind.PRESENTATION
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)


@router.get("/{int:meeting_id}/attachments", response={200: list[AttachmentOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_attachments(request, meeting_id: int):
    """The meeting's documents; whoever sees the meeting reads them."""
    return _meeting(request, meeting_id, manage=False).attachments.order_by("uploaded_at", "pk")


@router.post(
    "/{int:meeting_id}/attachments",
    response={201: AttachmentOut, 413: dict, **PROBLEM_RESPONSES},
    openapi_extra=pdf_parts("file"),
)
def attach_document(request, meeting_id: int, payload: Form[AttachmentIn], file: File[UploadedFile]):
    """Attach a PDF (multipart/form-data: `kind`, `title`, `file`), judged by the same validator as the page; not a
    PDF, or a damaged one: 422 with `errors`; too large: 413."""
    meeting = _meeting(request, meeting_id)
    try:
        validate_pdf_upload(file)
    except ValidationError as error:
        if error.code == "too_large":
            return problem(413, " ".join(error.messages))
        return problem(
            422,
            errors=[{"field": "file", "message": m, "loc": ["file"], "type": error.code or ""} for m in error.messages],
        )
    form = valid_form(AttachmentForm(payload.dict(), {"file": file}))
    item = documents.attach_document(
        meeting,
        request.auth,
        form.cleaned_data["kind"],
        form.cleaned_data["title"],
        form.cleaned_data["file"],
        request=request,
    )
    return Status(201, item)


@router.get(
    "/{int:meeting_id}/attachments/{int:attachment_id}",
    response={200: None, **PROBLEM_RESPONSES},
    openapi_extra=_file_response("The attached PDF document", PDF),
)
def download_attachment(request, meeting_id: int, attachment_id: int):
    item = _meeting(request, meeting_id, manage=False).attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    return FileResponse(documents.open_attachment(item), as_attachment=True, filename=item.filename, content_type=PDF)


class WithdrawalIn(Input):
    reason: str = Field(min_length=1, max_length=1000, pattern=NO_NUL)


@router.post(
    "/{int:meeting_id}/attachments/{int:attachment_id}/withdraw",
    response={200: AttachmentOut, **PROBLEM_RESPONSES},
)
def withdraw_attachment(request, meeting_id: int, attachment_id: int, payload: WithdrawalIn):
    """R9: a document attached by mistake is withdrawn with a reason, never deleted (the page's function)."""
    item = _meeting(request, meeting_id).attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    return documents.withdraw_attachment(item, request.auth, payload.reason, request=request)


# ---- One's own calendar address -----------------------------------------------------------------------------
class CalendarTokenOut(Schema):
    token: str = Field(description="the secret, shown only in this answer (only its hash is kept)")
    feed_url: str


class RevokedOut(Schema):
    revoked: int = Field(description="how many addresses stopped working (0: there was none)")


def _may_subscribe(request):
    if not request.auth.has_perm("meetings.subscribe_calendar"):
        raise ProblemError(403, _("You may not do this."))


@router.post("/calendar-token", response={201: CalendarTokenOut, **PROBLEM_RESPONSES})
def create_calendar_token(request):
    """A new address for the caller's own calendar feed (any earlier one stops working). Copy it now: the token is
    in this answer only."""
    _may_subscribe(request)
    raw = feeds.create_token(request.auth, request=request)
    return Status(201, {"token": raw, "feed_url": request.build_absolute_uri(reverse("calendar:feed", args=[raw]))})


@router.post("/calendar-token/revoke", response={200: RevokedOut, **PROBLEM_RESPONSES})
def revoke_calendar_token(request):
    """Revoke the caller's calendar address: calendars using it get nothing more (its feed answers 404)."""
    _may_subscribe(request)
    return {"revoked": feeds.revoke_tokens(request.auth, request=request)}
