"""API for the process: transitions and anchoring decisions (mounted under /api/v1/agreements)."""

import datetime

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from bygdevekst.access.visibility import visible_agreements

from .domain.anchoring import record_decision
from .domain.transitions import transition
from .enums import Action, Body
from .models import AnchoringDecision
from .views.common import recordable_organisations

router = Router(tags=["process"])


class TransitionIn(Schema):
    action: Action
    comment: str = ""


class TransitionOut(Schema):
    id: int
    state: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None


class TransitionReasons(Schema):
    reasons: list[str]


class ProcessDetail(Schema):
    detail: str


class AnchoringDecisionOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    body: Body
    approves_proposal: bool
    gives_mandate: bool
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
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_version(obj):
        return obj.version_id

    @staticmethod
    def resolve_has_minutes(obj):
        return bool(obj.minutes)


class AnchoringDecisionIn(Schema):
    organisation: int
    body: Body
    approves_proposal: bool = False
    gives_mandate: bool = False
    final_approval: bool = False
    postponed: bool = False
    rejected: bool = False
    meeting_date: datetime.date
    case_number: str = ""
    decision_text: str = ""


def _agreement(request, agreement_id):
    return visible_agreements(request.auth).select_related("pilot__round").filter(pk=agreement_id).first()


@router.post("/{int:agreement_id}/transitions", response={200: TransitionOut, 403: ProcessDetail, 404: ProcessDetail, 409: TransitionReasons})
def post_transition(request, agreement_id: int, payload: TransitionIn):
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if not request.auth.has_perm(f"process.{payload.action}", agreement):
        return Status(403, {"detail": "You may not perform this action."})
    return transition(agreement, payload.action, request.auth, request=request, comment=payload.comment)


@router.get("/{int:agreement_id}/anchoring-decisions", response={200: list[AnchoringDecisionOut], 403: ProcessDetail, 404: ProcessDetail})
def list_decisions(request, agreement_id: int):
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if not request.auth.has_perm("process.view_process", agreement):
        return Status(403, {"detail": "You may not see the process of this agreement."})
    return list(AnchoringDecision.objects.filter(agreement=agreement).select_related("organisation"))


@router.post(
    "/{int:agreement_id}/anchoring-decisions",
    response={201: AnchoringDecisionOut, 400: TransitionReasons, 403: ProcessDetail, 404: ProcessDetail},
)
def create_decision(request, agreement_id: int, payload: Form[AnchoringDecisionIn], minutes: File[UploadedFile] = None):
    agreement = _agreement(request, agreement_id)
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    if not request.auth.has_perm("process.record_anchoring", agreement):
        return Status(403, {"detail": "You may not record decisions for this agreement."})
    from .forms import AnchoringDecisionForm

    data = payload.dict()
    form = AnchoringDecisionForm(
        {k: v for k, v in data.items() if v not in (False, None)},
        {"minutes": minutes} if minutes is not None else {},
        organisations=recordable_organisations(request.auth, agreement),
    )
    if not form.is_valid():
        return Status(400, {"reasons": [f"{field}: {e}" for field, errors in form.errors.items() for e in errors]})
    try:
        decision = record_decision(agreement, request.auth, request=request,
                                   **{k: form.cleaned_data[k] for k in form.Meta.fields if k in form.cleaned_data})
    except ValidationError as error:
        return Status(400, {"reasons": list(error.messages)})
    return Status(201, decision)
