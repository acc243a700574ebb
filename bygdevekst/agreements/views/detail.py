from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from bygdevekst.access.views import get_visible_or_404
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.panels import agreement_panels

from ..models import AgreementParty, Commitment, SubGoal


@require_safe
def agreement_detail(request, pk):
    agreement = get_visible_or_404(
        lambda u: visible_agreements(u).select_related("pilot__round", "pilot__county_council"), request.user, pk=pk
    )
    focus_areas = agreement.focus_areas.prefetch_related(
        Prefetch(
            "sub_goals",
            queryset=SubGoal.objects.prefetch_related(
                Prefetch("commitments", queryset=Commitment.objects.select_related("party"))
            ),
        )
    )
    versions = list(agreement.versions.select_related("created_by").defer("content").order_by("-number"))
    can_view_versions = request.user.has_perm("agreements.view_versions", agreement)
    # The latest version the user may read, offered for download (the public: the final text).
    downloadable = [v for v in versions if can_view_versions or request.user.has_perm("agreements.view_version", v)][:1]
    parties = AgreementParty.objects.filter(agreement=agreement).select_related("organisation").prefetch_related("sub_goals")
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "focus_areas": focus_areas,
            "parties": parties,
            "sections": agreement.sections.all(),
            "versions": versions,
            "can_view_versions": can_view_versions,
            "can_edit": request.user.has_perm("agreements.edit_draft", agreement),
            "downloadable": downloadable,
            "panels": agreement_panels(request, agreement),
        },
    )


