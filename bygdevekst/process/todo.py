""" "My tasks": what waits for this person, across pilots, oldest first. One function per kind of person, each a
few flat queries; the front page lists them. A task is {"since", "text", "url", "agreement_id"} — since when it has waited, and on which agreement
(None for a round letter).
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bygdevekst.access.roles import roles_of
from bygdevekst.agreements.enums import AgreementState as S
from bygdevekst.agreements.enums import CountyRole
from bygdevekst.agreements.models import Agreement
from bygdevekst.organisations.enums import Role

from .enums import ResponseState
from .models import StateResponse


def _task(since, text, url, agreement=None, own_step=False):
    """`own_step`: a step of the process only the ministry takes, which the process page already says in its own
    words (next_step.YOUR_STEP), so it is listed on the front page only."""
    if isinstance(since, datetime.date) and not isinstance(since, datetime.datetime):
        since = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    return {"since": since, "text": text, "url": url, "agreement_id": getattr(agreement, "pk", agreement),
            "own_step": own_step}


def _on(queryset, agreement, field="pk", states=None):
    """The rows of one agreement only, when the process page asks what of it waits for its reader — none at all
    (and no query) when the agreement is in none of the `states` these rows are about."""
    if agreement is None:
        return queryset
    if states is not None and agreement.state not in states:
        return queryset.none()
    return queryset.filter(**{field: agreement.pk})


def new_annual_meeting_url(agreement, year):
    """The "new meeting" form, preset to the annual meeting of this agreement and year."""
    return f"{reverse('meetings:create')}?{urlencode({'kind': 'annual', 'agreement': agreement.pk, 'year': year})}"


def _annual_meeting_gaps(agreements, user):
    """An approved agreement holds an annual political meeting every year of its period (meetings/annual.py):
    each ended year without one waits, from the first day after that year. Whoever records meetings is taken
    straight to the new annual meeting; the others to the agreement's process page."""
    from bygdevekst.meetings.annual import missing_years

    agreements = list(agreements)
    gaps = missing_years(agreements)
    records = user.has_perm("meetings.manage")
    tasks = []
    for a in agreements:
        for year in gaps.get(a.pk, ()):
            tasks.append(
                _task(
                    datetime.date(year + 1, 1, 1),
                    _("Annual political meeting for %(year)s not held or not recorded (%(pilot)s)")
                    % {"year": year, "pilot": a.pilot.name},
                    new_annual_meeting_url(a, year) if records else reverse("process:agreement", args=[a.pk]),
                    a,
                )
            )
    return tasks


def _approvals_waiting(agreements, only=None, government=False):
    """In the approval round: each council (of `only`, organisation ids, if given) whose final approval of the
    agreed text is not yet recorded; with `government`, the government's own approval (KDD records it)."""
    from .domain.anchoring import final_approval_status

    tasks = []
    for a in agreements:
        version, rows = final_approval_status(a)
        if version is None:
            continue
        if government and all(row["ok"] for row in rows):
            tasks.append(
                _task(
                    a.updated_at,
                    _("Every approval of the final text is recorded: mark the agreement with %(pilot)s approved")
                    % {"pilot": a.pilot.name},
                    reverse("process:agreement", args=[a.pk]),
                    a,
                    own_step=True,
                )
            )
        for row in rows:
            if row["ok"]:
                continue
            if row["organisation"] is None:
                if government:
                    tasks.append(
                        _task(
                            a.updated_at,
                            _("The final text awaits the government's approval: record it when it is made "
                              "(%(pilot)s)") % {"pilot": a.pilot.name},
                            reverse("process:record_decision", args=[a.pk]),
                            a,
                        )
                    )
                continue
            if only is not None and row["organisation"].pk not in only:
                continue
            tasks.append(
                _task(
                    a.updated_at,
                    _("The final text awaits the approval of %(org)s: record the decision when it is made (%(pilot)s)")
                    % {"org": row["organisation"].name, "pilot": a.pilot.name},
                    reverse("process:agreement", args=[a.pk]),
                    a,
                )
            )
    return tasks


def _meetings_to_attend(meetings):
    return [
        _task(
            m.created_at,
            _("Attend the meeting “%(title)s” on %(date)s") % {"title": m.title, "date": m.date.strftime("%d.%m.%Y")},
            m.get_absolute_url(),
            m.agreement_id,
        )
        for m in meetings
    ]


def _upcoming(meetings):
    return meetings.filter(date__gte=timezone.localdate(), cancelled_at__isnull=True, participants__invited=True)


