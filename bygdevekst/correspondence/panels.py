"""The agreement page's panel: the pilot's case and its latest registry entries."""

from django.db.models import Q
from django.template.loader import render_to_string

from bygdevekst.access.visibility import visible_cases, visible_entries


def case_panel(request, agreement):
    case = visible_cases(request.user).filter(pilot_id=agreement.pilot_id).first()
    if case is None:
        return ""
    entries = (
        visible_entries(request.user).filter(Q(case=case) | Q(linked_cases=case)).distinct()
        .select_related("case").order_by("-registry_date", "-pk")[:5]
    )
    return render_to_string("correspondence/_panel.html", {"case": case, "entries": entries}, request=request)
