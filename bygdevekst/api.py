"""The API root: /api/v1/. Each domain app contributes a router; permissions come from access/."""

from django.contrib.auth.models import AnonymousUser
from ninja import NinjaAPI
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from bygdevekst.accounts.models import ApiToken


class BearerOrSession(AuthBase):
    """`Authorization: Bearer <token>`; else the browser session (with CSRF on writes); else anonymous,
    who sees only public data. A wrong token is a 401, never a silent downgrade to anonymous."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                return None
            user = ApiToken.authenticate(raw.strip())
            if user is not None:
                request.user = user
            return user
        if request.user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
                return None
            return request.user
        return AnonymousUser()


api = NinjaAPI(
    title="Bygdevekst API",
    version="1",
    description="Rural growth agreements: rounds, pilots, agreements and their process.",
    auth=BearerOrSession(),
    urls_namespace="api",
)

from bygdevekst.agreements.api import router as agreements_router  # noqa: E402
from bygdevekst.organisations.api import router as organisations_router  # noqa: E402
from bygdevekst.programme.api import router as programme_router  # noqa: E402

api.add_router("/organisations", organisations_router)
api.add_router("/", programme_router)
api.add_router("/agreements", agreements_router)
