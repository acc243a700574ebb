"""Input no field accepts, refused once before any view: a 400 in the user's language, nothing changed.

- **Text that is not UTF-8.** Django decodes a bad percent-escape (`name=%FF%FE`, in a query string or a
  urlencoded body) and bad bytes in a multipart text field with errors="replace", so they would be stored as
  U+FFFD without a word. Escapes are checked on the raw bytes; of a multipart field only the replacement
  character is left to see, and no person types that character.
- **A NUL character (U+0000).** PostgreSQL refuses it in text and in jsonb, so a NUL that slipped past a form
  would be a 500 there and a stored control character on SQLite.
- **A text longer than settings.MAX_TEXT_CHARS** (50,000 characters, about twelve pages): the backstop for
  fields without a tighter limit of their own (a 3 MB comment was accepted before).

One walk over the request's text (`request_texts`) serves the checks, on every path: pages, hand-read POST
fields and the JSON API."""

import json
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from bygdevekst.apierrors import problem


def _json_strings(value):
    """Every string value in a JSON document, however deep (an explicit stack: no recursion limit to hit).
    Keys are names, not stored text: the API ignores keys it does not know."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def request_texts(request):
    """Every text a view could read from the request: the path, the query's names and values, a form's names
    and values (urlencoded or multipart), and the strings of a JSON body. A malformed body yields nothing
    more: it is the view's (or the API's) own 400."""
    yield request.path
    for key, values in request.GET.lists():
        yield key
        yield from values
    if "json" in request.content_type:
        if request.body:
            try:  # decoded as the API decodes it (UTF-8, -16 or -32)
                data = json.loads(request.body)
            except (ValueError, RecursionError):
                return
            yield from _json_strings(data)
        return
    if request.method == "POST":
        try:
            post = request.POST
        except MultiPartParserError:
            return
        for key, values in post.lists():
            yield key
            yield from (value for value in values if isinstance(value, str))


def _bad_escape(encoded):
    """Whether form-encoded bytes (a query string or a urlencoded body) hold a percent-escape that is not UTF-8."""
    for part in encoded.replace(b";", b"&").split(b"&"):
        try:
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def _bad_escapes(request):
    try:  # the query string arrives as WSGI's latin-1 text
        query = request.META.get("QUERY_STRING", "").encode("latin-1")
    except UnicodeEncodeError:  # not what WSGI gives; nothing to check that Django has not decoded already
        query = b""
    if _bad_escape(query):
        return True
    return request.method == "POST" and request.content_type == "application/x-www-form-urlencoded" and _bad_escape(
        request.body
    )


def refusal(request):
    """The reason this request's text is refused, or None."""
    if _bad_escapes(request):
        return _("The request contains characters that are not valid UTF-8. Nothing was saved.")
    limit = getattr(settings, "MAX_TEXT_CHARS", 50_000)
    multipart = request.method == "POST" and request.content_type == "multipart/form-data"
    too_long = False
    for text in request_texts(request):
        if "\x00" in text:
            return _("The request contains a NUL character (U+0000), which no field accepts. Nothing was saved.")
        if multipart and "\ufffd" in text:
            return _("The request contains characters that are not valid UTF-8. Nothing was saved.")
        too_long = too_long or len(text) > limit
    if too_long:
        return _(
            "A text in the request is longer than %(max)s characters, more than any field accepts. Nothing was saved."
        ) % {"max": f"{limit:,}".replace(",", " ")}
    return None


class RejectBadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        detail = refusal(request)
        if detail is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return problem(400, detail)
        return render(request, "400.html", {"detail": detail}, status=400)
