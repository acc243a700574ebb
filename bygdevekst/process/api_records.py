"""API for the rest of the process (mounted under /api/v1/agreements): the county council's role, partner and
county confirmations, anchoring exceptions, corrections and withdrawals of every recorded fact (R9), the state's
response (write, publish; approve is in api.py), signing and addenda.

Each operation checks the same permission as its page (access/permissions.py, through `views.common
.get_agreement`: outsiders 404, readers 403), validates with the page's form where there is one, and calls the
same domain function. A form's objection to a schema-valid request is a 409 with its reasons, as a guard's.
"""

import datetime
import uuid
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.agreements.enums import CountyRole, PartyRole
from bygdevekst.agreements.models import Commitment
from bygdevekst.apierrors import NO_NUL, PROBLEM_RESPONSES, OrganisationOut
from bygdevekst.apiforms import FormInput, Input, pdf_parts, valid_form
from bygdevekst.core.guards import Refused
from bygdevekst.core.shown import content_hash

from .domain import addenda, anchoring, corrections, partners
from .domain import response as responses
from .domain.signing import record_signing
from .enums import AddendumState, Disposition, ResponseState
from .forms import (
    AddendumForm,
    AnchoringExceptionForm,
    CorrectCountyConfirmationForm,
    CorrectExceptionForm,
    CorrectionReasonForm,
    CorrectPartnerConfirmationForm,
    CorrectSigningForm,
    CountyCommitmentForm,
    PartnerConfirmationForm,
    ResponseForm,
    SigningForm,
)
from .models import AnchoringException, CountyCommitmentConfirmation, PartnerConfirmation, Signing
from .records_forms import apply_correction, correctable_record
from .views.common import confirmable_organisations, get_agreement

router = Router(tags=["process"])

Reason = Field(min_length=1, pattern=NO_NUL)


class RecordOut(Schema):
    """What every recorded fact says about itself (R9)."""

    id: int
    record_status: str
    superseded_by: int | None
    correction_reason: str

    @staticmethod
    def resolve_superseded_by(obj):
        return obj.superseded_by_id


# ---- County council's role (R2) -----------------------------------------------------------------------
class CountyRoleIn(Input):
    county_role: CountyRole


class CountyRoleOut(Schema):
    id: int
    county_role: CountyRole


@router.post("/{int:agreement_id}/county-role", response={200: CountyRoleOut, **PROBLEM_RESPONSES})
def change_county_role(request, agreement_id: int, payload: CountyRoleIn):
    """R2: main party, cooperation party under named sub-goals, or not a party; only while a draft."""
    agreement = get_agreement(request, agreement_id, "process.change_county_role")
    partners.change_county_role(agreement, payload.county_role, request.auth, request)
    agreement.refresh_from_db()
    return agreement


# ---- Partner confirmations (R3) ---------------------------------------------------------------------
class PartnerConfirmationIn(Input):
    organisation: int = Field(ge=1)
    agreed: bool
    comment: str = Field("", pattern=NO_NUL, description="required when `agreed` is false")


class PartnerConfirmationOut(RecordOut, OrganisationOut):
    organisation: int
    agreed: bool
    comment: str
    digest: str
    confirmed_at: datetime.datetime


@router.get("/{int:agreement_id}/partner-confirmations", response=list[PartnerConfirmationOut])
@paginate(LimitOffsetPagination)
def list_partner_confirmations(request, agreement_id: int):
    agreement = get_agreement(request, agreement_id, "process.view_process")
    return PartnerConfirmation.objects.filter(agreement=agreement).order_by("pk")


@router.post("/{int:agreement_id}/partner-confirmations", response={201: PartnerConfirmationOut, **PROBLEM_RESPONSES})
def confirm_commitments(request, agreement_id: int, payload: PartnerConfirmationIn):
    """A party confirms (or declines) its commitments, for an organisation the caller speaks for."""
    agreement = get_agreement(request, agreement_id, "process.confirm_commitments")
    orgs = confirmable_organisations(request.auth, agreement, partners.partner_status(agreement))
    form = PartnerConfirmationForm(
        {"organisation": payload.organisation, "agreed": "yes" if payload.agreed else "no", "comment": payload.comment},
        organisations=orgs,
    )
    valid_form(form)
    d = form.cleaned_data
    confirmation = partners.confirm_commitments(
        agreement, d["organisation"], d["agreed"], d["comment"], request.auth, request
    )
    return Status(201, confirmation)


