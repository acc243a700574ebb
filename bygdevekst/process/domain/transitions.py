"""The one function that changes an agreement's state: guard → save → log → signal, in one transaction.

Who may perform an action is declared in access/permissions.py ("process.<action>"); the pages and
the API check it before calling here. The guards below say why an action cannot happen yet, in words
a person can act on.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.domain.snapshot import freeze_version
from bygdevekst.agreements.enums import AgreementState as S
from bygdevekst.agreements.enums import VersionKind
from bygdevekst.agreements.models import Agreement
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused, reasons_against
from bygdevekst.core.signals import agreement_transitioned

from ..enums import Action, ResponseState
from .anchoring import last_required_decision_at, missing_final_approvals, proposal_status
from .dialogue import OVERRIDABLE
from .partners import partner_status, unconfirmed_county_reasons

# action → (states it may start from, state it leads to)
TRANSITIONS = {
    Action.SUBMIT: ((S.DRAFT,), S.SUBMITTED),
    Action.RESPOND: ((S.SUBMITTED,), S.RESPONDED),
    Action.OPEN_DIALOGUE: ((S.RESPONDED,), S.IN_DIALOGUE),
    Action.AGREE: ((S.IN_DIALOGUE,), S.AGREED),
    Action.OPEN_APPROVAL: ((S.AGREED,), S.IN_APPROVAL),
    Action.APPROVE: ((S.IN_APPROVAL,), S.APPROVED),
    Action.END: ((S.APPROVED,), S.ENDED),
    Action.WITHDRAW: ((S.DRAFT, S.SUBMITTED, S.RESPONDED, S.IN_DIALOGUE, S.AGREED, S.IN_APPROVAL), S.WITHDRAWN),
}


# Where the agreement stands, one whole sentence per state (a state label never slots into a sentence).
STATE_SENTENCES = {
    S.DRAFT: gettext_lazy("The agreement is still a draft."),
    S.SUBMITTED: gettext_lazy("The proposal has been submitted and waits for the state's written response."),
    S.RESPONDED: gettext_lazy("The state has responded; the dialogue is not open yet."),
    S.IN_DIALOGUE: gettext_lazy("The parties are in dialogue on the final text."),
    S.AGREED: gettext_lazy("The final text is agreed; the formal approval is not open yet."),
    S.IN_APPROVAL: gettext_lazy("The final text is with the councils and the government for approval."),
    S.APPROVED: gettext_lazy("The agreement is approved."),
    S.ENDED: gettext_lazy("The agreement has ended."),
    S.WITHDRAWN: gettext_lazy("The agreement has been withdrawn."),
}


def submission_reasons(agreement):
    """R1, R2 (main party), R3. R6: a draft action plan is never a reason."""
    reasons = []
    for row in proposal_status(agreement):
        if row["required"] and not row["ok"]:
            reasons.append(_("%(org)s has no anchoring decision") % {"org": row["organisation"].name})
    return reasons + unconfirmed_county_reasons(agreement)


def submission_warnings(agreement):
    """Shown on the submission screen; never block."""
    from bygdevekst.programme.status import proposal_deadline

    warnings = []
    for row in proposal_status(agreement):
        if not row["required"] and not row["ok"]:
            warnings.append(
                _("%(org)s is a cooperation party without an anchoring decision (recommended, not required).")
                % {"org": row["organisation"].name}
            )
    for row in partner_status(agreement):
        if row["confirmed"]:
            continue
        if row["confirmation"] is not None:
            warnings.append(_("%(org)s does not agree to its commitments: %(comment)s")
                            % {"org": row["organisation"].name, "comment": row["confirmation"].comment})
        elif row["outdated"]:
            warnings.append(_("%(org)s's commitments changed after it confirmed them.") % {"org": row["organisation"].name})
        else:
            warnings.append(_("%(org)s has not confirmed its commitments.") % {"org": row["organisation"].name})
    deadline = proposal_deadline(agreement.pilot.round)
    if agreement.is_draft and deadline is not None and timezone.localdate() > deadline.date:
        warnings.append(_("The proposal deadline (%(date)s) has passed: the proposal will be marked late.")
                        % {"date": deadline.date.strftime("%d.%m.%Y")})
    return warnings


def guard(agreement, action, user=None, **data):
    """Reasons the action cannot happen now (empty when it can)."""
    try:
        sources, _target = TRANSITIONS[Action(action)]
    except ValueError:
        return [_("Unknown action “%(action)s”.") % {"action": action}]
    if agreement.state not in sources:
        return [
            _("“%(action)s” is not possible now. %(state)s")
            % {"state": STATE_SENTENCES.get(agreement.state, ""), "action": Action(action).label}
        ]
    if action == Action.SUBMIT:
        return submission_reasons(agreement)
    if action == Action.RESPOND:
        response = data.get("response")
        if response is None or response.state != ResponseState.APPROVED or response.agreement_id != agreement.pk:
            return [_("Publish the state's written response (approved by a second case officer) to respond.")]
    if action == Action.AGREE:
        # R11 (KDD may set it aside with a recorded reason), and R3 again (never set aside).
        overridden = bool((data.get("override_reason") or "").strip())
        dialogue = [] if overridden else reasons_against(agreement, *OVERRIDABLE)
        return dialogue + unconfirmed_county_reasons(agreement)
    if action == Action.APPROVE:
        return unconfirmed_county_reasons(agreement) + missing_final_approvals(agreement)
    return []


def agree_override_reasons(agreement):
    """What an `agree` now would set aside (R11): shown on the agree step so KDD can record why."""
    return reasons_against(agreement, *OVERRIDABLE)


def available_actions(agreement, user):
    """(action, reasons) for each action the user may perform from the current state."""
    result = []
    for action, (sources, _target) in TRANSITIONS.items():
        if agreement.state in sources and action != Action.RESPOND and user.has_perm(f"process.{action}", agreement):
            result.append((action, guard(agreement, action, user)))
    return result


def transition(agreement, action, user, request=None, **data):
    """Perform `action` on the agreement or raise Refused with the reasons."""
    original = agreement
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("pilot__round").get(pk=agreement.pk)
        reasons = guard(agreement, action, user, **data)
        if reasons:
            raise Refused(reasons)
        action = Action(action)
        from_state = agreement.state
        to_state = TRANSITIONS[action][1]
        version = None
        now = data.get("at") or timezone.now()  # `at`: a step recorded after the fact (demo, imports)
        fields = {"state": to_state, "updated_at": now}
        if action == Action.SUBMIT:
            version = freeze_version(agreement, VersionKind.PROPOSAL, user, label=_("Proposal"), at=now)
            fields["submitted_at"] = now
        elif action == Action.AGREE:
            version = freeze_version(agreement, VersionKind.FINAL, user, label=_("Final agreed text"), at=now)
        elif action == Action.APPROVE:
            # In force from the last required decision, not from the click that records it.
            fields["approved_at"] = last_required_decision_at(agreement) or now
        Agreement.objects.filter(pk=agreement.pk).update(**fields)
        for key, value in fields.items():
            setattr(agreement, key, value)
            setattr(original, key, value)
        log_data = {"state": {"before": from_state, "after": to_state}}
        if version is not None:
            log_data["version"] = {"number": version.number, "sha256": version.sha256}
        if action == Action.SUBMIT:
            from bygdevekst.programme.status import submission_is_late

            log_data["late"] = submission_is_late(agreement)
        if data.get("comment"):
            log_data["comment"] = data["comment"]
        if action == Action.AGREE and (data.get("override_reason") or "").strip():
            set_aside = agree_override_reasons(agreement)
            if set_aside:
                log_data["override"] = {"reason": data["override_reason"].strip(),
                                        "set_aside": [str(r) for r in set_aside]}
        log_action(f"agreement.{action.value}", actor=user, obj=agreement, data=log_data, request=request)
        agreement_transitioned.send(
            sender=Agreement, agreement=agreement, action=action.value, from_state=from_state,
            to_state=to_state, user=user, version=version,
        )
    return agreement
