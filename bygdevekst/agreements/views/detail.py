from itertools import chain, islice

from django.db.models import Prefetch
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from bygdevekst.access.views import get_visible_or_404
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.audit import fragments
from bygdevekst.core.panels import agreement_panels

from ..models import AgreementParty, Commitment, SubGoal

# The newest versions listed on the agreement's page; all of them are on its versions page.
VERSIONS_SHOWN = 10


def agreement_text(agreement, state=None):
    """The draft's text as the page shows it: alike for everyone who may see the agreement, so rendered once until
    the next logged action (every edit is logged) or save (audit/fragments.py)."""

    def render_text():
        focus_areas = agreement.focus_areas.prefetch_related(
            Prefetch(
                "sub_goals",
                queryset=SubGoal.objects.prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.select_related("party"))
                ),
            )
        )
        parties = (AgreementParty.objects.filter(agreement=agreement).select_related("organisation")
                   .prefetch_related("sub_goals"))
        return render_to_string("agreements/_text.html", {
            "agreement": agreement, "focus_areas": focus_areas, "parties": parties,
            "sections": agreement.sections.all(),
        })

    return fragments.cached(f"agreement-text:{agreement.pk}:{agreement.lock_version}", render_text, state)


@require_safe
def agreement_detail(request, pk):
    agreement = get_visible_or_404(
        lambda u: visible_agreements(u).select_related("pilot__round", "pilot__county_council"), request.user, pk=pk
    )
    versions = agreement.versions.select_related("created_by").defer("content").order_by("-number")
    shown = list(versions[:VERSIONS_SHOWN])
    can_view_versions = request.user.has_perm("agreements.view_versions", agreement)
    # The latest version the user may read, offered for download (the public: the final text); the older versions
    # are read only if none of those shown is readable.
    readable = (
        v for v in chain(shown, versions[VERSIONS_SHOWN:])
        if can_view_versions or request.user.has_perm("agreements.view_version", v)
    )
    downloadable = list(islice(readable, 1))
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "text": agreement_text(agreement, fragments.state_of(request)),
            "versions": shown,
            "version_count": versions.count(),
            "can_view_versions": can_view_versions,
            "can_edit": request.user.has_perm("agreements.edit_draft", agreement),
            "downloadable": downloadable,
            "panels": agreement_panels(request, agreement),
        },
    )
