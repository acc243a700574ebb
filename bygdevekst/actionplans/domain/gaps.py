"""R6: what a plan still lacks, shown as hints and never used to block anything."""

from django.utils.translation import gettext as _

from bygdevekst.agreements.models import SubGoal


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
    served = {uid for m in measures for uid in m.sub_goal_uids}
    for sg in sub_goals:
        if str(sg.uid) not in served:
            hints.append(_("No measure serves the sub-goal “%(title)s”.") % {"title": sg.title})
    for m in measures:
        missing = []
        if not m.sub_goal_uids:
            missing.append(_("sub-goal"))
        if m.responsible_id is None:
            missing.append(_("responsible party"))
        if not (m.start_year and m.end_year):
            missing.append(_("start and end"))
        if not m.indicator or not m.target:
            missing.append(_("indicator and target"))
        if not m.budget_lines.all():
            missing.append(_("budget"))
        if missing:
            hints.append(_("Measure %(number)s lacks: %(missing)s.")
                         % {"number": m.number, "missing": ", ".join(str(x) for x in missing)})
    return hints
