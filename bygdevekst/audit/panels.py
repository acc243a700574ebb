from django.template.loader import render_to_string

from . import fragments
from .describe import describe_all
from .models import ActionLog

TIMELINE_LIMIT = 200


def timeline(request, agreement):
    """The agreement's history, newest first, for its parties, KDD and the state administrator."""
    if not request.user.has_perm("agreements.view_log", agreement):
        return ""
    # Alike for everyone who may read it: rendered once until the next logged action (audit/fragments.py).
    return fragments.cached(f"timeline:{agreement.pk}", lambda: _render(request, agreement), fragments.state_of(request))


def _render(request, agreement):
    entries = list(ActionLog.objects.filter(agreement=agreement).select_related("actor")[: TIMELINE_LIMIT + 1])
    return render_to_string(
        "audit/_timeline.html",
        {
            "entries": entries[:TIMELINE_LIMIT],
            "rows": describe_all(entries[:TIMELINE_LIMIT]),
            "truncated": len(entries) > TIMELINE_LIMIT,
            "agreement": agreement,
        },
        request=request,
    )
