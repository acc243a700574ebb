"""No free text beyond a sane length, on every path: a form field or a JSON string longer than
settings.MAX_TEXT_CHARS (default 50,000 characters, about twelve pages) is a 400 in the user's language before any
view runs, nothing saved. Fields with a tighter limit of their own (a comment, a measure's description) say so in
their forms and domain functions; this is the backstop for the rest (a 3 MB comment was accepted before)."""

import json

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from bygdevekst.apierrors import problem


def _limit():
    return getattr(settings, "MAX_TEXT_CHARS", 50_000)


def _json_too_long(value, limit):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) > limit:
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _too_long(request, limit):
    if request.method != "POST" and "json" not in request.content_type:
        return False
    if "json" in request.content_type:
        try:
            return _json_too_long(json.loads(request.body), limit) if request.body else False
        except (ValueError, RecursionError):
            return False  # the API's own 400
    try:
        return any(len(value) > limit for _key, values in request.POST.lists() for value in values
                   if isinstance(value, str))
    except MultiPartParserError:
        return False


class RejectOverlongTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = _limit()
        if _too_long(request, limit):
            detail = _("A text in the request is longer than %(max)s characters, more than any field accepts. "
                       "Nothing was saved.") % {"max": f"{limit:,}".replace(",", " ")}
            if request.path.startswith("/api/"):
                return problem(400, detail)
            return render(request, "400.html", {"detail": detail}, status=400)
        return self.get_response(request)
