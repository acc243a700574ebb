"""The caller's own notifications in the API, as on the bell's page (notifications/views.py): list them, mark
one or all read, and choose immediate e-mail or a daily digest. Only one's own: anyone else's is a 404."""

import datetime
from typing import Literal

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.apierrors import PROBLEM_RESPONSES
from bygdevekst.apiforms import Input

from .domain import reading
from .domain.notify import frequency_of
from .enums import Frequency
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    email_status: str


class ReadAllOut(Schema):
    marked: int


class PreferenceIO(Input):
    frequency: Frequency


def _own(request):
    """The caller's notifications; the public has none (401 would say a token is missing: it is not needed)."""
    if not request.auth.has_perm("notifications.view_own"):
        raise Http404
    return Notification.objects.filter(user=request.auth)


@router.get("/", response={200: list[NotificationOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_notifications(request, unread: Literal["true", "false"] | None = None):
    """Newest first; `?unread=true` only those not read yet, `?unread=false` only those read."""
    qs = _own(request).order_by("-created_at", "-pk")
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread == "true")
    return qs


@router.post("/{int:notification_id}/read", response={200: NotificationOut, **PROBLEM_RESPONSES})
def read_notification(request, notification_id: int):
    notification = _own(request).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return reading.mark_read(notification)


@router.post("/read-all", response={200: ReadAllOut, **PROBLEM_RESPONSES})
def read_all_notifications(request):
    _own(request)
    return {"marked": reading.mark_all_read(request.auth)}


@router.get("/preference", response={200: PreferenceIO, **PROBLEM_RESPONSES})
def get_notification_preference(request):
    _own(request)
    return {"frequency": frequency_of(request.auth)}


@router.post("/preference", response={200: PreferenceIO, **PROBLEM_RESPONSES})
def set_notification_preference(request, payload: PreferenceIO):
    """`immediate`: one e-mail per event; `daily`: one digest a day."""
    _own(request)
    pref = reading.set_frequency(request.auth, payload.frequency, request=request)
    return {"frequency": pref.frequency}
