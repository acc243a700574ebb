"""API for the process: transitions and anchoring decisions (mounted under /api/v1/agreements).

A domain refusal (core.guards.Refused) answers 409 with its reasons, in one place: bygdevekst/api.py."""

import datetime
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.apierrors import NO_NUL, OrganisationOut, ProblemError
from bygdevekst.apiforms import FormInput, Input, pdf_parts, valid_form

from .api_records import RecordOut, ResponseDetailOut, WithdrawalIn
from .api_records import router as records_router
from .domain.anchoring import record_decision
from .domain.corrections import correct_decision, withdraw_decision
from .domain.response import approve_response
from .domain.transitions import transition
from .enums import Action, Body
from .models import AnchoringDecision
from .views.common import recordable_organisations

router = Router(tags=["process"])
router.add_router("", records_router)


class TransitionIn(Input):
    action: Action
    comment: str = ""
    # agree only: KDD's reason for agreeing without a held dialogue meeting or with items unsettled (R11)
    override_reason: str = ""


class TransitionOut(Schema):
    id: int
    state: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None


class TransitionReasons(Schema):
    reasons: list[str]


class ProcessDetail(Schema):
    detail: str


class AnchoringDecisionOut(RecordOut, OrganisationOut):
    id: int
    organisation: int
    organisation_name: str
    body: Body
    delegation: str
    approves_proposal: bool
    gives_mandate: bool
    mandate_to: str
    final_approval: bool
    postponed: bool
    rejected: bool
    meeting_date: datetime.date
    case_number: str
    decision_text: str
    version: int | None
    version_sha256: str
    has_minutes: bool

    @staticmethod
    def resolve_version(obj):
        return obj.version_id

    @staticmethod
    def resolve_has_minutes(obj):
        return bool(obj.minutes)




class AnchoringDecisionIn(FormInput):
    organisation: int
    body: Body
    delegation: str = ""
    approves_proposal: bool = False
    gives_mandate: bool = False
    # Only a delegated body receives a mandate; "" when none is given (a form field cannot carry null).
    mandate_to: Literal["", "ordforer", "formannskap"] = ""
    final_approval: bool = False
    postponed: bool = False
    rejected: bool = False
    meeting_date: datetime.date
    case_number: str = ""
    decision_text: str = ""


class AnchoringDecisionCorrectionIn(AnchoringDecisionIn):
    correction_reason: str = Field(min_length=1, pattern=NO_NUL)


def _agreement(request, agreement_id):
    return visible_agreements(request.auth).select_related("pilot__round").filter(pk=agreement_id).first()


@router.post("/{int:agreement_id}/transitions", response={200: TransitionOut, 403: ProcessDetail, 404: ProcessDetail, 409: TransitionReasons})
def post_transition(request, agreement_id: int, payload: TransitionIn):
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if not request.auth.has_perm(f"process.{payload.action}", agreement):
        return Status(403, {"detail": _("You may not perform this action.")})
    return transition(agreement, payload.action, request.auth, request=request, comment=payload.comment,
                      override_reason=payload.override_reason)


class ResponseApproveIn(Input):
    # R10: the SHA-256 of the response as the approver was shown it (GET .../responses/{id} gives it)
    shown_sha256: str
    shown_content: str = ""


ResponseOut = ResponseDetailOut  # with its items, lock_version and the hash to approve (R10)


def _response(request, agreement_id, response_id):
    agreement = _agreement(request, agreement_id)
    if agreement is None or not request.auth.has_perm("process.write_response", agreement):
        return agreement, None  # drafts are internal to KDD
    return agreement, agreement.state_responses.filter(pk=response_id).first()


@router.get("/{int:agreement_id}/responses/{int:response_id}",
            response={200: ResponseOut, 404: ProcessDetail})
def get_response(request, agreement_id: int, response_id: int):
    _agreement_, response = _response(request, agreement_id, response_id)
    if response is None:
        return Status(404, {"detail": "Not found"})
    return response


@router.post("/{int:agreement_id}/responses/{int:response_id}/approve",
             response={200: ResponseOut, 403: ProcessDetail, 404: ProcessDetail, 409: TransitionReasons})
