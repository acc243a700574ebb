import hashlib

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from bygdevekst.audit import fragments
from bygdevekst.core.pagination import paginate

from .forms import SearchForm
from .query import search

PAGE_SIZE = 20


@require_safe
def search_page(request):
    """The search page: works without JavaScript (a GET form); results only what the user may see."""
    form = SearchForm(request.GET or None)
    state = fragments.current_state()  # for the kept ranking and the kept form below: one query
    hits, page, count = [], None, 0
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        hits = search(
            request.user, query,
            round=form.cleaned_data["round"], pilot=form.cleaned_data["pilot"], kind=form.cleaned_data["kind"] or None,
            state=state,
        )
        # The results count and slice in the database: only this page's hits are fetched.
        page = paginate(request, hits, PAGE_SIZE)
        count = page.paginator.count
    return render(request, "search/search.html", {
        "form": form, "fields": _fields(request, form, state), "query": query, "page": page, "count": count,
    })


def _fields(request, form, state):
    """The form's fields as drawn: the pilot list alone is a hundred options, each through the widget templates,
    which cost more than the search. A valid form with the same parameters draws the same for everyone (the
    choices are rounds and pilots), so it is kept until the next logged action or save (audit/fragments.py)."""

    def draw():
        return render_to_string("search/_fields.html", {"form": form})

    if form.is_bound and form.errors:
        return mark_safe(draw())  # noqa: S308  our own template's output, rendered with autoescape  # nosec
    asked = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    return fragments.cached(f"search-form:{asked}", draw, state)