# The ministry's own steps between its response and the signing, one whole sentence each (R11: the dialogue
# meeting is a real step). next_step.YOUR_STEP says the same on the process page; here they wait on the front page.
MINISTRY_STEPS = {
    S.RESPONDED: lambda pilot: _("Open the dialogue with %(pilot)s and call the dialogue meeting") % {"pilot": pilot},
    S.IN_DIALOGUE: lambda pilot: _("Hold the dialogue meeting with %(pilot)s, settle the items of the response and "
                                   "agree on the final text") % {"pilot": pilot},
    S.AGREED: lambda pilot: _("Send the final text agreed with %(pilot)s to the councils and the government for "
                              "approval") % {"pilot": pilot},
    S.APPROVED: lambda pilot: _("Record the signing of the agreement with %(pilot)s once the parties have signed")
    % {"pilot": pilot},
}


def _ministry_steps(on):
    from .models import Signing
    from .models.records import RecordStatus

    states = tuple(MINISTRY_STEPS)
    signed = Signing.objects.filter(record_status=RecordStatus.IN_FORCE).values("agreement_id")
    agreements = (
        _on(Agreement.objects, on, states=states).filter(state__in=states)
        .exclude(state=S.APPROVED, pk__in=signed).select_related("pilot").only("state", "updated_at", "pilot__name")
    )
    return [
        _task(
            a.updated_at,
            MINISTRY_STEPS[a.state](a.pilot.name),
            reverse("process:sign", args=[a.pk]) if a.state == S.APPROVED else reverse("process:agreement",
                                                                                      args=[a.pk]),
            a,
            own_step=True,
        )
        for a in agreements
    ]


def kdd_tasks(user, on=None):
    from bygdevekst.correspondence.models import Letter

    tasks = []
    responses = _on(StateResponse.objects, on, "agreement_id", (S.SUBMITTED,)).filter(
        state__in=(ResponseState.DRAFT, ResponseState.APPROVED)).select_related("agreement__pilot", "author")
    answered = set()
    for r in responses:
        answered.add(r.agreement_id)
        pilot = r.agreement.pilot.name
        url = reverse("process:response", args=[r.pk])
        if r.state == ResponseState.DRAFT and r.author_id != user.pk:
            tasks.append(
                _task(
                    r.created_at,
                    _("Approve the state's response to %(pilot)s, written by %(author)s")
                    % {"pilot": pilot, "author": r.author},
                    url,
                    r.agreement_id,
                )
            )
        elif r.state == ResponseState.APPROVED and r.author_id == user.pk:
            tasks.append(
                _task(
                    r.approved_at or r.created_at,
                    _("Publish the approved response to %(pilot)s") % {"pilot": pilot},
                    url,
                    r.agreement_id,
                )
            )
    for a in _on(Agreement.objects, on, states=(S.SUBMITTED,)).filter(state=S.SUBMITTED).exclude(pk__in=answered).select_related("pilot"):
        tasks.append(
            _task(
                a.submitted_at,
                _("Write the state's response to the proposal from %(pilot)s") % {"pilot": a.pilot.name},
                reverse("process:edit_response", args=[a.pk]),
                a,
            )
        )
    letters = Letter.objects.filter(state="draft").exclude(created_by=user)
    if on is not None:
        letters = letters.filter(pilot_id=on.pilot_id)
    for letter in letters.select_related("created_by", "pilot__agreement", "round"):
        tasks.append(
            _task(letter.created_at, approve_letter_text(letter), letter.get_absolute_url(),
                  getattr(getattr(letter.pilot, "agreement", None), "pk", None))
        )
    tasks += _undelivered_letters(on)
    tasks += _approvals_waiting(
        _on(Agreement.objects, on, states=(S.IN_APPROVAL,)).filter(state=S.IN_APPROVAL).select_related("pilot"),
        only=set(),
        government=True,
    )
    tasks += _ministry_steps(on)
    followed = _on(Agreement.objects, on, states=(S.APPROVED, S.ENDED)).filter(state__in=(S.APPROVED, S.ENDED))
    # Every approved agreement of every round: only what the annual-meeting check and the task's text read.
    followed = followed.select_related("pilot").only(
        "state", "period_start", "period_end", "approved_at", "pilot__name")
    tasks += _annual_meeting_gaps(followed, user)
    return tasks


def _undelivered_letters(on):
    """A sent letter some recipients never got (every retry failed): KDD sends it to them again from the letter
    page, and the task goes once no delivery of it has given up."""
    from django.db.models import Count, Q

    from bygdevekst.correspondence.enums import DeliveryStatus
    from bygdevekst.correspondence.models import Delivery, Letter

    given_up = Q(deliveries__status=DeliveryStatus.GAVE_UP)
    # only the letters with such a delivery are counted (not every letter ever sent, grouped on each front page)
    letters = Letter.objects.filter(
        pk__in=Delivery.objects.filter(status=DeliveryStatus.GAVE_UP).values("letter_id")
    ).annotate(undelivered=Count("deliveries", filter=given_up))
    if on is not None:
        letters = letters.filter(pilot_id=on.pilot_id)
    return [
        _task(letter.approved_at or letter.created_at,
              ngettext("The letter “%(title)s” did not reach %(count)d recipient: send it again",
                       "The letter “%(title)s” did not reach %(count)d recipients: send it again",
                       letter.undelivered) % {"title": letter.title, "count": letter.undelivered},
              letter.get_absolute_url(), getattr(getattr(letter.pilot, "agreement", None), "pk", None))
        for letter in letters.select_related("pilot__agreement")
    ]


