from django.db.models import Prefetch
from django.shortcuts import render

from bygdevekst.access.views import get_visible_or_404
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.panels import agreement_panels

from .models import AgreementParty, Commitment, SubGoal


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
    parties = AgreementParty.objects.filter(agreement=agreement).select_related("organisation").prefetch_related("sub_goals")
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "focus_areas": focus_areas,
            "parties": parties,
            "sections": agreement.sections.all(),
            "versions": agreement.versions.select_related("created_by").order_by("-number"),
            "panels": agreement_panels(request, agreement),
        },
    )


