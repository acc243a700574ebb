"""htmx and redirects: see `HtmxRedirectMiddleware`. Input checks (not UTF-8, NUL, overlong text): core/input.py."""


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
