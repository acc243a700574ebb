"""R6: what a plan still lacks, shown as hints and never used to block anything."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.models import SubGoal

from ..models import BudgetLine

# What a measure may lack, in the order a hint names it.
LACKING = {
    "sub_goal": gettext_lazy("sub-goal"),
    "responsible": gettext_lazy("responsible party"),
    "period": gettext_lazy("start and end"),
    "indicator": gettext_lazy("indicator and target"),
    "budget": gettext_lazy("budget"),
}


def lacking(sub_goal_uids, responsible_id, start_year, end_year, indicator, target, has_budget):
    """The keys of LACKING that a measure with these values lacks: the one rule, for hints and for counting."""
    missing = []
    if not sub_goal_uids:
        missing.append("sub_goal")
    if responsible_id is None:
        missing.append("responsible")
    if not (start_year and end_year):
        missing.append("period")
    if not indicator or not target:
        missing.append("indicator")
    if not has_budget:
        missing.append("budget")
    return missing


def _unserved(sub_goals, measures_sub_goal_uids):
    served = {uid for uids in measures_sub_goal_uids for uid in (uids or ())}
    return [sg for sg in sub_goals if str(sg.uid) not in served]


def plan_gaps(plan, measures=None, sub_goals=None):
    """Readable hints. `measures` and `sub_goals` may be passed in already fetched (with
    budget_lines prefetched) to save queries."""
    if measures is None:
        measures = list(plan.measures.prefetch_related("budget_lines"))
    if sub_goals is None:
        sub_goals = list(SubGoal.objects.filter(agreement_id=plan.agreement_id))
    hints = []
    if not measures:
        hints.append(_("The plan has no measures yet."))
    for sg in _unserved(sub_goals, (m.sub_goal_uids for m in measures)):
        hints.append(_("No measure serves the sub-goal “%(title)s”.") % {"title": sg.title})
    for m in measures:
        missing = lacking(m.sub_goal_uids, m.responsible_id, m.start_year, m.end_year, m.indicator, m.target,
                          bool(m.budget_lines.all()))
        if missing:
            hints.append(_("Measure %(number)s lacks: %(missing)s.")
                         % {"number": m.number, "missing": ", ".join(str(LACKING[key]) for key in missing)})
    return hints


def measure_facts(plan):
    """[(status, lacks anything)] of the plan's measures and the number of hints (len(plan_gaps(plan))), from a
    few columns per measure: no measure or budget line is loaded as an object, so a plan of a thousand measures
    costs its summary a few milliseconds."""
    rows = list(
        plan.measures.annotate(has_budget=Exists(BudgetLine.objects.filter(measure=OuterRef("pk"))))
        .values_list("status", "sub_goal_uids", "responsible_id", "start_year", "end_year", "indicator", "target",
                     "has_budget")
    )
    facts = [(status, bool(lacking(*values))) for status, *values in rows]
    sub_goals = SubGoal.objects.filter(agreement_id=plan.agreement_id).only("uid")
    hint_count = (0 if rows else 1) + len(_unserved(sub_goals, (row[1] for row in rows)))
    return facts, hint_count + sum(1 for _status, lacks in facts if lacks)
