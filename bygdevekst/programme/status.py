"""Milestone status per pilot (R7): done, due, overdue (deadlines only) or expected.

Only a deadline can make a pilot late; an expected date never does, even when it has passed.
"""


from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.enums import AgreementState as S

from .enums import MilestoneKind, MilestoneNature

DONE = "done"
DUE = "due"
OVERDUE = "overdue"
EXPECTED = "expected"

LABELS = {DONE: _("done"), DUE: _("due"), OVERDUE: _("overdue"), EXPECTED: _("expected")}

# The agreement states at or after which a milestone's step is done.
_ORDER = [S.DRAFT, S.SUBMITTED, S.RESPONDED, S.IN_DIALOGUE, S.AGREED, S.IN_APPROVAL, S.APPROVED, S.ENDED]
_DONE_AT = {
    MilestoneKind.PROPOSAL: S.SUBMITTED,
    MilestoneKind.RESPONSE: S.RESPONDED,
    MilestoneKind.DIALOGUE: S.AGREED,
    MilestoneKind.APPROVAL: S.APPROVED,
}


def proposal_deadline(round_):
    """The round's proposal deadline milestone, from prefetched milestones when available."""
    for m in round_.milestones.all():
        if m.kind == MilestoneKind.PROPOSAL and m.nature == MilestoneNature.DEADLINE:
            return m
    return None


def _local_date(dt):
    return timezone.localtime(dt).date() if dt is not None else None


def submission_is_late(agreement):
    """Late = submitted after the proposal deadline's date (in Norwegian time)."""
    deadline = proposal_deadline(agreement.pilot.round)
    return submitted_after(agreement.submitted_at, deadline.date if deadline else None)


def submitted_after(submitted_at, deadline_date):
    """The one lateness rule: submitted (in Norwegian time) after the deadline's date; no deadline, never late."""
    submitted = _local_date(submitted_at)
    return bool(deadline_date and submitted and submitted > deadline_date)


def _step_done(milestone, agreement):
    if agreement is None:
        return False
    target = _DONE_AT.get(milestone.kind)
    if target is None or agreement.state == S.WITHDRAWN:
        return False
    if milestone.kind == MilestoneKind.PROPOSAL and agreement.submitted_at:
        return True
    return agreement.state in _ORDER and _ORDER.index(agreement.state) >= _ORDER.index(target)


def milestone_status(milestone, agreement, today=None):
    """A dict with the status code, its label and whether it was done late."""
    today = today or timezone.localdate()
    done = _step_done(milestone, agreement)
    late = False
    if done:
        code = DONE
        if milestone.is_deadline and milestone.kind == MilestoneKind.PROPOSAL and agreement.submitted_at:
            late = _local_date(agreement.submitted_at) > milestone.date
    elif milestone.nature != MilestoneNature.DEADLINE:
        code = EXPECTED
    elif milestone.date < today:
        code = OVERDUE
    else:
        code = DUE
    return {"milestone": milestone, "code": code, "label": LABELS[code], "late": late}


def pilot_statuses(pilot, today=None):
    agreement = getattr(pilot, "agreement", None)
    return [milestone_status(m, agreement, today) for m in pilot.round.milestones.all()]


def at_risk(statuses):
    """A pilot is at risk only while a deadline is open and overdue: a step done late makes it late, not at
    risk, and an approved agreement has nothing left to be at risk for."""
    return any(s["code"] == OVERDUE for s in statuses)


def was_late(statuses):
    """A deadline met after its date: shown as late, for good."""
    return any(s["late"] for s in statuses)


