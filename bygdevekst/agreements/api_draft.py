"""API for the living draft: read it, edit its overview and its parts by stable uid, freeze a named version.

Every write carries the `lock_version` the caller read (GET …/draft); someone who saved first makes it a 409
(Stale) with the current `lock_version`, and nothing is saved. Each write goes through the same shared form
(validation) and the same domain function as the editor's pages (`domain/editing`: `edit_overview`,
`save_element`, `move_element`, `remove_element`); freezing through `domain/versions.freeze_named_version`.
"""

import datetime
import uuid
from typing import Literal

from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.apierrors import NO_NUL, PROBLEM_RESPONSES, ProblemError
from bygdevekst.apiforms import Input, valid_form

from .api_versions import AgreementVersionOut
from .domain import editing
from .domain.versions import freeze_named_version
from .enums import CommitmentKind, PartyRole
from .forms import ELEMENT_FORMS, AgreementForm, FreezeForm
from .models import AgreementParty, Commitment, SubGoal

router = Router(tags=["draft"])

Kind = Literal["focus-area", "sub-goal", "commitment", "section"]
# kind in the path → (model, parent model, parent field, log name): the editor's own vocabulary
ELEMENTS = editing.element_kinds()


# ---- Output ------------------------------------------------------------------------------------
class CommitmentOut(Schema):
    uid: uuid.UUID
    code: str
    party: int
    party_name: str
    kind: CommitmentKind
    text: str
    amount_nok: int | None


class SubGoalOut(Schema):
    uid: uuid.UUID
    code: str
    title: str
    description: str
    cooperation_parties: list[int]
    commitments: list[CommitmentOut]


class FocusAreaOut(Schema):
    uid: uuid.UUID
    code: str
    title: str
    description: str
    sub_goals: list[SubGoalOut]


class SectionOut(Schema):
    uid: uuid.UUID
    title: str
    body: str


class DraftOut(Schema):
    id: int
    state: str
    lock_version: int
    title: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    purpose: str
    overall_goal: str
    focus_areas: list[FocusAreaOut]
    sections: list[SectionOut]


class ElementOut(Schema):
    kind: Kind
    uid: uuid.UUID
    lock_version: int


def draft_out(agreement):
    """The draft as the editor shows it, each focus area, sub-goal and commitment with its code ("2.1")."""
    focus_areas = agreement.focus_areas.order_by("position", "pk").prefetch_related(
        Prefetch(
            "sub_goals",
            queryset=SubGoal.objects.order_by("position", "pk").prefetch_related(
                Prefetch("commitments", queryset=Commitment.objects.select_related("party").order_by("position", "pk")),
                Prefetch("cooperation_parties", queryset=AgreementParty.objects.all()),
            ),
        )
    )
    out = []
    for i, fa in enumerate(focus_areas, 1):
        sub_goals = []
        for j, sg in enumerate(fa.sub_goals.all(), 1):
            sub_goals.append(
                {
                    "uid": sg.uid,
                    "code": f"{i}.{j}",
                    "title": sg.title,
                    "description": sg.description,
                    "cooperation_parties": [p.organisation_id for p in sg.cooperation_parties.all()],
                    "commitments": [
                        {
                            "uid": c.uid,
                            "code": f"{i}.{j}.{k}",
                            "party": c.party_id,
                            "party_name": c.party.name,
                            "kind": c.kind,
                            "text": c.text,
                            "amount_nok": c.amount_nok,
                        }
                        for k, c in enumerate(sg.commitments.all(), 1)
                    ],
                }
            )
        out.append(
            {"uid": fa.uid, "code": f"{i}", "title": fa.title, "description": fa.description, "sub_goals": sub_goals}
        )
    return {
        "id": agreement.pk,
        "state": agreement.state,
        "lock_version": agreement.lock_version,
        "title": agreement.title,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "purpose": agreement.purpose,
        "overall_goal": agreement.overall_goal,
        "focus_areas": out,
        "sections": [
            {"uid": s.uid, "title": s.title, "body": s.body} for s in agreement.sections.order_by("position", "pk")
        ],
    }