def approve_letter_text(letter):
    """Which letter, to whom, by whom: a pilot's letter names the pilot, a round letter the round."""
    if letter.pilot_id:
        return _("Approve the letter “%(title)s” to %(pilot)s, written by %(author)s") % {
            "title": letter.title, "pilot": letter.pilot.name, "author": letter.created_by}
    return _("Approve the letter “%(title)s” to the pilots of %(round)s, written by %(author)s") % {
        "title": letter.title, "round": letter.round.name, "author": letter.created_by}


def project_manager_tasks(user, pilot_ids, on=None):
    from bygdevekst.meetings.models import Meeting

    from .domain.anchoring import proposal_status
    from .domain.partners import partner_status
    from .domain.transitions import submission_reasons

    tasks = []
    drafts = _on(Agreement.objects, on, states=(S.DRAFT,)).filter(pilot_id__in=pilot_ids, state=S.DRAFT)
    for a in drafts.select_related("pilot__round"):
        url = reverse("process:agreement", args=[a.pk])
        since = a.created_at
        missing = [row["organisation"].name for row in proposal_status(a) if row["required"] and not row["ok"]]
        for name in missing:
            tasks.append(
                _task(
                    since,
                    _("Record the anchoring decision of %(org)s (%(pilot)s)") % {"org": name, "pilot": a.pilot.name},
                    url,
                    a,
                )
            )
        for row in partner_status(a):
            if not row["confirmed"]:
                tasks.append(
                    _task(
                        since,
                        _("%(org)s has not confirmed its commitments (%(pilot)s)")
                        % {"org": row["organisation"].name, "pilot": a.pilot.name},
                        url,
                        a,
                    )
                )
        if not submission_reasons(a):
            tasks.append(_task(since, _("Submit the proposal from %(pilot)s") % {"pilot": a.pilot.name}, url, a))
    def mine(*states):
        return _on(Agreement.objects, on, states=states).filter(pilot_id__in=pilot_ids, state__in=states).select_related(
            "pilot")

    tasks += _approvals_waiting(mine(S.IN_APPROVAL))
    tasks += _annual_meeting_gaps(mine(S.APPROVED, S.ENDED), user)
    meetings = _on(Meeting.objects, on, "agreement_id").filter(agreement__pilot_id__in=pilot_ids)
    tasks += _meetings_to_attend(_upcoming(meetings).distinct())
    return tasks


def county_officer_tasks(user, county_ids, on=None):
    from bygdevekst.agreements.guards import BEFORE_AGREED_STATES
    from bygdevekst.meetings.models import Meeting

    from .domain.partners import flagged_county_commitments

    tasks = []
    agreements = _on(Agreement.objects, on, states=BEFORE_AGREED_STATES).filter(
        pilot__county_council_id__in=county_ids, state__in=BEFORE_AGREED_STATES
    ).select_related("pilot")
    for a in agreements:
        for row in flagged_county_commitments(a):
            if row["confirmation"] is None:
                tasks.append(
                    _task(
                        a.updated_at,
                        _("Confirm the county council's commitment “%(text)s” (%(pilot)s)")
                        % {"text": row["commitment"].text[:80], "pilot": a.pilot.name},
                        reverse("process:agreement", args=[a.pk]),
                        a,
                    )
                )
    meetings = _upcoming(_on(Meeting.objects, on, "agreement_id").filter(
        participants__organisation_id__in=county_ids)).distinct()
    tasks += _meetings_to_attend(m for m in meetings if _county_may_see(m, county_ids))
    main = _on(Agreement.objects, on, states=(S.IN_APPROVAL,)).filter(
        pilot__county_council_id__in=county_ids, state=S.IN_APPROVAL, county_role=CountyRole.MAIN_PARTY
    ).select_related("pilot")
    tasks += _approvals_waiting(main, only=set(county_ids))
    return tasks


def _county_may_see(meeting, county_ids):
    """A county council's officer sees a pilot's meetings only where the council is a party (access/visibility)."""
    if meeting.agreement_id is None:
        return True
    return meeting.agreement.parties.filter(organisation_id__in=county_ids).exists()


def my_tasks(user, agreement=None):
    """Everything that waits for `user`, oldest first (on `agreement` only, if given)."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    tasks = []
    if roles.kdd:
        tasks += kdd_tasks(user, agreement)
    if roles.managed_pilots:
        tasks += project_manager_tasks(user, roles.managed_pilots, agreement)
    county_ids = roles.org_ids(Role.COUNTY_OFFICER)
    if county_ids:
        tasks += county_officer_tasks(user, county_ids, agreement)
    return sorted(tasks, key=lambda t: t["since"] or timezone.now())
