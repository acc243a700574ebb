"""Action plans in the API: read the plan, export it as .xlsx, import an edited file (all or nothing).

Mounted at the API root, so the paths are /api/v1/agreements/{id}/action-plan/… beside the agreements
router's own paths.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.uploads import validate_xlsx_upload
from bygdevekst.apierrors import PROBLEM_RESPONSES, OrganisationOut, problem

from .domain.importing import import_plan
from .domain.plans import current_plan
from .domain.snapshot import plan_measures
from .exports import xlsx_response
from .queries import agreement_for, plan_for

router = Router(tags=["action plans"])


class BudgetOut(OrganisationOut):
    year: int
    source: str
    organisation: int | None
    planned: int
    spent: int


class MeasureOut(Schema):
    id: int
    uid: uuid.UUID
    number: int
    title: str
    description: str
    sub_goals: list[str]
    responsible: int | None
    cooperation_parties: list[int]
    start_year: int | None
    start_quarter: int | None
    end_year: int | None
    end_quarter: int | None
    indicator: str
    baseline: str
    target: str
    status: str
    budget: list[BudgetOut]

    @staticmethod
    def resolve_sub_goals(obj):
        return list(obj.sub_goal_uids)

    @staticmethod
    def resolve_responsible(obj):
        return obj.responsible_id

    @staticmethod
    def resolve_cooperation_parties(obj):
        return sorted(p.pk for p in obj.cooperation_parties.all())

    @staticmethod
    def resolve_budget(obj):
        return list(obj.budget_lines.all())


class PlanSummaryOut(Schema):
    id: int
    agreement: int
    year: int
    revision: int
    status: str
    version: int

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id

    @staticmethod
    def resolve_version(obj):
        return obj.lock_version


class PlanOut(PlanSummaryOut):
    measures: list[MeasureOut]

    @staticmethod
    def resolve_measures(obj):
        return list(plan_measures(obj))


class ImportOut(Schema):
    changed: bool
    new_revision: bool
    plan: PlanSummaryOut


def _guard(fn):
    """Map the access rules' exceptions onto problems (outsider 404, reader 403)."""
    try:
        return fn()
    except Http404:
        return problem(404)
    except PermissionDenied:
        return problem(403)


@router.get("/agreements/{int:agreement_id}/action-plans", response={200: list[PlanSummaryOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_plans(request, agreement_id: int):
    """{"items", "count"}, newest first; an outsider's 404 and a reader's 403 come from the API's handlers."""
    return agreement_for(request.auth, agreement_id).action_plans.order_by("-year", "-revision", "pk")


@router.get("/agreements/{int:agreement_id}/action-plan", response={200: PlanOut, **PROBLEM_RESPONSES})
def get_current_plan(request, agreement_id: int):
    def run():
        plan = current_plan(agreement_for(request.auth, agreement_id))
        return plan if plan is not None else problem(404, _("This agreement has no action plan yet."))

    return _guard(run)


@router.get("/action-plans/{int:plan_id}/measures", response={200: list[MeasureOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_measures(request, plan_id: int):
    return plan_measures(plan_for(request.auth, plan_id))


@router.get(
    "/agreements/{int:agreement_id}/action-plan/export.xlsx",
    response={200: None, **PROBLEM_RESPONSES},
    openapi_extra={"responses": {200: {"description": "The plan as an .xlsx workbook",
                                       "content": {"application/vnd.openxmlformats-officedocument"
                                                   ".spreadsheetml.sheet": {}}}}},
)
def export_xlsx(request, agreement_id: int):
    def run():
        plan = current_plan(agreement_for(request.auth, agreement_id))
        if plan is None:
            return problem(404, _("This agreement has no action plan yet."))
        return xlsx_response(plan, request, actor=request.auth)

    return _guard(run)


@router.post("/agreements/{int:agreement_id}/action-plan/import", response={200: ImportOut, 413: dict, **PROBLEM_RESPONSES})
def import_xlsx(request, agreement_id: int, file: UploadedFile = File(...)):  # noqa: B008  ninja's idiom
    def run():
        agreement = agreement_for(request.auth, agreement_id, "actionplans.edit_plan")
        try:
            validate_xlsx_upload(file)
        except ValidationError as error:
            if error.code == "too_large":
                return problem(413, " ".join(error.messages))
            # any other verdict comes back from import_plan (the same validator) as a 422 with its problems
        result = import_plan(agreement, file.read(), actor=request.auth, request=request)
        if result.conflict:  # exported from a plan that has changed since: a conflict, as one found under the lock
            return problem(409, _("The file was not imported; nothing was changed. Export the plan again."),
                           reasons=[p.message for p in result.problems], errors=[p.as_dict() for p in result.problems])
        if not result.ok:
            return problem(
                422, _("The file was not imported; nothing was changed. Correct these and try again."),
                errors=[p.as_dict() for p in result.problems],
            )
        return {"changed": result.changed, "new_revision": result.new_revision, "plan": result.plan}

    return _guard(run)




# The writes and the yearly reports add their operations to this router (one router, so a GET and a POST on the
# same path are one address); their own files keep this one small.
from . import api_measures, api_reports  # noqa: E402, F401
