"""The plan arranged for reading: measures under the agreement's focus areas and sub-goals."""

from bygdevekst.agreements.models import FocusArea

from .budget import summarise


def grouped(plan, measures):
    """[{focus_area, code, sub_goals: [{sub_goal, code, measures}]}], plus measures not placed under any
    current sub-goal. A measure serving two sub-goals appears under both."""
    measures = list(measures)
    for m in measures:
        lines = list(m.budget_lines.all())
        m.planned_total = sum(b.planned for b in lines)
        m.spent_total = sum(b.spent for b in lines)
    areas = FocusArea.objects.filter(agreement_id=plan.agreement_id).prefetch_related("sub_goals").order_by("position", "pk")
    result, placed = [], set()
    for i, fa in enumerate(areas, start=1):
        sub_goals = []
        for j, sg in enumerate(fa.sub_goals.all(), start=1):
            uid = str(sg.uid)
            mine = [m for m in measures if uid in m.sub_goal_uids]
            placed.update(m.pk for m in mine)
            sub_goals.append({"sub_goal": sg, "code": f"{i}.{j}", "measures": mine})
        result.append({"focus_area": fa, "code": str(i), "sub_goals": sub_goals})
    unplaced = [m for m in measures if m.pk not in placed]
    return result, unplaced, measures


def plan_context(plan, measures):
    groups, unplaced, measures = grouped(plan, measures)
    return {
        "plan": plan,
        "agreement": plan.agreement,
        "groups": groups,
        "unplaced": unplaced,
        "measures": measures,
        "budget": summarise(b for m in measures for b in m.budget_lines.all()),
    }