# ---- Input -------------------------------------------------------------------------------------
Text = Field(None, pattern=NO_NUL)


class OverviewIn(Input):
    """Only the fields sent change; `lock_version` as read from GET …/draft."""

    lock_version: int = Field(ge=0)
    title: str | None = Field(None, min_length=1, max_length=300, pattern=NO_NUL)
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    purpose: str | None = Text
    overall_goal: str | None = Text


class ElementIn(Input):
    """The fields of the part's kind (others are ignored): focus area and sub-goal `title`, `description`
    (a sub-goal also `cooperation_parties`: organisation ids of cooperation parties); commitment `party`
    (an organisation id of a party), `kind`, `text`, `amount_nok` (financial only); section `title`, `body`.
    To add, `parent` is the focus area's (sub-goal) or sub-goal's (commitment) uid. Only the fields sent change."""

    lock_version: int = Field(ge=0)
    parent: uuid.UUID | None = None
    title: str | None = Field(None, max_length=300, pattern=NO_NUL)
    description: str | None = Text
    body: str | None = Text
    text: str | None = Text
    party: int | None = Field(None, ge=1)
    kind: CommitmentKind | None = None
    amount_nok: int | None = Field(None, ge=0, le=2**63 - 1)
    cooperation_parties: list[int] | None = None


class LockIn(Input):
    lock_version: int = Field(ge=0)


class MoveIn(LockIn):
    direction: Literal["up", "down"]


class FreezeIn(LockIn):
    label: str = Field(min_length=1, max_length=200, pattern=NO_NUL)


# ---- Helpers -----------------------------------------------------------------------------------
def _agreement(request, agreement_id, perm):
    agreement = visible_agreements(request.auth).select_related("pilot__round").filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    if not request.auth.has_perm(perm, agreement):
        raise ProblemError(403, _("You may not do this."))
    return agreement


def _element(agreement, kind, uid):
    obj = ELEMENTS[kind][0].objects.filter(agreement=agreement, uid=uid).first()
    if obj is None:
        raise Http404
    return obj


def _form_data(form_class, instance, sent, agreement):
    """The form's data: what is stored, with what was sent over it (so a partial body changes only its fields)."""
    fields = list(form_class.Meta.fields)
    data = {k: v for k, v in model_to_dict(instance, fields=fields).items() if v is not None}
    for name in fields:
        if name in sent:
            data[name] = sent[name] if sent[name] is not None else ""
    if "cooperation_parties" in sent or (form_class is ELEMENT_FORMS["sub-goal"] and instance.pk):
        orgs = sent.get("cooperation_parties")
        parties = AgreementParty.objects.filter(agreement=agreement, role=PartyRole.COOPERATION_PARTY)
        if orgs is None:
            data["cooperation_parties"] = [p.pk for p in parties.filter(sub_goals=instance)] if instance.pk else []
        else:
            by_org = {p.organisation_id: p.pk for p in parties}
            data["cooperation_parties"] = [by_org.get(o, -o) for o in orgs]  # an unknown id stays invalid
    data["lock_version"] = sent["lock_version"]
    return data


# ---- Operations --------------------------------------------------------------------------------
@router.get("/{int:agreement_id}/draft", response={200: DraftOut, **PROBLEM_RESPONSES})
def get_draft(request, agreement_id: int):
    """The living draft with its `lock_version` (send it back with every edit)."""
    return draft_out(_agreement(request, agreement_id, "agreements.view_agreement"))


@router.post("/{int:agreement_id}/draft", response={200: DraftOut, **PROBLEM_RESPONSES})
def edit_overview(request, agreement_id: int, payload: OverviewIn):
    """Title, period, purpose and overall goal (the editor's "Title, period and goal")."""
    agreement = _agreement(request, agreement_id, "agreements.edit_draft")
    sent = payload.dict(exclude_unset=True)
    form = AgreementForm(_form_data(AgreementForm, agreement, sent, agreement), instance=agreement, agreement=agreement)
    valid_form(form)
    editing.edit_overview(agreement, request.auth, form, request)
    agreement.refresh_from_db()
    return draft_out(agreement)


