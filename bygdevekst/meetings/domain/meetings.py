"""Business actions on meetings: create (with participants and a proposed agenda), edit, minutes."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.agreements.enums import CountyRole, PartyRole
from bygdevekst.audit.log import changes, log_action
from bygdevekst.core.guards import Refused

from ..agenda import proposed_agenda
from ..invitations import CANCEL, REQUEST
from ..models import AgendaItem, ItemOutcome, Meeting, MeetingKind, Participant, ParticipantCapacity

# A change to any of these is a change to the calendar event: the participants get an updated invitation.
SCHEDULE_FIELDS = ["title", "date", "start_time", "end_time", "place", "video_url"]
FIELDS = ["kind", "title", "date", "start_time", "end_time", "place", "video_url", "agenda", "minutes", "decisions"]


def _participants(meeting, agreement):
    if agreement is None:
        return
    rows = {}
    for party in agreement.parties.select_related("organisation"):
        capacity = (ParticipantCapacity.MAIN_PARTY if party.role == PartyRole.MAIN_PARTY
                    else ParticipantCapacity.COOPERATION_PARTY)
        rows[party.organisation_id] = capacity
    county = agreement.pilot.county_council_id
    if meeting.kind == MeetingKind.DIALOGUE:
        # The letter: KDD invites the county council into the dialogue as an independent elected body.
        rows[county] = ParticipantCapacity.INDEPENDENT_ELECTED_BODY
    elif agreement.county_role == CountyRole.NOT_PARTY:
        rows.pop(county, None)
    Participant.objects.bulk_create(
        Participant(meeting=meeting, organisation_id=org_id, capacity=capacity) for org_id, capacity in rows.items()
    )


def _invite(meeting, method=REQUEST, participant_ids=None):
    from ..tasks import invite_on_commit  # the task module imports django_tasks; keep domain import light

    invite_on_commit(meeting, method, participant_ids)


def upcoming(*dates):
    """Calendars are told about a meeting only while it lies ahead: one dated before today is a record of a
    meeting already held (an annual meeting registered after the fact), and nobody wants an invitation, an
    update or a cancellation for a day that has passed."""
    today = timezone.localdate()
    return any(d >= today for d in dates)


def invitations_due(meeting):
    """How many participants calling this meeting e-mails: none once it is cancelled or its day has passed."""
    from ..invitations import invitees

    return len(invitees(meeting)) if meeting.cancelled_at is None and upcoming(meeting.date) else 0


def create_meeting(user, data, agreement=None, request=None, invite=True):
    """Calls the meeting: with participants and invite, each participant with an address gets an invitation —
    if the meeting lies ahead; one dated before today is recorded as held, and nobody is e-mailed (upcoming)."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agreement=agreement, round=agreement.pilot.round if agreement else None,
            **{k: data[k] for k in FIELDS if k in data},
        )
        _participants(meeting, agreement)
        items = proposed_agenda(meeting.kind, agreement) if agreement else []
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=it["title"][:300], target_uid=it.get("target_uid"),
                       source=it.get("source", "")[:100], question=it.get("question", ""))
            for i, it in enumerate(items)
        )
        invited = bool(invite and invitations_due(meeting))
        log_action("meeting.created", actor=user, obj=meeting, agreement=agreement, request=request,
                   data={"kind": meeting.kind, "date": meeting.date.isoformat(), "agenda_items": len(items),
                         "invited": invited})
        if invited:
            _invite(meeting)
    return meeting


def edit_meeting(meeting, user, data, lock_version, request=None):
    """Returns False when someone else saved first (optimistic lock): nothing is saved."""
    with transaction.atomic():
        before = {k: str(getattr(meeting, k)) for k in FIELDS}
        date_before = meeting.date
        updated = Meeting.objects.filter(pk=meeting.pk, lock_version=lock_version).update(
            lock_version=F("lock_version") + 1, **{k: data.get(k, getattr(meeting, k)) for k in FIELDS}
        )
        if not updated:
            return False
        meeting.refresh_from_db()
        after = {k: str(getattr(meeting, k)) for k in FIELDS}
        rescheduled = meeting.cancelled_at is None and any(before[k] != after[k] for k in SCHEDULE_FIELDS)
        if rescheduled:
            Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
            meeting.refresh_from_db()
            if upcoming(date_before, meeting.date):
                _invite(meeting)
        log_action("meeting.edited", actor=user, obj=meeting, agreement=meeting.agreement, request=request,
                   data={**changes(before, after), **({"sequence": meeting.sequence} if rescheduled else {})})
    return True