# ---- County council's commitments (R3) --------------------------------------------------------------
class CountyConfirmationIn(Input):
    commitment: uuid.UUID
    note: str = Field(min_length=1, pattern=NO_NUL)


class CountyConfirmationOut(RecordOut):
    commitment: uuid.UUID
    note: str
    confirmed_at: datetime.datetime

    @staticmethod
    def resolve_commitment(obj):
        return obj.commitment_uid


@router.get("/{int:agreement_id}/county-confirmations", response=list[CountyConfirmationOut])
@paginate(LimitOffsetPagination)
def list_county_confirmations(request, agreement_id: int):
    agreement = get_agreement(request, agreement_id, "process.view_process")
    return CountyCommitmentConfirmation.objects.filter(agreement=agreement).order_by("pk")


@router.post("/{int:agreement_id}/county-confirmations", response={201: CountyConfirmationOut, **PROBLEM_RESPONSES})
def confirm_county_commitment(request, agreement_id: int, payload: CountyConfirmationIn):
    """R3: the county council confirms one of its flagged commitments (by the commitment's uid)."""
    agreement = get_agreement(request, agreement_id, "process.confirm_county_commitment")
    commitment = Commitment.objects.filter(agreement=agreement, uid=payload.commitment).first()
    form = CountyCommitmentForm({"note": payload.note})
    if commitment is None:
        raise Refused([_("There is no such commitment in this agreement.")])
    valid_form(form)
    partners.confirm_county_commitment(agreement, commitment, form.cleaned_data["note"], request.auth, request)
    return Status(201, agreement.county_confirmations.in_force().get(commitment_uid=commitment.uid))


# ---- Anchoring exceptions (R1) -----------------------------------------------------------------------
class ExceptionIn(Input):
    organisation: int = Field(ge=1)
    reason: str = Reason


class ExceptionOut(RecordOut, OrganisationOut):
    organisation: int
    organisation_name: str
    reason: str
    created_at: datetime.datetime


@router.get("/{int:agreement_id}/anchoring-exceptions", response=list[ExceptionOut])
@paginate(LimitOffsetPagination)
def list_exceptions(request, agreement_id: int):
    agreement = get_agreement(request, agreement_id, "process.view_process")
    return AnchoringException.objects.filter(agreement=agreement).select_related("organisation").order_by("pk")


@router.post("/{int:agreement_id}/anchoring-exceptions", response={201: ExceptionOut, **PROBLEM_RESPONSES})
def record_exception(request, agreement_id: int, payload: ExceptionIn):
    """KDD accepts a missing anchoring decision of an organisation that lacks one, with a reason."""
    agreement = get_agreement(request, agreement_id, "process.record_exception")
    missing = [r["organisation"] for r in anchoring.proposal_status(agreement) if not r["ok"]]
    form = AnchoringExceptionForm(
        {"organisation": payload.organisation, "reason": payload.reason}, organisations=missing
    )
    valid_form(form)
    exception = anchoring.record_exception(
        agreement, form.cleaned_data["organisation"], form.cleaned_data["reason"], request.auth, request
    )
    return Status(201, exception)


# ---- Corrections and withdrawals (R9) ----------------------------------------------------------------
class WithdrawalIn(Input):
    reason: str = Reason


class ExceptionCorrectionIn(Input):
    correction_reason: str = Reason
    reason: str = Field(min_length=1, pattern=NO_NUL, description="the exception's right reason")


class PartnerCorrectionIn(Input):
    correction_reason: str = Reason
    agreed: bool
    comment: str = Field("", pattern=NO_NUL)


class CountyCorrectionIn(Input):
    correction_reason: str = Reason
    note: str = Field(min_length=1, pattern=NO_NUL)


