from django.urls import NoReverseMatch, reverse

from ..domain.plans import current_plan
from ..models import Measure
from ..queries import plan_for


def url_or_none(name, *args, query=""):
    """Links to other apps' pages, if they exist yet (the meetings pages come from another app)."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def new_annual_meeting_url(agreement):
    return url_or_none("meetings:create", query=f"?kind=annual&agreement={agreement.pk}")


def meeting_url(meeting):
    return url_or_none("meetings:detail", meeting.pk) if meeting else None


def current_measure(request, pk, perm="actionplans.edit_plan"):
    """A measure as it stands in the agreement's current plan (changes never go into an old revision)."""
    measure = Measure.objects.select_related("plan").filter(pk=pk).first()
    if measure is None:
        from django.http import Http404

        raise Http404
    plan_for(request.user, measure.plan_id, perm)
    plan = current_plan(measure.plan.agreement)
    if plan.pk != measure.plan_id:
        measure = plan.measures.filter(uid=measure.uid).first()
        if measure is None:
            from django.http import Http404

            raise Http404
    return plan, measure


def current_line(request, pk):
    """A budget line as it stands in the agreement's current plan: (plan, measure, line), for the page and the API."""
    from django.http import Http404

    from ..models import BudgetLine

    line = BudgetLine.objects.select_related("measure__plan").filter(pk=pk).first()
    if line is None:
        raise Http404
    plan, measure = current_measure(request, line.measure_id)
    if measure.pk != line.measure_id:
        line = measure.budget_lines.filter(year=line.year, source=line.source,
                                           organisation_id=line.organisation_id).first()
        if line is None:
            raise Http404
    return plan, measure, line
