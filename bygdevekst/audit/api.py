"""An agreement's history through the API: the same entries in words as the agreement page's timeline
(`audit/describe.py`), newest first, for whoever may read the page's history (`agreements.view_log`)."""

import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.apierrors import PROBLEM_RESPONSES

from .describe import describe_all
from .models import ActionLog

router = Router(tags=["history"])


class DetailOut(Schema):
    label: str
    value: str


class HistoryEntryOut(Schema):
    id: int
    at: datetime.datetime
    actor: str
    action: str
    action_label: str
    sentence: str
    details: list[DetailOut]


@router.get("/{int:agreement_id}/history", response={200: list[HistoryEntryOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def agreement_history(request, agreement_id: int):
    """Everything logged for the agreement, newest first, each entry in words in the caller's language: who did
    what, from what to what (a correction and its reason, which content was approved, …). The page's history."""
    agreement = get_visible_or_404(visible_agreements, request.auth, pk=agreement_id)
    require_perm(request.auth, "agreements.view_log", agreement)
    return _Described(ActionLog.objects.filter(agreement=agreement).select_related("actor"))


class _Described:
    """The log rows of one page described together (one look-up per kind of object named), after paging."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        rows = describe_all(list(self.queryset[page]))
        return [
            {
                "id": entry.pk,
                "at": entry.timestamp,
                "actor": str(entry.actor) if entry.actor else "",
                "action": entry.action,
                "action_label": str(entry.action_label),
                "sentence": str(description.sentence),
                "details": [{"label": str(label), "value": str(value)} for label, value in description.details],
            }
            for entry, description in rows
        ]