def _correct(request, agreement_id, kind, record_id, form_class, data, files=None):
    """The page's own permission checks and correction, for a schema-valid body."""
    agreement, record = correctable_record(request, agreement_id, kind, record_id)
    if kind == "signing":
        parties = list(agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation"))
        form = form_class(data, files, parties=parties)
    else:
        form = form_class(data, files)
    valid_form(form)
    return apply_correction(request, agreement, kind, record, form.cleaned_data)


def _withdraw(request, agreement_id, kind, record_id, reason):
    agreement, record = correctable_record(request, agreement_id, kind, record_id)
    form = CorrectionReasonForm({"correction_reason": reason})
    valid_form(form)
    corrections.withdraw(kind, record, request.auth, form.cleaned_data["correction_reason"], request=request)
    record.refresh_from_db()
    return record


@router.post(
    "/{int:agreement_id}/anchoring-exceptions/{int:record_id}/correct",
    response={201: ExceptionOut, **PROBLEM_RESPONSES},
)
def correct_exception(request, agreement_id: int, record_id: int, payload: ExceptionCorrectionIn):
    return Status(201, _correct(request, agreement_id, "exception", record_id, CorrectExceptionForm, payload.dict()))


@router.post(
    "/{int:agreement_id}/anchoring-exceptions/{int:record_id}/withdraw",
    response={200: ExceptionOut, **PROBLEM_RESPONSES},
)
def withdraw_exception(request, agreement_id: int, record_id: int, payload: WithdrawalIn):
    return _withdraw(request, agreement_id, "exception", record_id, payload.reason)


@router.post(
    "/{int:agreement_id}/partner-confirmations/{int:record_id}/correct",
    response={201: PartnerConfirmationOut, **PROBLEM_RESPONSES},
)
def correct_partner_confirmation(request, agreement_id: int, record_id: int, payload: PartnerCorrectionIn):
    data = {
        "correction_reason": payload.correction_reason,
        "agreed": "yes" if payload.agreed else "no",
        "comment": payload.comment,
    }
    return Status(
        201, _correct(request, agreement_id, "partner-confirmation", record_id, CorrectPartnerConfirmationForm, data)
    )


@router.post(
    "/{int:agreement_id}/partner-confirmations/{int:record_id}/withdraw",
    response={200: PartnerConfirmationOut, **PROBLEM_RESPONSES},
)
def withdraw_partner_confirmation(request, agreement_id: int, record_id: int, payload: WithdrawalIn):
    return _withdraw(request, agreement_id, "partner-confirmation", record_id, payload.reason)


@router.post(
    "/{int:agreement_id}/county-confirmations/{int:record_id}/correct",
    response={201: CountyConfirmationOut, **PROBLEM_RESPONSES},
)
def correct_county_confirmation(request, agreement_id: int, record_id: int, payload: CountyCorrectionIn):
    return Status(
        201,
        _correct(
            request, agreement_id, "county-confirmation", record_id, CorrectCountyConfirmationForm, payload.dict()
        ),
    )


@router.post(
    "/{int:agreement_id}/county-confirmations/{int:record_id}/withdraw",
    response={200: CountyConfirmationOut, **PROBLEM_RESPONSES},
)
def withdraw_county_confirmation(request, agreement_id: int, record_id: int, payload: WithdrawalIn):
    return _withdraw(request, agreement_id, "county-confirmation", record_id, payload.reason)


# ---- Signing -----------------------------------------------------------------------------------------
class SigningSignatoryOut(OrganisationOut):
    organisation: int
    name: str


class SigningOut(RecordOut):
    signed_on: datetime.date
    version: int
    signatories: list[SigningSignatoryOut]
    has_signed_copy: bool

    @staticmethod
    def resolve_version(obj):
        return obj.version.number

    @staticmethod
    def resolve_signatories(obj):
        return list(obj.signatories.all())

    @staticmethod
    def resolve_has_signed_copy(obj):
        return bool(obj.signed_copy)


class SigningIn(FormInput):
    """One signatory per main party: `organisation` and `name` repeated, in the same order."""

    signed_on: datetime.date
    organisation: list[Annotated[int, Field(ge=1)]] = Field(min_length=1)
    name: list[Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]] = Field(min_length=1)


class SigningCorrectionIn(SigningIn):
    correction_reason: str = Reason


def _signing_data(agreement, payload):
    """The signature page's fields (s_<organisation>) from the repeated pairs."""
    if len(payload.organisation) != len(payload.name):
        raise Refused([_("Give one name for each organisation.")])
    data = {"signed_on": payload.signed_on.isoformat()}
    for org, name in zip(payload.organisation, payload.name, strict=True):
        data[f"s_{org}"] = name
    return data


