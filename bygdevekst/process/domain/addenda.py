"""Addenda: an agreement in force is changed only by numbered addenda, approved like the agreement (R4)
by every municipal council, a main-party county council and the government, on the same text (by hash)."""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Guard, Refused

from ..enums import AddendumState
from .anchoring import approval_rows, missing_reasons

in_force = Guard(lambda agreement: agreement.state == AgreementState.APPROVED,
                 gettext_lazy("Only an agreement in force is changed by addenda."), name="in_force")
addendum_is_draft = Guard(lambda addendum: addendum.state == AddendumState.DRAFT,
                          gettext_lazy("Only a draft addendum can be sent for approval."), name="addendum_is_draft")
addendum_in_approval = Guard(lambda addendum: addendum.state == AddendumState.IN_APPROVAL,
                             gettext_lazy("Only an addendum sent for approval can be approved."),
                             name="addendum_in_approval")


def addendum_hash(addendum):
    return hashlib.sha256(f"{addendum.number}\n{addendum.title}\n{addendum.text}".encode()).hexdigest()


def addendum_status(addendum, decisions=None):
    decisions = list(addendum.decisions.all()) if decisions is None else decisions
    return approval_rows(addendum.agreement, addendum.sha256 or None, decisions)


def create_addendum(agreement, user, title, text, request=None):
    """A new draft addendum to an agreement in force, numbered after the last one."""
    from ..models import Addendum

    in_force.check(agreement)
    with transaction.atomic():
        number = agreement.addenda.count() + 1
        addendum = Addendum.objects.create(agreement=agreement, number=number, created_by=user,
                                           state=AddendumState.DRAFT, title=title, text=text)
        log_action("agreement.addendum_created", actor=user, obj=addendum, agreement=agreement,
                   data={"number": number, "title": addendum.title}, request=request)
    return addendum


def send_for_approval(addendum, user, request=None):
    """Freezes the addendum's text: its hash is what the councils approve."""
    addendum_is_draft.check(addendum)
    with transaction.atomic():
        addendum.sha256 = addendum_hash(addendum)
        addendum.state = AddendumState.IN_APPROVAL
        addendum.save(update_fields=["sha256", "state"])
        log_action("agreement.addendum_sent_for_approval", actor=user, obj=addendum, agreement=addendum.agreement,
                   data={"number": addendum.number, "sha256": addendum.sha256,
                         "state": {"before": AddendumState.DRAFT, "after": AddendumState.IN_APPROVAL}}, request=request)
    return addendum


def approve_addendum(addendum, user, request=None):
    addendum_in_approval.check(addendum)
    reasons = missing_reasons(addendum_status(addendum), _("addendum %(n)s") % {"n": addendum.number})
    if addendum_hash(addendum) != addendum.sha256:
        reasons.append(_("The addendum's text changed after it was sent for approval."))
    if reasons:
        raise Refused(reasons)
    with transaction.atomic():
        addendum.state = AddendumState.APPROVED
        addendum.approved_at = timezone.now()
        addendum.save(update_fields=["state", "approved_at"])
        log_action("agreement.addendum_approved", actor=user, obj=addendum, agreement=addendum.agreement,
                   data={"number": addendum.number, "sha256": addendum.sha256,
                         "state": {"before": AddendumState.IN_APPROVAL, "after": AddendumState.APPROVED}},
                   request=request)
    return addendum
