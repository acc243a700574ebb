"""R9: correcting or withdrawing a recorded fact, with a reason, never deleting it.

A correction writes a new record and marks the old one `corrected` (pointing at the new one); a
withdrawal marks it `withdrawn`. Both are logged with readable before/after and announced by
`core.signals.record_corrected`, so the case log marks its registry entry. Guards count only records in
force, so a wrong entry never leaves an agreement stuck; an approved agreement may not lose an approval
it stands on (correct that approval instead, with the right facts).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Guard, Refused
from bygdevekst.core.signals import anchoring_decision_recorded, record_corrected

from ..models import (
    AnchoringDecision,
    AnchoringException,
    CountyCommitmentConfirmation,
    PartnerConfirmation,
    RecordStatus,
    Signing,
)
from . import anchoring

LOG_CODES = {RecordStatus.CORRECTED: "agreement.record_corrected", RecordStatus.WITHDRAWN: "agreement.record_withdrawn"}

KINDS = {
    "decision": AnchoringDecision,
    "exception": AnchoringException,
    "partner-confirmation": PartnerConfirmation,
    "county-confirmation": CountyCommitmentConfirmation,
    "signing": Signing,
}


record_in_force = Guard(
    lambda record: record.in_force,
    gettext_lazy("This record is already corrected or withdrawn; only the record in force can be changed."),
    name="record_in_force",
)


def correction_reasons(record, reason):
    """Why this record cannot be corrected or withdrawn now (empty when it can)."""
    reasons = record_in_force.reasons(record)
    if not (reason or "").strip():
        reasons.append(_("Give the reason for the correction."))
    return reasons


def _lock(record):
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    return locked


def _end(record, status, reason, user, new=None):
    type(record).objects.filter(pk=record.pk).update(
        record_status=status, superseded_by=new, correction_reason=reason, corrected_by=user,
        corrected_at=timezone.now(),
    )
    record.record_status, record.superseded_by, record.correction_reason = status, new, reason


def _agreement_still_stands(agreement):
    """An agreement in force must keep every approval R4 requires."""
    agreement.refresh_from_db(fields=["state"])
    if agreement.state in (AgreementState.APPROVED, AgreementState.ENDED):
        missing = anchoring.missing_final_approvals(agreement)
        if missing:
            raise Refused([_("The agreement is approved and stands on this approval; record the right facts "
                             "as a correction instead.")] + missing)


def _finish(kind, old, new, status, reason, user, facts_before, facts_after, request):
    _end(old, status, reason, user, new)
    _agreement_still_stands(old.agreement)
    log_action(
        LOG_CODES[status], actor=user, obj=new or old, agreement=old.agreement, request=request,
        data={"kind": kind, "record": old.pk, "reason": reason, "before": facts_before, "after": facts_after,
              **({"new_record": new.pk} if new is not None else {})},
    )
    record_corrected.send(sender=type(old), kind=kind, old=old, new=new, status=status, reason=reason, user=user)


# Anchoring and final-approval decisions --------------------------------------------------------

def correct_decision(decision, user, reason, request=None, **fields):
    """A new decision with the right facts supersedes the wrong one."""
    with transaction.atomic():
        old = _lock(decision)
        _refuse_if(correction_reasons(old, reason))
        # The old record leaves its slot first, so the new one may take it.
        _end(old, RecordStatus.CORRECTED, reason, user)
        new = anchoring._build_decision(old.agreement, user, fields)
        anchoring._save_decision(new)
        anchoring_decision_recorded.send(sender=AnchoringDecision, decision=new, user=user)
        _finish("decision", old, new, RecordStatus.CORRECTED, reason, user, anchoring.decision_facts(old),
                anchoring.decision_facts(new), request)
    return new


def withdraw_decision(decision, user, reason, request=None):
    with transaction.atomic():
        old = _lock(decision)
        _refuse_if(correction_reasons(old, reason))
        _finish("decision", old, None, RecordStatus.WITHDRAWN, reason, user, anchoring.decision_facts(old), None,
                request)
    return old


# KDD's exceptions (R1) ---------------------------------------------------------------------------

def _exception_facts(exception):
    return {"organisation": exception.organisation.name, "reason": exception.reason}


def correct_exception(exception, user, reason, new_text, request=None):
    with transaction.atomic():
        old = _lock(exception)
        _refuse_if(correction_reasons(old, reason) or ([] if new_text.strip() else [_("Write the exception's reason.")]))
        _end(old, RecordStatus.CORRECTED, reason, user)
        new = AnchoringException.objects.create(agreement=old.agreement, organisation=old.organisation,
                                                reason=new_text, created_by=user)
        _finish("exception", old, new, RecordStatus.CORRECTED, reason, user, _exception_facts(old),
                _exception_facts(new), request)
    return new


def withdraw_exception(exception, user, reason, request=None):
    with transaction.atomic():
        old = _lock(exception)
        _refuse_if(correction_reasons(old, reason))
        _finish("exception", old, None, RecordStatus.WITHDRAWN, reason, user, _exception_facts(old), None, request)
    return old


# Partners' confirmations of their commitments ------------------------------------------------------

def _partner_facts(confirmation):
    return {"organisation": confirmation.organisation.name,
            "agreed": _("agrees") if confirmation.agreed else _("does not agree"), "comment": confirmation.comment}


def correct_partner_confirmation(confirmation, user, reason, agreed, comment, request=None):
    with transaction.atomic():
        old = _lock(confirmation)
        _refuse_if(correction_reasons(old, reason))
        _end(old, RecordStatus.CORRECTED, reason, user)
        new = PartnerConfirmation.objects.create(agreement=old.agreement, organisation=old.organisation,
                                                 agreed=agreed, comment=comment, digest=old.digest, confirmed_by=user)
        _finish("partner-confirmation", old, new, RecordStatus.CORRECTED, reason, user, _partner_facts(old),
                _partner_facts(new), request)
    return new


def withdraw_partner_confirmation(confirmation, user, reason, request=None):
    with transaction.atomic():
        old = _lock(confirmation)
        _refuse_if(correction_reasons(old, reason))
        _finish("partner-confirmation", old, None, RecordStatus.WITHDRAWN, reason, user, _partner_facts(old), None,
                request)
    return old


# R3 confirmations of a county council's commitment --------------------------------------------------

def _county_facts(confirmation):
    return {"commitment": str(confirmation.commitment_uid), "note": confirmation.note}


def correct_county_confirmation(confirmation, user, reason, note, request=None):
    with transaction.atomic():
        old = _lock(confirmation)
        _refuse_if(correction_reasons(old, reason) or ([] if note.strip() else [_("Write why the commitment is accepted.")]))
        _end(old, RecordStatus.CORRECTED, reason, user)
        new = CountyCommitmentConfirmation.objects.create(agreement=old.agreement, commitment_uid=old.commitment_uid,
                                                          digest=old.digest, note=note, confirmed_by=user)
        _finish("county-confirmation", old, new, RecordStatus.CORRECTED, reason, user, _county_facts(old),
                _county_facts(new), request)
    return new


def withdraw_county_confirmation(confirmation, user, reason, request=None):
    with transaction.atomic():
        old = _lock(confirmation)
        _refuse_if(correction_reasons(old, reason))
        _finish("county-confirmation", old, None, RecordStatus.WITHDRAWN, reason, user, _county_facts(old), None,
                request)
    return old


# Signing ------------------------------------------------------------------------------------------

def correct_signing(signing, user, reason, signed_on, signatories, signed_copy=None, request=None):
    """`signatories` as for record_signing; without a new copy the signed copy carries over."""
    from .signing import record_signing, signing_facts

    with transaction.atomic():
        old = _lock(signing)
        _refuse_if(correction_reasons(old, reason))
        _end(old, RecordStatus.CORRECTED, reason, user)
        new = record_signing(old.agreement, signed_on, signatories, user,
                             signed_copy=signed_copy or old.signed_copy, request=request)
        _finish("signing", old, new, RecordStatus.CORRECTED, reason, user, signing_facts(old), signing_facts(new),
                request)
    return new


def withdraw_signing(signing, user, reason, request=None):
    from .signing import signing_facts

    with transaction.atomic():
        old = _lock(signing)
        _refuse_if(correction_reasons(old, reason))
        _finish("signing", old, None, RecordStatus.WITHDRAWN, reason, user, signing_facts(old), None, request)
    return old


def _refuse_if(reasons):
    if reasons:
        raise Refused(reasons)


WITHDRAWALS = {
    "decision": withdraw_decision,
    "exception": withdraw_exception,
    "partner-confirmation": withdraw_partner_confirmation,
    "county-confirmation": withdraw_county_confirmation,
    "signing": withdraw_signing,
}


def withdraw(kind, record, user, reason, request=None):
    """Withdraw a record of any kind (KINDS); the page and the API both call this."""
    return WITHDRAWALS[kind](record, user, reason, request=request)
