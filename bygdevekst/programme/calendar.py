"""iCalendar feeds of a round's and a pilot's milestones (all-day events, Europe/Oslo) and meetings.

The feeds are public, so the milestones are there for anyone; a meeting is there only for a reader who may
see it (its pilot's people and KDD, logged in). A calendar application subscribes without a session: each
person's own feed (/calendar/<token>.ics, meetings/feeds.py) carries their meetings."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from .models import Pilot, Round
from .status import milestone_status


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//KDD//Bygdevekst//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    return cal


def _meetings(request, **lookup):
    from bygdevekst.meetings.queries import visible_meetings

    return visible_meetings(request.user).filter(**lookup).order_by("date", "start_time", "pk")


def _add_meetings(cal, meetings):
    from bygdevekst.meetings.feeds import add_meetings

    return add_meetings(cal, meetings)


def milestone_events(pilot):
    """The round's milestones as this pilot's events (its status in the description): one UID per pilot."""
    agreement = getattr(pilot, "agreement", None)
    for m in pilot.round.milestones.all():
        status = milestone_status(m, agreement)
        description = f"{_describe(m)} – {status['label']}"
        yield _event(m, f"milestone-{m.pk}-pilot-{pilot.pk}@bygdevekst", f"{m.title} – {pilot.name}", description)


def _event(milestone, uid, summary, description):
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", milestone.date)
    event.add("dtend", milestone.date + datetime.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    event.add("description", description)
    event.add("categories", [milestone.get_nature_display()])
    return event


def _response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _describe(m):
    note = f" ({m.date_note})" if m.date_note else ""
    return f"{m.get_nature_display()}{note}"


@require_safe
def round_ics(request, pk):
    round_ = get_object_or_404(Round.objects.prefetch_related("milestones"), pk=pk)
    cal = _calendar(f"Bygdevekst – {round_.name}")
    for m in round_.milestones.all():
        cal.add_component(_event(m, f"milestone-{m.pk}@bygdevekst", m.title, _describe(m)))
    _add_meetings(cal, _meetings(request, round=round_))
    return _response(cal, f"round-{round_.number}.ics")


@require_safe
def pilot_ics(request, pk):
    pilot = get_object_or_404(Pilot.objects.select_related("round", "agreement").prefetch_related("round__milestones"), pk=pk)
    cal = _calendar(f"Bygdevekst – {pilot.name}")
    for event in milestone_events(pilot):
        cal.add_component(event)
    _add_meetings(cal, _meetings(request, agreement__pilot=pilot))
    return _response(cal, f"pilot-{pilot.pk}.ics")