def approve_state_response(request, agreement_id: int, response_id: int, payload: ResponseApproveIn):
    """Four eyes on what was shown (R10): 409 with the reasons, the current hash and the changes when the
    response is not what the hash says."""
    agreement, response = _response(request, agreement_id, response_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if response is None:
        if not request.auth.has_perm("process.approve_response", agreement):
            return Status(403, {"detail": _("You may not approve the state's response.")})
        return Status(404, {"detail": "Not found"})
    return approve_response(response, request.auth, request, shown_sha256=payload.shown_sha256,
                            shown_content=payload.shown_content)


@router.get("/{int:agreement_id}/anchoring-decisions", response=list[AnchoringDecisionOut])
@paginate(LimitOffsetPagination)
def list_decisions(request, agreement_id: int):
    """Every decision recorded, those corrected or withdrawn too (`record_status`)."""
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        raise Http404
    if not request.auth.has_perm("process.view_process", agreement):
        raise ProblemError(403, _("You may not see the process of this agreement."))
    return AnchoringDecision.objects.filter(agreement=agreement).select_related("organisation").order_by("pk")


def _decision_fields(request, agreement, data, minutes, organisations, require_minutes=True):
    """The shared form's cleaned fields; what it refuses in a schema-valid request is a 409 with its reasons
    (an organisation this caller does not record for, nothing ticked, a rejection that approves …)."""
    from .forms import AnchoringDecisionForm

    form = AnchoringDecisionForm(
        {k: v for k, v in data.items() if v not in (False, None)},
        {"minutes": minutes} if minutes is not None else {},
        organisations=organisations, require_minutes=require_minutes,
    )
    valid_form(form)
    return {k: form.cleaned_data[k] for k in form.Meta.fields if k in form.cleaned_data}


@router.post(
    "/{int:agreement_id}/anchoring-decisions",
    response={201: AnchoringDecisionOut, 403: ProcessDetail, 404: ProcessDetail},
    openapi_extra=pdf_parts("minutes"),
)
def create_decision(request, agreement_id: int, payload: Form[AnchoringDecisionIn], minutes: File[UploadedFile] = None):
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if not request.auth.has_perm("process.record_anchoring", agreement):
        return Status(403, {"detail": _("You may not record decisions for this agreement.")})
    fields = _decision_fields(request, agreement, payload.dict(), minutes,
                              recordable_organisations(request.auth, agreement))
    decision = record_decision(agreement, request.auth, request=request, **fields)
    return Status(201, decision)


def _decision(request, agreement_id, decision_id):
    """(agreement, decision, None) or (None, None, an error Status) for a correction."""
    agreement = _agreement(request, agreement_id)
    decision = agreement and AnchoringDecision.objects.filter(agreement=agreement, pk=decision_id).first()
    if not decision:
        return None, None, Status(404, {"detail": "Not found"})
    if not request.auth.has_perm("process.record_anchoring", agreement) or decision.organisation not in (
        recordable_organisations(request.auth, agreement)
    ):
        return None, None, Status(403, {"detail": _("You may not correct this decision.")})
    return agreement, decision, None


@router.post(
    "/{int:agreement_id}/anchoring-decisions/{int:decision_id}/correct",
    response={201: AnchoringDecisionOut, 403: ProcessDetail, 404: ProcessDetail},
    openapi_extra=pdf_parts("minutes"),
)
def correct_decision_api(request, agreement_id: int, decision_id: int, payload: Form[AnchoringDecisionCorrectionIn],
                         minutes: File[UploadedFile] = None):
    """R9: a new decision with the right facts supersedes this one; this one stays, marked corrected.
    Without new minutes the recorded minutes carry over."""
    agreement, decision, error = _decision(request, agreement_id, decision_id)
    if error is not None:
        return error
    data = payload.dict()
    reason = data.pop("correction_reason")
    fields = _decision_fields(request, agreement, data, minutes, [decision.organisation], require_minutes=False)
    fields["minutes"] = fields.get("minutes") or decision.minutes
    fields["addendum"] = decision.addendum
    new = correct_decision(decision, request.auth, reason, request=request, **fields)
    return Status(201, new)


@router.post(
    "/{int:agreement_id}/anchoring-decisions/{int:decision_id}/withdraw",
    response={200: AnchoringDecisionOut, 403: ProcessDetail, 404: ProcessDetail, 409: TransitionReasons},
)
def withdraw_decision_api(request, agreement_id: int, decision_id: int, payload: WithdrawalIn):
    """R9: the decision stops counting; it stays, marked withdrawn with the reason."""
    _agreement_, decision, error = _decision(request, agreement_id, decision_id)
    if error is not None:
        return error
    decision = withdraw_decision(decision, request.auth, payload.reason, request=request)
    decision.refresh_from_db()
    return decision
