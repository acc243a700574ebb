"""The plan page, its transitions, downloads and the spreadsheet import."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.core.refusals import on_refusal_return_to

from ..domain.gaps import plan_gaps
from ..domain.importing import import_plan
from ..domain.plans import adopt_plan, current_plan, ensure_plan, new_year_plan
from ..domain.present import plan_context
from ..domain.snapshot import plan_measures
from ..enums import MeasureStatus
from ..exports import docx_response, pdf_response, xlsx_response
from ..forms import ImportForm, NewYearForm
from ..models import MeasureStatusChange
from ..queries import agreement_for, plan_for
from .common import new_annual_meeting_url


@require_safe
def agreement_plan(request, pk):
    """The agreement's current plan, or an invitation to start one."""
    agreement = agreement_for(request.user, pk)
    plan = current_plan(agreement)
    if plan is not None:
        return redirect("actionplans:plan", plan.pk)
    return render(request, "actionplans/no_plan.html", {
        "agreement": agreement,
        "can_edit": request.user.has_perm("actionplans.edit_plan", agreement),
        "year": timezone.localdate().year,
    })


@require_POST
def start_plan(request, pk):
    agreement = agreement_for(request.user, pk, "actionplans.edit_plan")
    plan = ensure_plan(agreement, actor=request.user, request=request)
    return redirect("actionplans:plan", plan.pk)


@require_safe
def plan_detail(request, pk):
    plan = plan_for(request.user, pk)
    agreement = plan.agreement
    context = plan_context(plan, plan_measures(plan))
    current = current_plan(agreement)
    context.update({
        "hints": plan_gaps(plan, context["measures"]),
        "is_current": current.pk == plan.pk,
        "current": current,
        "revisions": agreement.action_plans.order_by("-year", "-revision"),
        "can_edit": request.user.has_perm("actionplans.edit_plan", agreement),
        "import_form": ImportForm(),
        "new_year_form": NewYearForm(initial={"year": plan.year + 1}),
        "new_meeting_url": new_annual_meeting_url(agreement) if request.user.has_perm("meetings.manage") else None,
    })
    return render(request, "actionplans/plan.html", context)


@require_POST
@on_refusal_return_to("actionplans:plan")
def adopt(request, pk):
    plan = plan_for(request.user, pk, "actionplans.edit_plan")
    adopt_plan(plan, actor=request.user, request=request)
    messages.success(request, _("The action plan is adopted."))
    return redirect("actionplans:plan", plan.pk)


@require_POST
@on_refusal_return_to("actionplans:plan")
def new_year(request, pk):
    plan = plan_for(request.user, pk, "actionplans.edit_plan")
    form = NewYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a plan year between 2000 and 2100."))
        return redirect("actionplans:plan", plan.pk)
    new = new_year_plan(plan, form.cleaned_data["year"], actor=request.user, request=request)
    messages.success(request, _("The action plan for %(year)s is started from this one.") % {"year": new.year})
    return redirect("actionplans:plan", new.pk)


@require_safe
def export_xlsx(request, pk):
    return xlsx_response(plan_for(request.user, pk), request)


@require_safe
def export_pdf(request, pk):
    return pdf_response(plan_for(request.user, pk), request)


@require_safe
def export_docx(request, pk):
    return docx_response(plan_for(request.user, pk), request)


def import_view(request, pk):
    """Upload an edited spreadsheet. All or nothing: any bad row and nothing is saved."""
    agreement = agreement_for(request.user, pk, "actionplans.edit_plan")
    plan = current_plan(agreement)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_plan(agreement, upload.read(), actor=request.user, request=request)
        if result.ok:
            if not result.changed:
                messages.info(request, _("The file matches the plan: nothing was changed."))
            elif result.new_revision:
                messages.success(request, _("Imported. The plan was frozen or adopted, so the changes are in "
                                            "a new revision (%(revision)s).") % {"revision": result.plan.revision})
            else:
                messages.success(request, _("Imported: %(added)s added, %(removed)s removed, %(changed)s changed.")
                                 % {"added": len(result.summary["added"]),
                                    "removed": len(result.summary["removed"]),
                                    "changed": len(result.summary["changed"])})
            return redirect("actionplans:plan", result.plan.pk)
        problems = result.problems
    # a file made from an older state of the plan is a conflict (409), as the API answers it; bad rows are 422
    status = 409 if problems and result.conflict else 422 if problems or form.errors else 200
    return render(request, "actionplans/import.html", {
        "agreement": agreement, "plan": plan, "form": form, "problems": problems,
    }, status=status)


@require_safe
def measure_history(request, pk):
    """One measure: its details, budget and status history across revisions."""
    from ..models import Measure

    measure = Measure.objects.select_related("plan", "responsible").filter(pk=pk).first()
    if measure is None:
        from django.http import Http404

        raise Http404
    plan = plan_for(request.user, measure.plan_id)
    history = MeasureStatusChange.objects.filter(agreement_id=plan.agreement_id, measure_uid=measure.uid).select_related(
        "changed_by")
    return render(request, "actionplans/measure.html", {
        "plan": plan, "agreement": plan.agreement, "measure": measure, "history": history,
        "lines": measure.budget_lines.select_related("organisation"),
        "can_edit": request.user.has_perm("actionplans.edit_plan", plan.agreement),
        "is_current": current_plan(plan.agreement).pk == plan.pk,
        "statuses": MeasureStatus.choices,
    })
