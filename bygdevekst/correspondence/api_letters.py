"""Letters in the API, as on KDD's letter pages (correspondence/views_letters.py): draft one (the address list of
R8 is set for it), change its recipients, approve it with the hash of what the approver was shown (R10: four
eyes on that content; approval registers, renders and sends in one step, as on the page), follow its
deliveries and send a failed one again. The same forms, domain functions and permissions as the pages.

Letters are KDD's working material: anyone else gets 404, as on the pages.
"""

import datetime

from django.http import Http404
from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import StrictBool

from bygdevekst.access.permissions import refusal_reason
from bygdevekst.access.visibility import visible_letters
from bygdevekst.apierrors import PROBLEM_RESPONSES, FailureOut
from bygdevekst.apiforms import NO_NUL, NOT_BLANK, Input, WholeInt, form_data, valid_form, whole
from bygdevekst.core.failures import Failure
from bygdevekst.core.guards import reasons_against
from bygdevekst.core.shown import content_hash

from .api import router
from .domain.letters import approve_and_send, change_recipients, compose, letter_content
from .enums import LetterState, PartyRole
from .forms import SIGNATORY_ROWS, LetterForm, RecipientsForm
from .guards import APPROVAL
from .models import Delivery
from .tasks import send_again

COMPOSE = "correspondence.compose_letter"


# ---- Schemas --------------------------------------------------------------------------------------------
class SignatoryIn(Schema):
    name: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    on_behalf: StrictBool = Field(False, description="Signs on delegated authority (e.f.)")


class LetterIn(Input):
    round: WholeInt = Field(ge=1, description="The round's id")
    pilot: whole(1) | None = Field(None, description="One pilot of the round; none: every pilot of the round")
    title: str = Field(min_length=1, max_length=300, pattern=NOT_BLANK)
    body: str = Field(min_length=1, max_length=50000, pattern=NOT_BLANK)
    body_nn: str = Field("", max_length=50000, pattern=NO_NUL)
    their_reference: str = Field("", max_length=100, pattern=NO_NUL)
    case_officer: whole(1) | None = Field(None, description="A KDD case officer's user id; none: yourself")
    case_officer_phone: str = Field("", max_length=40, pattern=NO_NUL)
    signatories: list[SignatoryIn] = Field(min_length=1, max_length=SIGNATORY_ROWS)


class RecipientsIn(Input):
    recipients: list[WholeInt] = Field(min_length=1, max_length=500)
    copies: list[WholeInt] = Field(default_factory=list, max_length=500)
    lock_version: WholeInt = Field(ge=1, le=2**31 - 1, description="The letter's lock_version from its GET")


class ApproveIn(Input):
    # R10: the SHA-256 of the letter as the approver was shown it (its GET gives `content_sha256` and `content`)
    shown_sha256: str = Field(max_length=64, pattern=NO_NUL)
    shown_content: str = Field("", max_length=50000, pattern=NO_NUL)


class OrgRef(Schema):
    id: int
    name: str


class SignatoryOut(Schema):
    name: str
    title: str
    on_behalf: bool


class DeliveryOut(FailureOut):
    id: int
    letter: int
    organisation: OrgRef
    role: str
    transport: str
    status: str
    attempts: int
    # why the last attempt failed: a stable code and its reason in the reader's language (null: no failure);
    # the technical text is for the operators only (server log, admin)
    failure: Failure | None = Field(description="why the last attempt failed (a stable code); null when it did not")
    error: str | None = Field(description="the failure in words, in the reader's language; null when none")
    sent_at: datetime.datetime | None

    @staticmethod
    def resolve_letter(obj):
        return obj.letter_id


def _parties(letter, role):
    return [r.organisation for r in letter.recipients.select_related("organisation").order_by("organisation__name")
            if r.role == role]


class LetterOut(Schema):
    id: int
    round: int
    pilot: int | None
    title: str
    body: str
    body_nn: str
    their_reference: str
    case_officer: int
    case_officer_phone: str
    state: str
    created_by: int
    approved_by: int | None
    approved_at: datetime.datetime | None
    letter_date: datetime.date | None
    registry_entry: int | None
    lock_version: int
    recipients: list[OrgRef]
    copies: list[OrgRef]
    signatories: list[SignatoryOut]
    content: dict
    content_sha256: str

    @staticmethod
    def resolve_round(obj):
        return obj.round_id

    @staticmethod
    def resolve_pilot(obj):
        return obj.pilot_id

    @staticmethod
    def resolve_case_officer(obj):
        return obj.case_officer_id

    @staticmethod
    def resolve_created_by(obj):
        return obj.created_by_id

    @staticmethod
    def resolve_approved_by(obj):
        return obj.approved_by_id

    @staticmethod
    def resolve_registry_entry(obj):
        return obj.registry_entry_id

    @staticmethod
    def resolve_recipients(obj):
        return _parties(obj, PartyRole.RECIPIENT)

    @staticmethod
    def resolve_copies(obj):
        return _parties(obj, PartyRole.COPY_RECIPIENT)

    @staticmethod
    def resolve_signatories(obj):
        return list(obj.signatories.all())

    @staticmethod
    def resolve_content(obj):
        return letter_content(obj)

    @staticmethod
    def resolve_content_sha256(obj):
        return content_hash(letter_content(obj))


