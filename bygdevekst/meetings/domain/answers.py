"""Answering an invitation: a person answers for the participating organisation they belong to.

The answer is the participant's PARTSTAT in every later invitation (update or cancellation), so the
calendars of the others show who has accepted."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.access.roles import roles_of
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused

from ..models import Answer, Participant

MAX_ANSWER_COMMENT = 2000
ANSWERS = [Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED]


def answerable(user, meeting):
    """The participants of the meeting this user may answer for: their own organisations in its pilot."""
    roles = roles_of(user)
    if not roles.authenticated or meeting.agreement_id is None:
        return []
    orgs = roles.org_ids_in(meeting.agreement.pilot_id)
    if not orgs:
        return []
    return list(meeting.participants.filter(organisation__in=orgs).select_related("organisation").order_by("pk"))


def answer_invitation(participant, user, answer, comment="", request=None):
    meeting = participant.meeting
    if meeting.cancelled_at is not None:
        raise Refused(_("The meeting is cancelled; there is nothing to answer."))
    if answer not in ANSWERS:
        raise Refused(_("Choose whether you accept, accept tentatively or decline."), status=400)
    comment = (comment or "").strip()
    if len(comment) > MAX_ANSWER_COMMENT:
        raise Refused(_("A comment can be at most %(max)s characters long.") % {"max": MAX_ANSWER_COMMENT}, status=400)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        before = {"answer": participant.answer, "comment": participant.answer_comment}
        participant.answer, participant.answer_comment = answer, comment
        participant.answered_by, participant.answered_at = user, timezone.now()
        participant.save(update_fields=["answer", "answer_comment", "answered_by", "answered_at"])
        log_action(
            "meeting.answered",
            actor=user,
            obj=meeting,
            agreement=meeting.agreement,
            request=request,
            data={
                "organisation": participant.organisation.name,
                "before": before,
                "after": {"answer": answer, "comment": comment},
            },
        )
    return participant
