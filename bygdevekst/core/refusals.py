"""The one place a page answers `Refused` (the API's is in api.py): the reasons become messages and the person
goes back to where the action was offered; a view says where that is with `@on_refusal_return_to(...)`.
A view that declares nothing gets the reasons on a page of their own (409), with a link back.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .guards import Refused


def on_refusal_return_to(target):
    """Where a refused action sends the person back to: a URL name taking the view's own `pk`, or
    `target(request, **url_kwargs)` → a URL."""

    def mark(view):
        view.refusal_return = target
        return view

    return mark


def _return_url(request):
    match = request.resolver_match
    target = getattr(match.func, "refusal_return", None) if match else None
    if callable(target):
        return target(request, **match.kwargs)
    if isinstance(target, str):  # a URL name taking the view's own `pk`
        return redirect(target, pk=match.kwargs["pk"]).url
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return None


class RefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused) or request.path.startswith("/api/"):
            return None
        url = _return_url(request)
        if url is None:
            return render(request, "409.html", {"reasons": exception.reasons}, status=exception.status)
        for reason in exception.reasons:
            messages.error(request, reason)
        return redirect(url)
