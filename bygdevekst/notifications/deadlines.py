"""Periodic: remind a pilot's contacts when a deadline of their round is near (R7: only deadlines,
never expected dates). Idempotent: one reminder per milestone and user."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bygdevekst.programme.enums import MilestoneNature
from bygdevekst.programme.models import Milestone

from .domain.notify import notify, pilot_people
from .enums import Event

REMIND_DAYS = 7


def notify_deadlines(today=None):
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(
        nature=MilestoneNature.DEADLINE, date__gte=today, date__lte=today + datetime.timedelta(days=REMIND_DAYS)
    ).select_related("round")
    count = 0
    for milestone in milestones:
        for pilot in milestone.round.pilots.select_related("agreement"):
            agreement = getattr(pilot, "agreement", None)
            if agreement is not None and agreement.state != "draft":
                continue
            title = _("Deadline %(date)s: %(title)s") % {"date": date_format(milestone.date), "title": milestone.title}
            count += len(notify(pilot_people(pilot), Event.DEADLINE, title, url=pilot.get_absolute_url(),
                                key=f"deadline:{milestone.pk}"))
    return count
