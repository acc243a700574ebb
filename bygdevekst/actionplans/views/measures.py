"""Adding, editing and removing measures and budget lines (the pilot's project manager)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from bygdevekst.core.guards import Stale

from ..domain.measures import (
    delete_budget_line,
    delete_measure,
    save_budget_line,
    save_measure,
    set_measure_status,
)
from ..domain.plans import current_plan
from ..enums import MeasureStatus
from ..forms import BudgetLineForm, MeasureForm, StatusForm
from ..models import MeasureStatusChange
from ..queries import plan_for
from .common import current_line, current_measure


def _conflict_fields(form, current):
    """The fields whose stored value now differs from what the user sent, with the stored value."""
    result = []
    for name, field in form.fields.items():
        if name in ("lock_version",) or name not in form.cleaned_data:
            continue
        stored = getattr(current, name, None) if name != "sub_goals" else current.sub_goal_uids
        if hasattr(stored, "all"):
            stored = list(stored.all())
        sent = form.cleaned_data[name]
        if hasattr(sent, "all"):
            sent = list(sent)
        if name == "sub_goals":
            sent = sorted(sent)
            stored = sorted(stored)
        if stored != sent:
            result.append((field.label, ", ".join(str(s) for s in stored) if isinstance(stored, list) else stored))
    return result


def measure_form(request, pk=None, plan_pk=None):
    if pk is not None:
        plan, measure = current_measure(request, pk)
    else:
        plan = plan_for(request.user, plan_pk, "actionplans.edit_plan")
        if current_plan(plan.agreement).pk != plan.pk:
            return redirect("actionplans:measure_add", current_plan(plan.agreement).pk)
        measure = None
    form = MeasureForm(request.POST or None, instance=measure, plan=plan)
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save_measure(plan, form, measure=measure, actor=request.user, request=request)
            except Stale as exc:  # the person's input is kept, beside what is stored now
                exc.current.refresh_from_db()
                conflict = _conflict_fields(form, exc.current)
                status = 409
            else:
                messages.success(request, _("Measure %(number)s is saved.") % {"number": saved.number})
                return redirect("actionplans:plan", saved.plan_id)
        else:
            status = 422
    return render(request, "actionplans/measure_form.html", {
        "plan": plan, "agreement": plan.agreement, "measure": measure, "form": form, "conflict": conflict,
    }, status=status)


@require_POST
def measure_delete(request, pk):
    plan, measure = current_measure(request, pk)
    target = delete_measure(plan, measure, actor=request.user, request=request)
    messages.success(request, _("Measure %(number)s is removed.") % {"number": measure.number})
    return redirect("actionplans:plan", target.pk)


@require_POST
def measure_status(request, pk):
    plan, measure = current_measure(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _status_answer(request, measure, error=_("Choose a valid status."))
        messages.error(request, _("Choose a valid status."))
        return redirect("actionplans:measure", measure.pk)
    saved = set_measure_status(plan, measure, form.cleaned_data["status"], note=form.cleaned_data["note"],
                               actor=request.user, request=request)
    notice = _("Measure %(number)s now has the status “%(status)s”.") % {
        "number": saved.number, "status": saved.get_status_display()}
    if request.htmx:
        if saved.pk != measure.pk:  # the change made a new revision: the page itself is another one now
            messages.success(request, notice)
            return HttpResponseClientRedirect(reverse("actionplans:measure", args=[saved.pk]))
        return _status_answer(request, saved, notice=notice)
    messages.success(request, notice)
    return redirect("actionplans:measure", saved.pk)


def _status_answer(request, measure, **outcome):
    """htmx: the status form, and out of band the status shown in the facts and the status history."""
    history = MeasureStatusChange.objects.filter(
        agreement_id=measure.plan.agreement_id, measure_uid=measure.uid).select_related("changed_by")
    return render(request, "actionplans/_status_changed.html", {
        "measure": measure, "history": history, "statuses": MeasureStatus.choices, **outcome,
    })


def budget_form(request, pk=None, measure_pk=None):
    if pk is not None:
        plan, measure, line = current_line(request, pk)
    else:
        plan, measure = current_measure(request, measure_pk)
        line = None
    form = BudgetLineForm(request.POST or None, instance=line, agreement=plan.agreement, measure=measure)
    conflict, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save_budget_line(plan, measure, form, line=line, actor=request.user, request=request)
            except Stale as exc:  # the person's input is kept, beside what is stored now
                exc.current.refresh_from_db()
                conflict = _conflict_fields(form, exc.current)
                status = 409
            else:
                messages.success(request, _("The budget of measure %(number)s is saved.") % {"number": measure.number})
                return redirect("actionplans:plan", current_plan(plan.agreement).pk)
        else:
            status = 422
    return render(request, "actionplans/budget_form.html", {
        "plan": plan, "agreement": plan.agreement, "measure": measure, "line": line, "form": form,
        "conflict": conflict,
    }, status=status)


@require_POST
def budget_delete(request, pk):
    plan, measure, line = current_line(request, pk)
    target = delete_budget_line(plan, line, actor=request.user, request=request)
    messages.success(request, _("The budget line is removed."))
    return redirect("actionplans:plan", target.pk)


