"""A person's own calendar: the page that makes (and revokes) the secret feed address, and the feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar

from bygdevekst.access.views import require_perm
from bygdevekst.programme.calendar import milestone_events

from . import feeds


def _page(request, raw=None):
    url = request.build_absolute_uri(reverse("calendar:feed", args=[raw])) if raw else None
    return render(
        request,
        "meetings/my_calendar.html",
        {
            "token": feeds.active_token(request.user),
            "feed_url": url,
            "meetings": feeds.participating_meetings(request.user)
            .select_related("agreement__pilot")
            .order_by("-date", "pk")[:20],
        },
    )


@require_safe
@login_required
def my_calendar(request):
    require_perm(request.user, "meetings.subscribe_calendar")
    return _page(request)


@require_POST
@login_required
def create_token(request):
    require_perm(request.user, "meetings.subscribe_calendar")
    raw = feeds.create_token(request.user, request=request)
    messages.success(request, _("Your calendar address is made. Copy it now: it is shown only once."))
    return _page(request, raw)


@require_POST
@login_required
def revoke_token(request):
    require_perm(request.user, "meetings.subscribe_calendar")
    if feeds.revoke_tokens(request.user, request=request):
        messages.success(request, _("Your calendar address is revoked; calendars using it get nothing more."))
    else:
        messages.info(request, _("You have no calendar address to revoke."))
    return redirect("calendar:mine")


@require_safe
def personal_feed(request, token):
    """No session: the secret in the address is the key. A revoked or unknown one is a 404."""
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404
    cal = Calendar()
    cal.add("prodid", "-//KDD//Bygdevekst//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Bygdevekst")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for pilot in feeds.followed_pilots(user):
        for event in milestone_events(pilot):
            cal.add_component(event)
    feeds.add_meetings(cal, feeds.participating_meetings(user).select_related("agreement").order_by("date", "pk"))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bygdevekst.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
