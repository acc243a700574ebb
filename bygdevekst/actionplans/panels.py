"""The action-plan panel on the agreement page: a summary and links."""

from django.template.loader import render_to_string

from .domain.gaps import plan_gaps
from .domain.plans import current_plan
from .enums import MeasureStatus


def action_plan_panel(request, agreement):
    if not request.user.has_perm("actionplans.view_plan", agreement):
        return ""
    plan = current_plan(agreement)
    context = {"agreement": agreement, "plan": plan}
    if plan is not None:
        measures = list(plan.measures.prefetch_related("budget_lines"))
        context.update({
            "measure_count": len(measures),
            "delayed": sum(1 for m in measures if m.status == MeasureStatus.DELAYED),
            "planned": sum(b.planned for m in measures for b in m.budget_lines.all()),
            "hint_count": len(plan_gaps(plan, measures)),
        })
    return render_to_string("actionplans/panel.html", context, request=request)
