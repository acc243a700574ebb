"""R11: the dialogue is a real step. KDD agrees the final text only after a dialogue meeting was held with the
pilot's parties (the county council invited as an independent elected body wherever it is a party) and every
agenda item from the response is settled — or KDD records why not (an override, logged with the agreement's
`agree` entry and shown on the process page). R3 holds here too (`partners.county_commitments_confirmed`).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.enums import CountyRole
from bygdevekst.core.guards import Guard
from bygdevekst.core.memo import once
from bygdevekst.meetings.models import AgendaItem, ItemOutcome, MeetingKind

# An item is settled when the meeting agreed it, agreed to change the text, or it was withdrawn;
# "open" and "deferred" still wait for the dialogue.
SETTLED = (ItemOutcome.AGREED, ItemOutcome.CHANGED, ItemOutcome.WITHDRAWN)


def expected_participants(agreement):
    """The organisation ids a dialogue meeting must have invited: every party, and the county council
    wherever it is main or cooperation party."""
    ids = set(agreement.parties.values_list("organisation_id", flat=True))
    if agreement.county_role != CountyRole.NOT_PARTY:
        ids.add(agreement.pilot.county_council_id)
    return ids


def _was_held(meeting):
    """A meeting counts as held when its date has come and something of it is recorded: minutes, an outcome
    or an attendance. A meeting only called (a date in the calendar) is not the dialogue."""
    if meeting.date > timezone.localdate():
        return False
    return bool(
        meeting.minutes.strip()
        or meeting.items.exclude(outcome=ItemOutcome.OPEN).exists()
        or meeting.participants.filter(attended=True).exists()
    )


def held_dialogue_meetings(agreement):
    """The agreement's dialogue meetings that were held with every expected party invited (read once per request:
    the process page asks the agree guard for its actions, its override and its tasks; core/memo.py)."""
    return once(("held-dialogue-meetings", agreement.pk, agreement.county_role),
                lambda: _held_dialogue_meetings(agreement))


def _held_dialogue_meetings(agreement):
    expected = expected_participants(agreement)
    meetings = agreement.meetings.filter(kind=MeetingKind.DIALOGUE).prefetch_related("participants")
    return [
        m for m in meetings
        if expected <= {p.organisation_id for p in m.participants.all() if p.invited} and _was_held(m)
    ]


def unsettled_items(agreement):
    """The response items that need dialogue whose latest agenda item (by meeting date) is not settled, or that
    no dialogue meeting has taken up. Read once per request (core/memo.py)."""
    return once(("unsettled-items", agreement.pk), lambda: _unsettled_items(agreement))


def _unsettled_items(agreement):
    from .response import dialogue_agenda  # response.py publishes through transitions, which imports us

    latest = {}
    items = (AgendaItem.objects.filter(meeting__agreement=agreement, meeting__kind=MeetingKind.DIALOGUE)
             .select_related("meeting").order_by("meeting__date", "meeting_id", "pk"))
    for item in items:
        if item.target_uid is not None:
            latest[item.target_uid] = item
    return [
        item for item in dialogue_agenda(agreement)
        if latest.get(item.target_uid) is None or latest[item.target_uid].outcome not in SETTLED
    ]


dialogue_meeting_held = Guard(
    lambda agreement: bool(held_dialogue_meetings(agreement)),
    _("No dialogue meeting has been held with all the pilot's parties (the county council invited where it is a "
      "party). Hold the meeting and record its minutes first."),
    name="dialogue_meeting_held",
)
agenda_items_settled = Guard(
    lambda agreement: not unsettled_items(agreement),
    _("Some items from the state's response are not settled in a dialogue meeting. Record the outcome of each "
      "item in the meeting's minutes first."),
    name="agenda_items_settled",
)

# What KDD may set aside with a recorded reason (R11); R3 cannot be set aside.
OVERRIDABLE = (dialogue_meeting_held, agenda_items_settled)