class LetterDetailOut(LetterOut):
    approval_reasons: list[str] = Field(description="What stands in the way of your approving it now")


# ---- Helpers --------------------------------------------------------------------------------------------
def _letters(user):
    if not user.has_perm(COMPOSE):
        raise Http404  # KDD's working material: no one else is told it exists (as on the pages)
    return visible_letters(user).select_related("round", "pilot", "case_officer", "created_by", "approved_by")


def _letter(request, letter_id):
    letter = _letters(request.auth).filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return letter


def _detail(letter, user):
    letter.approval_reasons = [str(r) for r in reasons_against(letter, *APPROVAL, user=user)] if letter.is_draft else []
    return letter


def _may(user, perm, letter):
    """The permission as on the page; a guard that fails is left to the domain (409 with every reason)."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, letter) and not refusal_reason(user, perm, letter):
        raise PermissionDenied


# ---- Operations -----------------------------------------------------------------------------------------
@router.get("/letters/", response={200: list[LetterOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_letters(request, state: LetterState | None = None):
    qs = _letters(request.auth).order_by("-created_at", "-pk")
    if state:
        qs = qs.filter(state=state)
    return qs


@router.post("/letters/", response={201: LetterDetailOut, **PROBLEM_RESPONSES})
def create_letter(request, payload: LetterIn):
    """A draft with the address list of R8; a colleague approves it."""
    _letters(request.auth)
    data = form_data(payload)
    data.pop("signatories")
    data.setdefault("case_officer", str(request.auth.pk))
    for i, signatory in enumerate(payload.signatories, start=1):
        data.update({f"signatory_{i}_name": signatory.name, f"signatory_{i}_title": signatory.title})
        if signatory.on_behalf:
            data[f"signatory_{i}_on_behalf"] = "on"
    form = valid_form(LetterForm(data))
    cleaned = form.cleaned_data
    letter = compose(
        round_=cleaned["round"],
        pilot=cleaned["pilot"],
        author=request.auth,
        title=cleaned["title"],
        body=cleaned["body"],
        body_nn=cleaned["body_nn"],
        their_reference=cleaned["their_reference"],
        case_officer=cleaned["case_officer"],
        case_officer_phone=cleaned["case_officer_phone"],
        signatories=form.signatories(),
        request=request,
    )
    return Status(201, _detail(_letter(request, letter.pk), request.auth))


@router.get("/letters/{int:letter_id}", response={200: LetterDetailOut, **PROBLEM_RESPONSES})
def get_letter(request, letter_id: int):
    return _detail(_letter(request, letter_id), request.auth)


@router.post("/letters/{int:letter_id}/recipients", response={200: LetterDetailOut, **PROBLEM_RESPONSES})
def change_letter_recipients(request, letter_id: int, payload: RecipientsIn):
    """The address list of a draft (organisations of the letter's round or pilot)."""
    letter = _letter(request, letter_id)
    _may(request.auth, "correspondence.edit_letter", letter)
    form = valid_form(RecipientsForm(form_data(payload), letter=letter))
    change_recipients(
        letter,
        list(form.cleaned_data["recipients"]),
        list(form.cleaned_data["copies"]),
        lock_version=form.cleaned_data["lock_version"],
        actor=request.auth,
        request=request,
    )
    return _detail(_letter(request, letter_id), request.auth)


@router.post("/letters/{int:letter_id}/approve", response={200: LetterDetailOut, **PROBLEM_RESPONSES})
def approve_letter(request, letter_id: int, payload: ApproveIn):
    """Four eyes (R10): approve what you were shown. Registers, renders and queues the deliveries. 409 with the
    reasons (you wrote it, no recipients, already sent), or — when the letter changed since the hash was taken
    — with `current_sha256` and the `changes`."""
    letter = _letter(request, letter_id)
    _may(request.auth, "correspondence.approve_letter", letter)
    approve_and_send(
        letter, request.auth, request=request, shown_sha256=payload.shown_sha256, shown_content=payload.shown_content
    )
    return _detail(_letter(request, letter_id), request.auth)


@router.get("/letters/{int:letter_id}/deliveries", response={200: list[DeliveryOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_deliveries(request, letter_id: int):
    letter = _letter(request, letter_id)
    return letter.deliveries.select_related("organisation").order_by("role", "organisation__name", "pk")


@router.get("/deliveries/{int:delivery_id}", response={200: DeliveryOut, **PROBLEM_RESPONSES})
def get_delivery(request, delivery_id: int):
    delivery = (
        Delivery.objects.select_related("organisation")
        .filter(pk=delivery_id, letter__in=_letters(request.auth))
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


@router.post("/deliveries/{int:delivery_id}/send-again", response={200: DeliveryOut, **PROBLEM_RESPONSES})
def send_delivery_again(request, delivery_id: int):
    """A failed delivery (or one that gave up) is queued once more; 409 for any other."""
    delivery = get_delivery(request, delivery_id)
    if not request.auth.has_perm("correspondence.send_again", delivery.letter):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    send_again(delivery, actor=request.auth, request=request)
    return Delivery.objects.select_related("organisation").get(pk=delivery.pk)
