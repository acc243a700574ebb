"""Partners' confirmations of their own commitments (before submission) and the county-council rules (R2, R3)."""

import hashlib

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import CommitmentKind
from bygdevekst.agreements.guards import before_agreed, is_draft
from bygdevekst.agreements.models import Commitment
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Guard, Refused
from bygdevekst.core.memo import once

from ..models import CountyCommitmentConfirmation, PartnerConfirmation, RecordStatus

# The letter: no financial commitment is expected from a county council beyond personnel resources.
R3_REASON = gettext_lazy(
    "The letter says no financial commitment is expected from a county council beyond personnel resources."
)


def commitments_digest(commitments):
    parts = sorted(f"{c.uid}|{c.kind}|{c.amount_nok}|{c.text}" for c in commitments)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def partner_status(agreement):
    """Per party with commitments: its commitments and whether its confirmation is current (read once per
    request, core/memo.py)."""
    return once(("partner-status", agreement.pk), lambda: _partner_status(agreement))


def _partner_status(agreement):
    commitments = list(Commitment.objects.filter(agreement=agreement).select_related("party", "sub_goal"))
    by_party = {}
    for c in commitments:
        by_party.setdefault(c.party_id, (c.party, []))[1].append(c)
    confirmations = {c.organisation_id: c for c in agreement.partner_confirmations.in_force()}
    rows = []
    for party_id, (party, items) in sorted(by_party.items(), key=lambda kv: kv[1][0].name):
        confirmation = confirmations.get(party_id)
        if confirmation is not None:
            confirmation.organisation = party  # the same row, already read: its name is shown with it
        current = confirmation is not None and confirmation.digest == commitments_digest(items)
        rows.append({
            "organisation": party,
            "commitments": items,
            "confirmation": confirmation if current else None,
            "record": confirmation,  # the one in force, current or not: what a correction applies to
            "outdated": confirmation is not None and not current,
            "confirmed": current and confirmation.agreed,
        })
    return rows


def confirm_commitments(agreement, organisation, agreed, comment, user, request=None):
    items = list(Commitment.objects.filter(agreement=agreement, party=organisation))
    with transaction.atomic():
        # A new answer supersedes the one in force; the old one stays in the history (R9).
        before = (PartnerConfirmation.objects.in_force().select_for_update()
                  .filter(agreement=agreement, organisation=organisation).first())
        if before is not None:
            PartnerConfirmation.objects.filter(pk=before.pk).update(record_status=RecordStatus.CORRECTED)
        confirmation = PartnerConfirmation.objects.create(
            agreement=agreement, organisation=organisation, agreed=agreed, comment=comment,
            digest=commitments_digest(items), confirmed_by=user,
        )
        if before is not None:
            PartnerConfirmation.objects.filter(pk=before.pk).update(superseded_by=confirmation)
        log_action(
            "agreement.commitments_confirmed",
            actor=user,
            obj=confirmation,
            agreement=agreement,
            data={
                "organisation": organisation.name,
                "before": {"agreed": before.agreed, "comment": before.comment} if before else None,
                "after": {"agreed": agreed, "comment": comment},
                "commitments": [str(c.uid) for c in items],
            },
            request=request,
        )
    return confirmation


def commitment_digest(commitment):
    """The one commitment as confirmed: its kind, amount and text."""
    return commitments_digest([commitment])


def flagged_county_commitments(agreement):
    """R3: county-council commitments of any kind other than personnel, with their confirmation if it still
    covers the commitment as it stands. A confirmed commitment whose kind, amount or text changed afterwards
    is flagged again: `confirmation` is None and `outdated` the confirmation in force that no longer covers it.
    Read once per request (core/memo.py)."""
    return once(("flagged-county-commitments", agreement.pk, agreement.pilot.county_council_id),
                lambda: _flagged_county_commitments(agreement))


def _flagged_county_commitments(agreement):
    in_force = {c.commitment_uid: c for c in agreement.county_confirmations.in_force()}
    flagged = (
        Commitment.objects.filter(agreement=agreement, party=agreement.pilot.county_council)
        .exclude(kind=CommitmentKind.PERSONNEL)
        .select_related("sub_goal", "party")
    )
    rows = []
    for c in flagged:
        confirmation = in_force.get(c.uid)
        current = confirmation is not None and confirmation.digest == commitment_digest(c)
        rows.append({"commitment": c, "confirmation": confirmation if current else None,
                     "outdated": confirmation if confirmation is not None and not current else None})
    return rows


