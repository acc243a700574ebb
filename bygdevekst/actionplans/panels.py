"""The action-plan panel on the agreement page: a summary and links."""

from django.db.models import Sum
from django.template.loader import render_to_string

from bygdevekst.audit import fragments

from .domain.gaps import measure_facts
from .domain.plans import current_plan
from .enums import MeasureStatus
from .models import BudgetLine


def action_plan_panel(request, agreement):
    if not request.user.has_perm("actionplans.view_plan", agreement):
        return ""
    # Alike for everyone who may see it: kept until the next logged action or save (audit/fragments.py).
    return fragments.cached(f"action-plan-panel:{agreement.pk}", lambda: _render(agreement),
                            fragments.state_of(request))


def _render(agreement):
    plan = current_plan(agreement)
    context = {"agreement": agreement, "plan": plan}
    if plan is not None:
        # Counted and summed from a few columns, never every measure and budget line as objects (up to 1,000).
        facts, hint_count = measure_facts(plan)
        context.update({
            "measure_count": len(facts),
            "delayed": sum(1 for status, _lacks in facts if status == MeasureStatus.DELAYED),
            "planned": BudgetLine.objects.filter(measure__plan=plan).aggregate(total=Sum("planned"))["total"] or 0,
            "hint_count": hint_count,
        })
    return render_to_string("actionplans/panel.html", context)
