"""API for meetings (/api/v1/meetings/): call a meeting for an agreement, edit it (optimistic lock; the minutes
are its `minutes` text), add participants and agenda items, record the outcomes (changing a recorded outcome
needs a reason, R9), cancel it. The same forms, permission (`meetings.manage`) and domain functions as the pages.
"""

import datetime
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.apierrors import NO_NUL, PROBLEM_RESPONSES, OrganisationOut, ProblemError
from bygdevekst.apiforms import Input, valid_form
from bygdevekst.core.guards import Refused

from .domain import meetings as actions
from .forms import AgendaItemForm, MeetingForm, OutcomeForm, ParticipantForm
from .models import ItemOutcome, MeetingKind, ParticipantCapacity
from .queries import visible_meetings

router = Router(tags=["meetings"])

Text = Field("", pattern=NO_NUL)
# A wall-clock time in Norway, as the page's time field takes it (JSON Schema's "time" format wants a UTC offset).
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


class ParticipantOut(OrganisationOut):
    id: int
    organisation: int
    organisation_name: str
    capacity: ParticipantCapacity
    representatives: str
    attended: bool


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    target_uid: uuid.UUID | None
    outcome: ItemOutcome
    outcome_text: str


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    agreement: int | None
    title: str
    date: datetime.date
    start_time: str | None = Field(None, pattern=TIME, description="HH:MM:SS, local time")
    end_time: str | None = Field(None, pattern=TIME, description="HH:MM:SS, local time")
    place: str
    video_url: str
    agenda: str
    minutes: str
    decisions: str
    cancelled: bool
    lock_version: int
    participants: list[ParticipantOut]
    items: list[AgendaItemOut]

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id

    @staticmethod
    def resolve_start_time(obj):
        return obj.start_time.isoformat() if obj.start_time else None

    @staticmethod
    def resolve_end_time(obj):
        return obj.end_time.isoformat() if obj.end_time else None

    @staticmethod
    def resolve_cancelled(obj):
        return obj.cancelled_at is not None

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.select_related("organisation").order_by("pk"))

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.order_by("position", "pk"))


class MeetingFields(Input):
    title: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    date: datetime.date
    start_time: str | None = Field(None, pattern=TIME, description="HH:MM or HH:MM:SS, local time")
    end_time: str | None = Field(None, pattern=TIME, description="after start_time")
    place: str = Field("", max_length=200, pattern=NO_NUL)
    video_url: str = Field("", max_length=200, pattern=NO_NUL, description="an https address, or empty")
    agenda: str = Text
    minutes: str = Field("", pattern=NO_NUL, description="the minutes, as text")
    decisions: str = Text


class MeetingIn(MeetingFields):
    kind: MeetingKind
    agreement: int = Field(ge=1)


class MeetingEditIn(MeetingFields):
    kind: MeetingKind
    lock_version: int = Field(ge=0)


