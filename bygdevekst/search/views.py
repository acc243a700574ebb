from django.shortcuts import render
from django.views.decorators.http import require_safe

from bygdevekst.core.pagination import paginate

from .forms import SearchForm
from .query import search

PAGE_SIZE = 20


@require_safe
def search_page(request):
    """The search page: works without JavaScript (a GET form); results only what the user may see."""
    form = SearchForm(request.GET or None)
    hits, page, count = [], None, 0
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        hits = search(
            request.user, query,
            round=form.cleaned_data["round"], pilot=form.cleaned_data["pilot"], kind=form.cleaned_data["kind"] or None,
        )
        # The results count and slice in the database: only this page's hits are fetched.
        page = paginate(request, hits, PAGE_SIZE)
        count = page.paginator.count
    return render(request, "search/search.html", {
        "form": form, "query": query, "page": page, "count": count,
    })
