"""Action plans in the API, the writes: start, adopt and a new plan year; measures, their status (with its
history) and budget lines. Each operation runs the web form's own Django form and the same domain function
as the page (actionplans/views): the same permission (`actionplans.edit_plan`), the same checks, the same log.

A change to a frozen or adopted plan goes into a new revision, as on the page: a measure's or a budget line's id
from an older revision still finds it (by its uid in the current plan), and the answer carries the new ids.
"""

import datetime
import uuid

from django.http import Http404
from ninja import Field, Schema, Status

from bygdevekst.apierrors import PROBLEM_RESPONSES, OrganisationOut
from bygdevekst.apiforms import NO_NUL, NOT_BLANK, Input, WholeInt, form_data, valid_form, whole

from . import limits
from .api import MeasureOut, PlanSummaryOut, router
from .domain.measures import delete_budget_line, delete_measure, save_budget_line, save_measure, set_measure_status
from .domain.plans import adopt_plan, current_plan, ensure_plan, new_year_plan
from .enums import FundingSource, MeasureStatus
from .forms import BudgetLineForm, MeasureForm, NewYearForm, StatusForm
from .models import BudgetLine, MeasureStatusChange
from .queries import agreement_for, plan_for
from .views.common import current_line, current_measure

EDIT = "actionplans.edit_plan"


# ---- Schemas --------------------------------------------------------------------------------------------
class MeasureIn(Input):
    """A measure as the page's form takes it. Without `number` a new measure gets the next free one."""

    number: whole(1, 32767) | None = Field(None)
    title: str = Field(min_length=1, max_length=300, pattern=NOT_BLANK)
    description: str = Field("", max_length=limits.MAX_DESCRIPTION, pattern=NO_NUL)
    sub_goals: list[uuid.UUID] = Field(
        default_factory=list, max_length=200, description="The stable uids of the agreement's sub-goals it serves"
    )
    responsible: whole(1) | None = Field(None, description="An organisation that is a party to the agreement")
    cooperation_parties: list[WholeInt] = Field(default_factory=list, max_length=200)
    start_year: whole(2000, 2100) | None = Field(None)
    start_quarter: whole(1, 4) | None = Field(None)
    end_year: whole(2000, 2100) | None = Field(None)
    end_quarter: whole(1, 4) | None = Field(None)
    indicator: str = Field("", max_length=500, pattern=NO_NUL)
    baseline: str = Field("", max_length=200, pattern=NO_NUL)
    target: str = Field("", max_length=200, pattern=NO_NUL)
    # The measure's version the caller started from (optimistic lock, edits only): 409 if someone saved first.
    lock_version: whole(1, 2**31 - 1) | None = Field(None)


class StatusIn(Input):
    status: MeasureStatus
    note: str = Field("", max_length=500, pattern=NO_NUL)


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    note: str
    changed_by: str | None
    changed_at: datetime.datetime

    @staticmethod
    def resolve_changed_by(obj):
        return (obj.changed_by.get_full_name() or obj.changed_by.username) if obj.changed_by else None


class MeasureDetailOut(MeasureOut):
    plan: int
    lock_version: int
    status_history: list[StatusChangeOut]

    @staticmethod
    def resolve_plan(obj):
        return obj.plan_id

    @staticmethod
    def resolve_status_history(obj):
        return list(
            MeasureStatusChange.objects.filter(agreement_id=obj.plan.agreement_id, measure_uid=obj.uid).select_related(
                "changed_by"
            )
        )


class BudgetLineIn(Input):
    year: WholeInt = Field(ge=2000, le=2100)
    source: FundingSource
    organisation: whole(1) | None = Field(None, description="The municipality, for a municipality's own share only")
    planned: WholeInt = Field(0, ge=0, le=2**63 - 1)
    spent: WholeInt = Field(0, ge=0, le=2**63 - 1)
    lock_version: whole(1, 2**31 - 1) | None = Field(None)


class BudgetLineOut(OrganisationOut):
    id: int
    measure: int
    year: int
    source: str
    organisation: int | None
    planned: int
    spent: int
    lock_version: int

    @staticmethod
    def resolve_measure(obj):
        return obj.measure_id


class NewYearIn(Input):
    year: WholeInt = Field(ge=2000, le=2100)


# ---- Helpers ---------------------------------------------------------------------------------------------
def _measure_out(measure):
    from .domain.snapshot import plan_measures

    return plan_measures(measure.plan).select_related("plan").get(pk=measure.pk)


def _line_after(plan, measure, saved):
    """The saved line as it stands now in the agreement's current plan."""
    current = current_plan(plan.agreement)
    return (
        BudgetLine.objects.filter(
            measure__plan=current,
            measure__uid=measure.uid,
            year=saved.year,
            source=saved.source,
            organisation_id=saved.organisation_id,
        ).first()
        or saved
    )


# ---- Plans ----------------------------------------------------------------------------------------------
@router.post("/agreements/{int:agreement_id}/action-plan", response={200: PlanSummaryOut, **PROBLEM_RESPONSES})
def start_plan(request, agreement_id: int):
    """The agreement's current plan; started (an empty draft for this year) if it has none yet."""
    agreement = agreement_for(request.auth, agreement_id, EDIT)
    return ensure_plan(agreement, actor=request.auth, request=request)


