"""Meetings in calendar feeds: the round's and the pilot's feeds (programme/calendar.py) add the meetings
the reader may see; each person's own feed (/calendar/<token>.ics) lists the meetings their organisations
take part in and the milestones of the pilots they work in. Every meeting keeps its invitation's UID."""

import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Timezone

from bygdevekst.access.roles import roles_of
from bygdevekst.access.visibility import participating_pilots
from bygdevekst.audit.log import log_action

from .events import TZID, is_timed, meeting_event
from .models import CalendarToken, Meeting
from .queries import visible_meetings


def add_meetings(cal, meetings):
    """Adds one VEVENT per meeting (cancelled ones as CANCELLED, so a subscribed calendar drops them) and the
    Europe/Oslo time zone when any has a time of day."""
    timed = False
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
        timed = timed or is_timed(meeting)
    if timed:
        cal.add_component(Timezone.from_tzid(TZID))
    return cal


def participating_meetings(user):
    """The meetings the user's organisations take part in (KDD organises every meeting: all of them)."""
    roles = roles_of(user)
    if roles.kdd:
        return visible_meetings(user)
    if not roles.authenticated:
        return Meeting.objects.none()
    condition = Q(participants__organisation__in=roles.org_ids())
    for pilot_id, by_role in roles.scoped.items():
        condition |= Q(agreement__pilot_id=pilot_id, participants__organisation__in=set().union(*by_role.values()))
    return visible_meetings(user).filter(condition).distinct()


def followed_pilots(user):
    return participating_pilots(user).select_related("round", "agreement").prefetch_related("round__milestones")


# ---- The secret address -------------------------------------------------------------------------------------
def _hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def active_token(user):
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def create_token(user, request=None):
    """A new address; any earlier one stops working. Returns the raw token, shown once (only its hash is kept)."""
    raw = "cal_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token = CalendarToken.objects.create(user=user, token_hash=_hash(raw))
        log_action(
            "meeting.calendar_token_created", actor=user, obj=token, request=request, data={"replaced": replaced}
        )
    return raw


def revoke_tokens(user, request=None):
    with transaction.atomic():
        revoked = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if revoked:
            log_action(
                "meeting.calendar_token_revoked", actor=user, obj=user, request=request, data={"revoked": revoked}
            )
    return revoked


def user_for_token(raw):
    token = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
