from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

from .api import api


def healthz(request):
    """200 when the app and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("bygdevekst.accounts.urls")),
    path("audit/", include("bygdevekst.audit.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("organisations/", include("bygdevekst.organisations.urls")),
    path("agreements/", include("bygdevekst.agreements.urls")),
    path("process/", include("bygdevekst.process.urls")),
    path("meetings/", include("bygdevekst.meetings.urls")),
    path("action-plans/", include("bygdevekst.actionplans.urls")),
    path("cases/", include("bygdevekst.correspondence.urls")),
    path("notifications/", include("bygdevekst.notifications.urls")),
    path("about/", include("bygdevekst.pages.urls")),
    path("search/", include("bygdevekst.search.urls")),
    path("open-data/", include("bygdevekst.opendata.urls")),
    path("", include("bygdevekst.programme.urls")),
]
