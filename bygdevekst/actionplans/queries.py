"""Fetching plans through the access rules: the agreement's visibility query, then the permission."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bygdevekst.access.views import get_visible_or_404
from bygdevekst.access.visibility import visible_agreements

from .models import ActionPlan


def agreement_for(user, pk, perm="actionplans.view_plan"):
    """An agreement the user may see (else 404) and whose plan they may see or change (else 403)."""
    agreement = get_visible_or_404(lambda u: visible_agreements(u).select_related("pilot__round"), user, pk=pk)
    if not user.has_perm("actionplans.view_plan", agreement):
        # The plan is the pilot's working material: someone outside the pilot is told nothing.
        raise Http404
    if perm != "actionplans.view_plan" and not user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


def plan_for(user, pk, perm="actionplans.view_plan"):
    plan = ActionPlan.objects.select_related("agreement__pilot__round").filter(pk=pk).first()
    if plan is None:
        raise Http404
    agreement_for(user, plan.agreement_id, perm)
    return plan
