"""Reminder e-mails to a pilot's contacts N days before a deadline it has not met (R7: deadlines only).

Registered as a periodic job (ProcessConfig.periodic_jobs). Idempotent: a ReminderSent row, unique per
milestone and pilot, is written in the same transaction before the e-mail goes out, so a restart or a
second scheduler never sends the same reminder twice.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from bygdevekst.audit.log import log_action
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership
from bygdevekst.programme.enums import MilestoneNature
from bygdevekst.programme.models import Milestone, Pilot
from bygdevekst.programme.status import DONE, milestone_status

from .models import ReminderSent


def days_before():
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 14))


def contacts(pilot):
    """The pilot's project managers and the addressed municipality's e-mail address."""
    emails = set(
        Membership.objects.filter(pilot=pilot, role=Role.PROJECT_MANAGER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if pilot.lead_municipality.email:
        emails.add(pilot.lead_municipality.email)
    return sorted(emails)


def send_deadline_reminders(today=None):
    """Returns the number of reminders sent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days_before())
    milestones = Milestone.objects.filter(nature=MilestoneNature.DEADLINE, date__gte=today, date__lte=horizon)
    sent = 0
    for milestone in milestones.select_related("round"):
        pilots = Pilot.objects.filter(round=milestone.round).select_related("agreement", "lead_municipality")
        already = set(ReminderSent.objects.filter(milestone=milestone).values_list("pilot_id", flat=True))
        for pilot in pilots:
            if pilot.pk in already:
                continue
            if milestone_status(milestone, getattr(pilot, "agreement", None), today)["code"] == DONE:
                continue
            recipients = contacts(pilot)
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(milestone=milestone, pilot=pilot, recipients=", ".join(recipients))
                    with override(settings.LANGUAGE_CODE):
                        subject = _("Reminder: %(title)s on %(date)s") % {
                            "title": milestone.title, "date": milestone.date.strftime("%d.%m.%Y")}
                        body = _("The deadline “%(title)s” for %(pilot)s is %(date)s, in %(days)s days. "
                                 "This is an automatic reminder from Bygdevekst.") % {
                            "title": milestone.title, "pilot": pilot.name,
                            "date": milestone.date.strftime("%d.%m.%Y"), "days": (milestone.date - today).days}
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
                    log_action("milestone.reminder_sent", obj=milestone,
                               data={"pilot": pilot.name, "recipients": recipients})
            except IntegrityError:
                continue  # another run sent it first
            sent += 1
    return sent
