"""Business actions on meetings: create (with participants and a proposed agenda), edit, minutes."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from bygdevekst.agreements.enums import CountyRole, PartyRole
from bygdevekst.audit.log import changes, log_action
from bygdevekst.core.guards import Refused

from ..agenda import proposed_agenda
from ..models import AgendaItem, ItemOutcome, Meeting, MeetingKind, Participant, ParticipantCapacity

FIELDS = ["kind", "title", "date", "place", "agenda", "minutes", "decisions"]


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


def create_meeting(user, data, agreement=None, request=None):
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agreement=agreement, round=agreement.pilot.round if agreement else None,
            **{k: data.get(k, "") for k in FIELDS if k in data},
        )
        _participants(meeting, agreement)
        items = proposed_agenda(meeting.kind, agreement) if agreement else []
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=it["title"][:300], target_uid=it.get("target_uid"),
                       source=it.get("source", "")[:100])
            for i, it in enumerate(items)
        )
        log_action("meeting.created", actor=user, obj=meeting, agreement=agreement, request=request,
                   data={"kind": meeting.kind, "date": meeting.date.isoformat(), "agenda_items": len(items)})
    return meeting


def edit_meeting(meeting, user, data, lock_version, request=None):
    """Returns False when someone else saved first (optimistic lock): nothing is saved."""
    with transaction.atomic():
        before = {k: str(getattr(meeting, k)) for k in FIELDS}
        updated = Meeting.objects.filter(pk=meeting.pk, lock_version=lock_version).update(
            lock_version=F("lock_version") + 1, **{k: data[k] for k in FIELDS}
        )
        if not updated:
            return False
        meeting.refresh_from_db()
        after = {k: str(getattr(meeting, k)) for k in FIELDS}
        log_action("meeting.edited", actor=user, obj=meeting, agreement=meeting.agreement, request=request,
                   data=changes(before, after))
    return True


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
