from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path, re_path

from .api import api, unknown_path


def healthz(request):
    """200 when the app and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# ninja's public `api.urls` (patterns, app name, namespace), with one more address after every endpoint:
# any other /api/v1/ path is a 404 problem (api.unknown_path), named api:problem-not-found.
_api_patterns, _api_app, _api_namespace = api.urls
_api_patterns = [*_api_patterns, re_path(r"^[\s\S]*$", unknown_path, name="problem-not-found")]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("bygdevekst.accounts.urls")),
    path("audit/", include("bygdevekst.audit.urls")),
    path("api/v1/", include((_api_patterns, _api_app), namespace=_api_namespace)),
    path("admin/", admin.site.urls),
    path("organisations/", include("bygdevekst.organisations.urls")),
    path("agreements/", include("bygdevekst.agreements.urls")),
    path("process/", include("bygdevekst.process.urls")),
    path("meetings/", include("bygdevekst.meetings.urls")),
    path("calendar/", include("bygdevekst.meetings.calendar_urls")),
    path("action-plans/", include("bygdevekst.actionplans.urls")),
    path("cases/", include("bygdevekst.correspondence.urls")),
    path("notifications/", include("bygdevekst.notifications.urls")),
    path("about/", include("bygdevekst.pages.urls")),
    path("search/", include("bygdevekst.search.urls")),
    path("open-data/", include("bygdevekst.opendata.urls")),
    path("webhooks/", include("bygdevekst.webhooks.urls")),
    path("", include("bygdevekst.programme.urls")),
]