def _save_element(request, agreement, kind, obj, sent, created):
    form_class = ELEMENT_FORMS[kind]
    form = form_class(_form_data(form_class, obj, sent, agreement), instance=obj, agreement=agreement)
    valid_form(form)
    instance = editing.save_element(agreement, request.auth, kind, form, created, request)
    return {"kind": kind, "uid": instance.uid, "lock_version": agreement.lock_version}


@router.post("/{int:agreement_id}/draft/{kind}/", response={201: ElementOut, **PROBLEM_RESPONSES})
def add_element(request, agreement_id: int, kind: Kind, payload: ElementIn):
    """Add a focus area, sub-goal (under `parent`, a focus area's uid), commitment (under `parent`, a
    sub-goal's uid) or section, at the end. A `parent` that is not in this draft: 409."""
    from bygdevekst.core.guards import Refused

    agreement = _agreement(request, agreement_id, "agreements.edit_draft")
    model, parent_model, parent_field, _log = ELEMENTS[kind]
    if parent_model is not None:
        parent = (
            parent_model.objects.filter(agreement=agreement, uid=payload.parent).first() if payload.parent else None
        )
        if parent is None:
            raise Refused(
                [
                    _("Name the part of this draft to add this under (parent): %(kind)s.")
                    % {"kind": parent_model._meta.verbose_name}
                ]
            )
        obj = model(**{parent_field: parent})
    else:
        obj = model(agreement=agreement)
    return Status(201, _save_element(request, agreement, kind, obj, payload.dict(exclude_unset=True), True))


@router.post("/{int:agreement_id}/draft/{kind}/{uuid:uid}", response={200: ElementOut, **PROBLEM_RESPONSES})
def edit_element(request, agreement_id: int, kind: Kind, uid: uuid.UUID, payload: ElementIn):
    """Edit a part by its stable uid; only the fields sent change."""
    agreement = _agreement(request, agreement_id, "agreements.edit_draft")
    obj = _element(agreement, kind, uid)
    return _save_element(request, agreement, kind, obj, payload.dict(exclude_unset=True), False)


@router.post("/{int:agreement_id}/draft/{kind}/{uuid:uid}/move", response={200: ElementOut, **PROBLEM_RESPONSES})
def move_element(request, agreement_id: int, kind: Kind, uid: uuid.UUID, payload: MoveIn):
    """Swap a part with its neighbour up or down among its siblings."""
    agreement = _agreement(request, agreement_id, "agreements.edit_draft")
    obj = _element(agreement, kind, uid)
    editing.move_element(agreement, request.auth, kind, obj, payload.direction, payload.lock_version, request)
    return {"kind": kind, "uid": obj.uid, "lock_version": agreement.lock_version}


@router.post("/{int:agreement_id}/draft/{kind}/{uuid:uid}/remove", response={200: LockIn, **PROBLEM_RESPONSES})
def remove_element(request, agreement_id: int, kind: Kind, uid: uuid.UUID, payload: LockIn):
    """Remove a part (and what is under it) from the draft; frozen versions keep it."""
    agreement = _agreement(request, agreement_id, "agreements.edit_draft")
    obj = _element(agreement, kind, uid)
    editing.remove_element(agreement, request.auth, kind, obj, payload.lock_version, request)
    return {"lock_version": agreement.lock_version}


class FrozenOut(AgreementVersionOut):
    created: bool
    lock_version: int


@router.post("/{int:agreement_id}/draft/freeze", response={201: FrozenOut, 200: FrozenOut, **PROBLEM_RESPONSES})
def freeze(request, agreement_id: int, payload: FreezeIn):
    """Freeze the draft as a named version (201); text identical to the latest version makes none (200, that
    version, `created` false)."""
    agreement = _agreement(request, agreement_id, "agreements.freeze_version")
    form = FreezeForm({"label": payload.label, "lock_version": payload.lock_version})
    valid_form(form)
    version, created = freeze_named_version(
        agreement, request.auth, form.cleaned_data["label"], payload.lock_version, request
    )
    version.created = created
    version.lock_version = agreement.lock_version
    return Status(201 if created else 200, version)
