"""Invitations go out from the task worker, after the transaction that changed the meeting commits."""

from django.db import transaction
from django_tasks import task

from . import invitations


@task()
def send_meeting_invitations(meeting_id, method, participant_ids=None):
    return invitations.send_invitations(meeting_id, method, participant_ids)


def invite_on_commit(meeting, method=invitations.REQUEST, participant_ids=None):
    transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting.pk, method, participant_ids))