def unconfirmed_county_reasons(agreement):
    """R3: one reason per flagged county-council commitment without a confirmation that covers it."""
    reasons = []
    for row in flagged_county_commitments(agreement):
        if row["confirmation"] is None:
            c = row["commitment"]
            facts = {"org": c.party.name, "kind": c.get_kind_display(), "goal": c.sub_goal.title, "why": R3_REASON}
            if row["outdated"] is not None:
                reasons.append(_("%(org)s's commitment of the kind “%(kind)s” under “%(goal)s” changed after it was "
                                 "confirmed and must be confirmed again. %(why)s") % facts)
            else:
                reasons.append(_("%(org)s has a commitment of the kind “%(kind)s” under “%(goal)s” that must be "
                                 "confirmed. %(why)s") % facts)
    return reasons


# R3 at submission, and again at agree and approve: a money commitment added in the dialogue is flagged too.
county_commitments_confirmed = Guard(
    lambda agreement: not any(row["confirmation"] is None for row in flagged_county_commitments(agreement)),
    gettext_lazy("A county council's commitment beyond personnel resources is not confirmed yet."),
    name="county_commitments_confirmed",
)


def confirm_county_commitment(agreement, commitment, note, user, request=None):
    """R3: confirm one flagged county-council commitment, once, at any step before the final text is agreed
    (commitments can change in the dialogue too); checked under a lock on the agreement, refused (`Refused`)
    with a reason a person can act on."""
    from bygdevekst.agreements.models import Agreement

    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        before_agreed.check(locked)
        row = next((r for r in flagged_county_commitments(locked) if r["commitment"].uid == commitment.uid), None)
        if row is None:
            raise Refused(_("Only a county-council commitment beyond personnel resources needs this confirmation."))
        if row["confirmation"] is not None:
            raise Refused(_("This commitment is already confirmed."))
        commitment = row["commitment"]  # as it stands now, under the lock
        outdated = row["outdated"]
        if outdated is not None:
            # The commitment changed since it was confirmed: the new confirmation supersedes the old one, which
            # stays in the history (R9).
            CountyCommitmentConfirmation.objects.filter(pk=outdated.pk).update(record_status=RecordStatus.CORRECTED)
        confirmation = CountyCommitmentConfirmation.objects.create(
            agreement=locked, commitment_uid=commitment.uid, digest=commitment_digest(commitment), note=note,
            confirmed_by=user,
        )
        if outdated is not None:
            CountyCommitmentConfirmation.objects.filter(pk=outdated.pk).update(superseded_by=confirmation)
        log_action(
            "agreement.county_commitment_confirmed",
            actor=user,
            obj=confirmation,
            agreement=locked,
            data={"commitment": str(commitment.uid), "kind": commitment.kind, "amount_nok": commitment.amount_nok,
                  "text": commitment.text, "note": note, "confirmed_again": outdated is not None},
            request=request,
        )
    return confirmation


def change_county_role(agreement, new_role, user, request=None):
    """R2: the county council's role, per agreement; drafts only; logged with before and after."""
    from bygdevekst.agreements.models import Agreement

    is_draft.check(agreement)
    with transaction.atomic():
        before = agreement.county_role
        Agreement.objects.filter(pk=agreement.pk).update(county_role=new_role, lock_version=F("lock_version") + 1)
        agreement.refresh_from_db(fields=["county_role", "lock_version"])
        _sync_county_party(agreement, new_role)
        log_action(
            "agreement.county_role_changed",
            actor=user,
            obj=agreement,
            data={"county_role": {"before": before, "after": new_role}},
            request=request,
        )
    return agreement


def _sync_county_party(agreement, role):
    """Keep the county council's party row in step with its role."""
    from bygdevekst.agreements.enums import CountyRole, PartyRole
    from bygdevekst.agreements.models import AgreementParty

    county = agreement.pilot.county_council
    if role == CountyRole.NOT_PARTY:
        AgreementParty.objects.filter(agreement=agreement, organisation=county).delete()
        return
    party_role = PartyRole.MAIN_PARTY if role == CountyRole.MAIN_PARTY else PartyRole.COOPERATION_PARTY
    AgreementParty.objects.update_or_create(
        agreement=agreement, organisation=county, defaults={"role": party_role, "position": 99}
    )
