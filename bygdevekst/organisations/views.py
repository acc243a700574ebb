from django.shortcuts import render
from django.views.decorators.http import require_safe

from bygdevekst.access.views import get_visible_or_404
from bygdevekst.access.visibility import visible_organisations
from bygdevekst.core.pagination import paginate

from .enums import OrganisationKind


@require_safe
def organisation_list(request):
    qs = visible_organisations(request.user).select_related("county").order_by("name")
    kind = request.GET.get("kind", "")
    if kind in OrganisationKind.values:
        qs = qs.filter(kind=kind)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(municipality_number=query)
    page = paginate(request, qs, 50)
    return render(
        request,
        "organisations/list.html",
        {"page": page, "kind": kind, "query": query, "kinds": OrganisationKind.choices},
    )


@require_safe
def organisation_detail(request, pk):
    org = get_visible_or_404(visible_organisations, request.user, pk=pk)
    return render(
        request,
        "organisations/detail.html",
        {
            "org": org,
            "parallel_names": org.parallel_names.all(),
            "pilots": org.pilots.select_related("round").order_by("-round__number"),
        },
    )
