""""My tasks": what waits for this person, across pilots, oldest first. One function per kind of person, each a
few flat queries; the front page lists them. A task is {"since", "text", "url"} — since when it has waited.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.access.roles import roles_of
from bygdevekst.agreements.enums import AgreementState as S
from bygdevekst.agreements.models import Agreement
from bygdevekst.organisations.enums import Role

from .enums import ResponseState
from .models import StateResponse


def _task(since, text, url):
    if isinstance(since, datetime.date) and not isinstance(since, datetime.datetime):
        since = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    return {"since": since, "text": text, "url": url}


def kdd_tasks(user):
    from bygdevekst.correspondence.models import Letter

    tasks = []
    responses = StateResponse.objects.filter(state__in=(ResponseState.DRAFT, ResponseState.APPROVED)).select_related(
        "agreement__pilot", "author")
    answered = set()
    for r in responses:
        answered.add(r.agreement_id)
        pilot = r.agreement.pilot.name
        url = reverse("process:response", args=[r.pk])
        if r.state == ResponseState.DRAFT and r.author_id != user.pk:
            tasks.append(_task(r.created_at, _("Approve the state's response to %(pilot)s, written by %(author)s")
                               % {"pilot": pilot, "author": r.author}, url))
        elif r.state == ResponseState.APPROVED and r.author_id == user.pk:
            tasks.append(_task(r.approved_at or r.created_at,
                               _("Publish the approved response to %(pilot)s") % {"pilot": pilot}, url))
    for a in Agreement.objects.filter(state=S.SUBMITTED).exclude(pk__in=answered).select_related("pilot"):
        tasks.append(_task(a.submitted_at, _("Write the state's response to the proposal from %(pilot)s")
                           % {"pilot": a.pilot.name}, reverse("process:edit_response", args=[a.pk])))
    for letter in Letter.objects.filter(state="draft").exclude(created_by=user).select_related("created_by"):
        tasks.append(_task(letter.created_at, _("Approve the letter “%(title)s”, written by %(author)s")
                           % {"title": letter.title, "author": letter.created_by}, letter.get_absolute_url()))
    return tasks


def project_manager_tasks(user, pilot_ids):
    from .domain.anchoring import proposal_status
    from .domain.partners import partner_status
    from .domain.transitions import submission_reasons

    tasks = []
    for a in Agreement.objects.filter(pilot_id__in=pilot_ids, state=S.DRAFT).select_related("pilot__round"):
        url = reverse("process:agreement", args=[a.pk])
        since = a.created_at
        missing = [row["organisation"].name for row in proposal_status(a) if row["required"] and not row["ok"]]
        for name in missing:
            tasks.append(_task(since, _("Record the anchoring decision of %(org)s (%(pilot)s)")
                               % {"org": name, "pilot": a.pilot.name}, url))
        for row in partner_status(a):
            if not row["confirmed"]:
                tasks.append(_task(since, _("%(org)s has not confirmed its commitments (%(pilot)s)")
                                   % {"org": row["organisation"].name, "pilot": a.pilot.name}, url))
        if not submission_reasons(a):
            tasks.append(_task(since, _("Submit the proposal from %(pilot)s") % {"pilot": a.pilot.name}, url))
    return tasks


def county_officer_tasks(user, county_ids):
    from bygdevekst.agreements.guards import BEFORE_AGREED_STATES
    from bygdevekst.meetings.models import Meeting

    from .domain.partners import flagged_county_commitments

    tasks = []
    agreements = Agreement.objects.filter(pilot__county_council_id__in=county_ids,
                                          state__in=BEFORE_AGREED_STATES).select_related("pilot")
    for a in agreements:
        for row in flagged_county_commitments(a):
            if row["confirmation"] is None:
                tasks.append(_task(a.updated_at, _("Confirm the county council's commitment “%(text)s” (%(pilot)s)")
                                   % {"text": row["commitment"].text[:80], "pilot": a.pilot.name},
                                   reverse("process:agreement", args=[a.pk])))
    meetings = Meeting.objects.filter(participants__organisation_id__in=county_ids, participants__invited=True,
                                      date__gte=timezone.localdate()).distinct()
    for m in meetings:
        tasks.append(_task(m.created_at, _("Attend the meeting “%(title)s” on %(date)s")
                           % {"title": m.title, "date": m.date.strftime("%d.%m.%Y")}, m.get_absolute_url()))
    return tasks


def my_tasks(user):
    """Everything that waits for `user`, oldest first."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    tasks = []
    if roles.kdd:
        tasks += kdd_tasks(user)
    if roles.managed_pilots:
        tasks += project_manager_tasks(user, roles.managed_pilots)
    county_ids = roles.org_ids(Role.COUNTY_OFFICER)
    if county_ids:
        tasks += county_officer_tasks(user, county_ids)
    return sorted(tasks, key=lambda t: t["since"] or timezone.now())
