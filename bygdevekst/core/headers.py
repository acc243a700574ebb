"""Response headers every page and answer gets beyond Django's security middleware.

- `Cache-Control: private, no-store` on whatever is personal: pages for a logged-in person, every API answer
  and every download (a shared computer's browser cache or a proxy must keep no copy of a draft or a minutes PDF).
  Public pages for anonymous visitors keep whatever caching their view chose.
- `Permissions-Policy`: the service uses no camera, microphone, location, payment or USB; say so, so no embedded
  or injected content can ask for them."""

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
PRIVATE = "private, no-store"


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or "attachment" in response.get("Content-Disposition", "")
            or "HTTP_AUTHORIZATION" in request.META
        )
        if personal:
            response["Cache-Control"] = PRIVATE
        return response