@router.get("/{int:agreement_id}/signings", response=list[SigningOut])
@paginate(LimitOffsetPagination)
def list_signings(request, agreement_id: int):
    agreement = get_agreement(request, agreement_id, "process.view_process")
    return Signing.objects.filter(agreement=agreement).select_related("version").order_by("pk")


@router.post(
    "/{int:agreement_id}/signings",
    response={201: SigningOut, **PROBLEM_RESPONSES},
    openapi_extra=pdf_parts("signed_copy"),
)
def sign(request, agreement_id: int, payload: Form[SigningIn], signed_copy: File[UploadedFile]):
    """The signature page: the signing date, one signatory per main party, the signed copy (PDF, checked by
    content). Multipart."""
    agreement = get_agreement(request, agreement_id, "process.sign")
    from .domain.signing import can_be_signed

    can_be_signed.check(agreement)
    parties = list(agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation"))
    form = SigningForm(_signing_data(agreement, payload), {"signed_copy": signed_copy}, parties=parties)
    valid_form(form)
    signing = record_signing(
        agreement,
        form.cleaned_data["signed_on"],
        [(p.organisation, form.cleaned_data[f"s_{p.organisation_id}"], "") for p in parties],
        request.auth,
        signed_copy=form.cleaned_data["signed_copy"],
        request=request,
    )
    return Status(201, signing)


@router.post(
    "/{int:agreement_id}/signings/{int:record_id}/correct",
    response={201: SigningOut, **PROBLEM_RESPONSES},
    openapi_extra=pdf_parts("signed_copy"),
)
def correct_signing(
    request,
    agreement_id: int,
    record_id: int,
    payload: Form[SigningCorrectionIn],
    signed_copy: File[UploadedFile] = None,
):
    """R9: the right date or signatories; without a new signed copy the recorded one is kept."""
    agreement, _record = correctable_record(request, agreement_id, "signing", record_id)
    data = {**_signing_data(agreement, payload), "correction_reason": payload.correction_reason}
    files = {"signed_copy": signed_copy} if signed_copy is not None else {}
    return Status(201, _correct(request, agreement_id, "signing", record_id, CorrectSigningForm, data, files))


@router.post("/{int:agreement_id}/signings/{int:record_id}/withdraw", response={200: SigningOut, **PROBLEM_RESPONSES})
def withdraw_signing(request, agreement_id: int, record_id: int, payload: WithdrawalIn):
    return _withdraw(request, agreement_id, "signing", record_id, payload.reason)


# ---- The state's response (KDD) ------------------------------------------------------------------------
class ResponseItemIn(Input):
    target: uuid.UUID = Field(description="a sub-goal's or commitment's uid in the proposal")
    disposition: Disposition
    text: str = Field("", pattern=NO_NUL, description="required for needs_dialogue and not_accepted")


class ResponseIn(Input):
    general: str = Field(min_length=1, pattern=NO_NUL)
    items: list[ResponseItemIn] = []
    lock_version: int | None = Field(None, ge=0, description="the draft's, when editing it (GET gives it)")


class ResponseItemOut(Schema):
    target: uuid.UUID
    title: str
    disposition: Disposition
    text: str

    @staticmethod
    def resolve_target(obj):
        return obj.target_uid

    @staticmethod
    def resolve_title(obj):
        return obj.target_title


class ResponseDetailOut(Schema):
    id: int
    state: ResponseState
    version: int
    general: str
    items: list[ResponseItemOut]
    lock_version: int
    content: dict = Field(description="R10: what the approver is shown; send it back as `shown_content` "
                                      "(canonical JSON) to be told what changed if it changed")
    content_sha256: str = Field(description="R10: send it back to approve what you were shown")

    @staticmethod
    def resolve_version(obj):
        return obj.version.number

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.order_by("position", "pk"))

    @staticmethod
    def resolve_content(obj):
        return responses.response_content(obj)

    @staticmethod
    def resolve_content_sha256(obj):
        return content_hash(responses.response_content(obj))


