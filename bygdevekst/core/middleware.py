"""Input no database should see: a NUL character (U+0000) anywhere in a request's parameters.

PostgreSQL refuses NUL in text and in jsonb, so a NUL that slipped past a form would be a 500 there
and a stored control character on SQLite. Django's form fields already refuse it; this answers every
other path (hand-read POST fields, the JSON API) the same way on both databases: 400, in the user's
language, nothing changed.
"""

import json
from urllib.parse import unquote_to_bytes

from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from bygdevekst.apierrors import problem


def _json_has_nul(value):
    """In any string value, however deep (an explicit stack: no recursion limit to hit). A key is a name,
    not stored text: the API ignores keys it does not know."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _has_nul(request):
    if "\x00" in request.path:
        return True
    queries = [request.GET]
    if request.method == "POST":
        try:
            queries.append(request.POST)
        except MultiPartParserError:  # a malformed upload is the view's own 400, as without this check
            pass
    for query in queries:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values if isinstance(value, str)):
                return True
    if "json" in request.content_type and request.body:
        try:  # decoded as the API decodes it (UTF-8, -16 or -32); a malformed body is the API's own 400
            return _json_has_nul(json.loads(request.body))
        except (ValueError, RecursionError):
            return False
    return False


def _undecodable(encoded):
    """Whether a form-encoded string (a query string or a urlencoded body) holds a percent-escape that is not
    UTF-8. Django decodes those with errors="replace", so `name=%FF%FE` would be stored as U+FFFD without a word."""
    for part in encoded.replace(b";", b"&").split(b"&"):
        try:
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def _multipart_text_replaced(request):
    """Multipart text fields are decoded by Django's parser with errors="replace" before any code of ours sees
    them, so the bytes are gone; what is left is the replacement character U+FFFD. No person types that
    character: it is the mark of text that was not UTF-8 on its way here, so it is refused like a bad escape."""
    try:
        post = request.POST
    except MultiPartParserError:  # a malformed upload is the view's own 400
        return False
    return any("\ufffd" in key or any(isinstance(v, str) and "\ufffd" in v for v in values)
               for key, values in post.lists())


def _has_undecodable_input(request):
    """The query string arrives as WSGI's latin-1 text; a urlencoded body as bytes; multipart text fields as
    Django's parser left them (`_multipart_text_replaced`)."""
    try:
        query = request.META.get("QUERY_STRING", "").encode("latin-1")
    except UnicodeEncodeError:  # not what WSGI gives; nothing to check that Django has not decoded already
        query = b""
    if _undecodable(query):
        return True
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        return _undecodable(request.body)
    if request.method == "POST" and request.content_type == "multipart/form-data":
        return _multipart_text_replaced(request)
    return False


class RejectNulMiddleware:
    """Also refuses form data that is not UTF-8 (an invalid percent-escape), for the same reason: 400, not a
    silently replaced character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_undecodable_input(request):
            detail = _("The request contains characters that are not valid UTF-8. Nothing was saved.")
            if request.path.startswith("/api/"):
                return problem(400, detail)
            return render(request, "400.html", {"detail": detail}, status=400)
        if _has_nul(request):
            detail = _("The request contains a NUL character (U+0000), which no field accepts. Nothing was saved.")
            if request.path.startswith("/api/"):
                return problem(400, detail)
            return render(request, "400.html", {"detail": detail}, status=400)
        return self.get_response(request)


class HtmxRedirectMiddleware:
    """An htmx request answered with a redirect (a refusal sent back to the page, a view's plain-POST path)
    becomes a full-page visit (HX-Redirect): htmx would otherwise follow it and swap a whole page into a
    fragment's place. The person lands where a browser without JavaScript would, with the same message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302, 303, 307, 308):
            from django_htmx.http import HttpResponseClientRedirect

            return HttpResponseClientRedirect(response["Location"])
        return response
