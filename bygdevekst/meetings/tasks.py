"""Invitations go out from the task worker, after the transaction that changed the meeting commits."""

from django.db import transaction
from django_tasks import task

from . import invitations


@task()
def send_meeting_invitations(meeting_id, method):
    return invitations.send_invitations(meeting_id, method)


def invite_on_commit(meeting, method=invitations.REQUEST):
    transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting.pk, method))