@router.post(
    "/{int:agreement_id}/responses", response={201: ResponseDetailOut, 200: ResponseDetailOut, **PROBLEM_RESPONSES}
)
def write_response(request, agreement_id: int, payload: ResponseIn):
    """Write the state's response to the proposal (201), or edit its draft (200, with its `lock_version`).
    Items name a sub-goal or commitment of the proposal; a target not in it is a 409."""
    agreement = get_agreement(request, agreement_id, "process.write_response")
    response = agreement.state_responses.filter(state=ResponseState.DRAFT).first()
    if response is None:
        responses.has_proposal.check(agreement)
    elif payload.lock_version != response.lock_version:
        raise Refused(
            [
                _("Someone else saved this response while you were writing (by %(user)s). Compare and save again.")
                % {"user": response.author}
            ],
            lock_version=response.lock_version,
        )
    version = response.version if response else responses.proposal_version(agreement)
    targets = responses.targets(version)
    known = {str(t["uid"]) for t in targets}
    unknown = [str(i.target) for i in payload.items if str(i.target) not in known]
    if unknown:
        raise Refused([_("Not a sub-goal or commitment of the proposal: %(uids)s.") % {"uids": ", ".join(unknown)}])
    data = {"general": payload.general}
    for item in payload.items:
        data[f"d_{item.target}"] = item.disposition
        data[f"t_{item.target}"] = item.text
    form = ResponseForm(data, targets=targets)
    valid_form(form)
    created = response is None
    response = responses.save_response(
        agreement, request.auth, form.cleaned_data["general"], form.items(), response=response, request=request
    )
    return Status(201 if created else 200, response)


@router.post(
    "/{int:agreement_id}/responses/{int:response_id}/publish", response={200: ResponseDetailOut, **PROBLEM_RESPONSES}
)
def publish_response(request, agreement_id: int, response_id: int):
    """Publish an approved response: the agreement is responded to."""
    agreement = get_agreement(request, agreement_id, "process.write_response")
    response = agreement.state_responses.filter(pk=response_id).first()
    if response is None:
        raise Http404
    responses.publish_response(response, request.auth, request)
    response.refresh_from_db()
    return response


# ---- Addenda (to an agreement in force) ----------------------------------------------------------------
class AddendumIn(Input):
    title: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    text: str = Field(min_length=1, pattern=NO_NUL)


class AddendumOut(Schema):
    number: int
    title: str
    text: str
    state: AddendumState
    sha256: str
    approved_at: datetime.datetime | None


def _addendum(request, agreement_id, number):
    agreement = get_agreement(request, agreement_id, "process.manage_addenda")
    addendum = agreement.addenda.filter(number=number).first()
    if addendum is None:
        raise Http404
    return addendum


@router.get("/{int:agreement_id}/addenda", response=list[AddendumOut])
@paginate(LimitOffsetPagination)
def list_addenda(request, agreement_id: int):
    agreement = get_agreement(request, agreement_id, "process.view_process")
    return agreement.addenda.order_by("number")


@router.post("/{int:agreement_id}/addenda", response={201: AddendumOut, **PROBLEM_RESPONSES})
def create_addendum(request, agreement_id: int, payload: AddendumIn):
    """A draft addendum to an approved agreement."""
    agreement = get_agreement(request, agreement_id, "process.manage_addenda")
    form = AddendumForm(payload.dict())
    valid_form(form)
    return Status(
        201,
        addenda.create_addendum(
            agreement, request.auth, form.cleaned_data["title"], form.cleaned_data["text"], request=request
        ),
    )


@router.post("/{int:agreement_id}/addenda/{int:number}/send", response={200: AddendumOut, **PROBLEM_RESPONSES})
def send_addendum(request, agreement_id: int, number: int):
    """Freeze the addendum's text (its hash is what the councils approve) and send it for approval."""
    return addenda.send_for_approval(_addendum(request, agreement_id, number), request.auth, request)


@router.post("/{int:agreement_id}/addenda/{int:number}/approve", response={200: AddendumOut, **PROBLEM_RESPONSES})
def approve_addendum(request, agreement_id: int, number: int):
    """R4: approved once every council and the government approved its text."""
    return addenda.approve_addendum(_addendum(request, agreement_id, number), request.auth, request)