class ParticipantIn(Input):
    organisation: int = Field(ge=1)
    capacity: ParticipantCapacity
    representatives: str = Field("", max_length=300, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    attended: bool = False


class AgendaItemIn(Input):
    title: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


class OutcomeIn(Input):
    item: int = Field(ge=1)
    outcome: ItemOutcome
    text: str = Text


class OutcomesIn(Input):
    """Every agenda item's outcome; an item not named keeps its recorded outcome."""

    outcomes: list[OutcomeIn]
    reason: str = Field("", pattern=NO_NUL, description="required when a recorded outcome changes (R9)")


def _form_data(payload):
    data = payload.dict()
    return {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _meeting(request, meeting_id, manage=True):
    meeting = visible_meetings(request.auth).select_related("agreement__pilot__round").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    if manage and not request.auth.has_perm("meetings.manage", meeting.agreement):
        raise ProblemError(403, _("You may not do this."))
    return meeting


@router.get("/", response=list[MeetingOut])
@paginate(LimitOffsetPagination)
def list_meetings(request, agreement: int | None = Query(None, ge=1)):
    """The meetings the caller may see (KDD every one; a pilot's people their pilot's and round-wide ones)."""
    qs = visible_meetings(request.auth).order_by("date", "pk")
    if agreement is not None:
        qs = qs.filter(agreement_id=agreement)
    return qs


@router.get("/{int:meeting_id}", response={200: MeetingOut, **PROBLEM_RESPONSES})
def get_meeting(request, meeting_id: int):
    return _meeting(request, meeting_id, manage=False)


@router.post("/", response={201: MeetingOut, **PROBLEM_RESPONSES})
def create_meeting(request, payload: MeetingIn):
    """Call a meeting for an agreement: its parties become participants (a dialogue meeting invites the county
    council as an independent elected body) and get an invitation if the meeting lies ahead (one dated before
    today is recorded as held, and nobody is e-mailed); the agenda is proposed from the process."""
    if not request.auth.has_perm("meetings.manage"):
        raise ProblemError(403, _("You may not do this."))
    agreement = visible_agreements(request.auth).select_related("pilot__round").filter(pk=payload.agreement).first()
    if agreement is None:
        raise Refused([_("There is no such agreement.")])
    form = MeetingForm(_form_data(payload))
    valid_form(form)
    meeting = actions.create_meeting(request.auth, form.cleaned_data, agreement=agreement, request=request)
    return Status(201, meeting)


@router.post("/{int:meeting_id}", response={200: MeetingOut, **PROBLEM_RESPONSES})
def edit_meeting(request, meeting_id: int, payload: MeetingEditIn):
    """Edit the meeting and its minutes, with the `lock_version` read; someone who saved first: 409."""
    meeting = _meeting(request, meeting_id)
    form = MeetingForm(_form_data(payload), instance=meeting)
    valid_form(form)
    if not actions.edit_meeting(meeting, request.auth, form.cleaned_data, payload.lock_version, request=request):
        meeting.refresh_from_db()
        raise Refused(
            [_("Someone else changed this meeting in the meantime, so nothing was saved. Read it again and save.")],
            lock_version=meeting.lock_version,
        )
    meeting.refresh_from_db()
    return meeting


@router.post("/{int:meeting_id}/participants", response={201: ParticipantOut, **PROBLEM_RESPONSES})
def add_participant(request, meeting_id: int, payload: ParticipantIn):
    """Add a participant; to an upcoming meeting that is not cancelled, it gets the invitation by e-mail."""
    meeting = _meeting(request, meeting_id)
    data = _form_data(payload)
    # The page's picker takes an organisation's label (or number); the API names it by id.
    labels = ParticipantForm.base_fields["organisation"].labels()
    data["organisation"] = labels.get(payload.organisation, "")
    form = ParticipantForm(data)
    valid_form(form)
    return Status(201, actions.add_participant(meeting, request.auth, form.save(commit=False), request=request))


@router.post("/{int:meeting_id}/items", response={201: AgendaItemOut, **PROBLEM_RESPONSES})
def add_item(request, meeting_id: int, payload: AgendaItemIn):
    meeting = _meeting(request, meeting_id)
    form = AgendaItemForm(payload.dict())
    valid_form(form)
    return Status(201, actions.add_agenda_item(meeting, request.auth, form.save(commit=False), request=request))


@router.post("/{int:meeting_id}/outcomes", response={200: MeetingOut, **PROBLEM_RESPONSES})
def record_outcomes(request, meeting_id: int, payload: OutcomesIn):
    """Record each agenda item's outcome; changing one already recorded needs `reason` (R9, logged)."""
    meeting = _meeting(request, meeting_id)
    items = list(meeting.items.all())
    by_id = {item.pk: item for item in items}
    unknown = [str(o.item) for o in payload.outcomes if o.item not in by_id]
    if unknown:
        raise Refused([_("Not an agenda item of this meeting: %(ids)s.") % {"ids": ", ".join(unknown)}])
    data = {"reason": payload.reason}
    for item in items:
        data[f"o_{item.pk}"], data[f"t_{item.pk}"] = item.outcome, item.outcome_text
    for o in payload.outcomes:
        data[f"o_{o.item}"], data[f"t_{o.item}"] = o.outcome, o.text
    form = OutcomeForm(data, items=items)
    valid_form(form)
    actions.record_outcomes(
        meeting,
        request.auth,
        {i: (form.cleaned_data[f"o_{i.pk}"], form.cleaned_data[f"t_{i.pk}"]) for i in items},
        request=request,
        reason=form.cleaned_data["reason"],
    )
    return meeting


@router.post("/{int:meeting_id}/cancel", response={200: MeetingOut, **PROBLEM_RESPONSES})
def cancel_meeting(request, meeting_id: int):
    """Cancel the meeting (the participants' calendars drop it, if its day lies ahead); already cancelled: 409."""
    meeting = _meeting(request, meeting_id)
    if not actions.cancel_meeting(meeting, request.auth, request=request):
        raise Refused([_("The meeting was already cancelled.")])
    return meeting


# Answers, minutes, documents and the calendar address add their operations to this router (one router, one
# address space); their own file keeps this one small.
from . import api_documents  # noqa: E402, F401