@router.post("/action-plans/{int:plan_id}/adopt", response={200: PlanSummaryOut, **PROBLEM_RESPONSES})
def adopt(request, plan_id: int):
    plan = plan_for(request.auth, plan_id, EDIT)
    return adopt_plan(plan, actor=request.auth, request=request)


@router.post("/action-plans/{int:plan_id}/new-year", response={201: PlanSummaryOut, **PROBLEM_RESPONSES})
def new_year(request, plan_id: int, payload: NewYearIn):
    plan = plan_for(request.auth, plan_id, EDIT)
    form = valid_form(NewYearForm(form_data(payload)))
    return Status(201, new_year_plan(plan, form.cleaned_data["year"], actor=request.auth, request=request))


# ---- Measures -------------------------------------------------------------------------------------------
@router.post("/action-plans/{int:plan_id}/measures", response={201: MeasureDetailOut, **PROBLEM_RESPONSES})
def create_measure(request, plan_id: int, payload: MeasureIn):
    plan = plan_for(request.auth, plan_id, EDIT)
    plan = current_plan(plan.agreement)  # never into an old revision (the page redirects to the current one)
    data = form_data(payload)
    data.pop("lock_version", None)
    if "number" not in data:
        last = plan.measures.order_by("-number").first()
        data["number"] = str(last.number + 1 if last else 1)
    form = valid_form(MeasureForm(data, plan=plan))
    saved = save_measure(plan, form, actor=request.auth, request=request)
    return Status(201, _measure_out(saved))


@router.get("/action-plans/measures/{int:measure_id}", response={200: MeasureDetailOut, **PROBLEM_RESPONSES})
def get_measure(request, measure_id: int):
    """A measure of any revision, with its status history across revisions."""
    from .models import Measure

    measure = Measure.objects.filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    plan_for(request.auth, measure.plan_id)
    return _measure_out(measure)


@router.post("/action-plans/measures/{int:measure_id}", response={200: MeasureDetailOut, **PROBLEM_RESPONSES})
def update_measure(request, measure_id: int, payload: MeasureIn):
    """Every field, as the page's form sends them (a field left out is emptied); `lock_version` from the GET."""
    plan, measure = current_measure(request, measure_id)
    data = form_data(payload)
    data.setdefault("number", str(measure.number))
    form = valid_form(MeasureForm(data, instance=measure, plan=plan))
    saved = save_measure(plan, form, measure=measure, actor=request.auth, request=request)
    return _measure_out(saved)


@router.post("/action-plans/measures/{int:measure_id}/delete", response={200: PlanSummaryOut, **PROBLEM_RESPONSES})
def remove_measure(request, measure_id: int):
    """Removes the measure from the working revision; answers with that plan."""
    plan, measure = current_measure(request, measure_id)
    return delete_measure(plan, measure, actor=request.auth, request=request)


@router.post("/action-plans/measures/{int:measure_id}/status", response={200: MeasureDetailOut, **PROBLEM_RESPONSES})
def change_measure_status(request, measure_id: int, payload: StatusIn):
    """Follow-up: allowed on an adopted plan too; the change is kept in the measure's status history."""
    plan, measure = current_measure(request, measure_id)
    form = valid_form(StatusForm(form_data(payload)))
    saved = set_measure_status(
        plan, measure, form.cleaned_data["status"], note=form.cleaned_data["note"], actor=request.auth, request=request
    )
    return _measure_out(saved)


# ---- Budget lines ---------------------------------------------------------------------------------------
@router.post("/action-plans/measures/{int:measure_id}/budget-lines", response={201: BudgetLineOut, **PROBLEM_RESPONSES})
def create_budget_line(request, measure_id: int, payload: BudgetLineIn):
    plan, measure = current_measure(request, measure_id)
    data = form_data(payload)
    data.pop("lock_version", None)
    form = valid_form(BudgetLineForm(data, agreement=plan.agreement, measure=measure))
    saved = save_budget_line(plan, measure, form, actor=request.auth, request=request)
    return Status(201, _line_after(plan, measure, saved))


@router.post("/action-plans/budget-lines/{int:line_id}", response={200: BudgetLineOut, **PROBLEM_RESPONSES})
def update_budget_line(request, line_id: int, payload: BudgetLineIn):
    plan, measure, line = current_line(request, line_id)
    form = valid_form(BudgetLineForm(form_data(payload), instance=line, agreement=plan.agreement, measure=measure))
    saved = save_budget_line(plan, measure, form, line=line, actor=request.auth, request=request)
    return _line_after(plan, measure, saved)


@router.post("/action-plans/budget-lines/{int:line_id}/delete", response={200: PlanSummaryOut, **PROBLEM_RESPONSES})
def remove_budget_line(request, line_id: int):
    plan, _measure, line = current_line(request, line_id)
    return delete_budget_line(plan, line, actor=request.auth, request=request)
