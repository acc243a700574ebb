"""One way to cut a list into pages, shared by every paged page (`partials/pagination.html` draws the links)."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The page `?page=` asks for (the last one if it is too high, the first if it is not a number), with
    `page.query`: the request's other parameters, so the links keep the user's filters."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()
    return page