def cancel_meeting(meeting, user, request=None):
    """Cancels the meeting: the participants' calendars drop it (METHOD:CANCEL with a higher SEQUENCE)."""
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), sequence=F("sequence") + 1, lock_version=F("lock_version") + 1
        )
        meeting.refresh_from_db()
        if not updated:
            return False
        if upcoming(meeting.date):
            _invite(meeting, CANCEL)
        log_action("meeting.cancelled", actor=user, obj=meeting, agreement=meeting.agreement, request=request,
                   data={"sequence": meeting.sequence})
    return True


def participant_invited(meeting, participant):
    """Whether a participant added now gets the invitation: the meeting lies ahead, is not cancelled, and the
    participant is to be invited and has an address."""
    return bool(meeting.cancelled_at is None and upcoming(meeting.date) and participant.invited
                and participant.invitation_address)


def add_participant(meeting, user, participant, request=None):
    """Adds an unsaved Participant (organisation, capacity, …) to the meeting; an organisation already taking
    part is refused. One added to an upcoming meeting gets the invitation the others have (the same UID and
    SEQUENCE: RFC 5546 adds an attendee without a new sequence)."""
    if meeting.participants.filter(organisation=participant.organisation).exists():
        raise Refused(_("%(org)s already takes part in this meeting.") % {"org": participant.organisation.name})
    with transaction.atomic():
        participant.meeting = meeting
        participant.save()
        invited = participant_invited(meeting, participant)
        if invited:
            _invite(meeting, REQUEST, [participant.pk])
        log_action("meeting.participant_added", actor=user, obj=meeting, agreement=meeting.agreement,
                   request=request, data={"organisation": participant.organisation.name,
                                          "capacity": participant.capacity, "invited": invited})
    return participant


def add_agenda_item(meeting, user, item, request=None):
    """Adds an unsaved AgendaItem (its title) at the end of the agenda."""
    with transaction.atomic():
        item.meeting = meeting
        item.position = meeting.items.count()
        item.source = "manual"
        item.save()
        log_action("meeting.item_added", actor=user, obj=meeting, agreement=meeting.agreement,
                   request=request, data={"title": item.title})
    return item


def outcome_correction_reasons(outcomes, reason):
    """R9: an outcome once recorded (anything but open) is changed or withdrawn only with a reason."""
    settled = [item.title for item, (outcome, text) in outcomes.items()
               if item.outcome != ItemOutcome.OPEN and (item.outcome, item.outcome_text) != (outcome, text)]
    if settled and not (reason or "").strip():
        return [_("Give the reason for changing a recorded outcome: %(items)s.") % {"items": ", ".join(settled)}]
    return []


def record_outcomes(meeting, user, outcomes, request=None, reason=""):
    """outcomes: {item: (outcome, text)}. Changing an outcome already recorded is a correction (R9): it needs
    a reason, and the log keeps what it said before, in words."""
    reasons = outcome_correction_reasons(outcomes, reason)
    if reasons:
        raise Refused(reasons)
    with transaction.atomic():
        changed, corrected = {}, {}
        for item, (outcome, text) in outcomes.items():
            if (item.outcome, item.outcome_text) != (outcome, text):
                changed[item.title] = {"before": item.outcome, "after": outcome, "text": text}
                if item.outcome != ItemOutcome.OPEN:
                    corrected[item.title] = {
                        "before": f"{item.get_outcome_display()}: {item.outcome_text}".rstrip(": "),
                        "after": f"{ItemOutcome(outcome).label}: {text}".rstrip(": "),
                    }
                item.outcome, item.outcome_text = outcome, text
                item.save(update_fields=["outcome", "outcome_text"])
        log_action("meeting.minutes_recorded", actor=user, obj=meeting, agreement=meeting.agreement,
                   request=request, data=changed)
        if corrected:
            log_action("meeting.outcome_corrected", actor=user, obj=meeting, agreement=meeting.agreement,
                       request=request, data={"reason": reason, "items": corrected})


def outcome_corrections(meeting):
    """The corrections of this meeting's outcomes, newest first: what each said before, and why it changed."""
    from bygdevekst.audit.models import ActionLog

    return ActionLog.objects.filter(action="meeting.outcome_corrected", object_type="meetings.meeting",
                                    object_id=str(meeting.pk)).select_related("actor").order_by("-pk")
