"""The agreement's process page and its POST actions: transitions, county role, confirmations, exceptions."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.roles import roles_of
from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import partner_agreements
from bygdevekst.agreements.enums import AgreementState
from bygdevekst.agreements.models import Commitment
from bygdevekst.core.guards import Refused
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain import anchoring, partners
from ..domain.response import published_response
from ..domain.signing import current_signing
from ..domain.transitions import available_actions, guard, submission_warnings, transition
from ..enums import Action
from ..forms import AnchoringExceptionForm, CountyCommitmentForm, CountyRoleForm, PartnerConfirmationForm
from ..next_step import next_step, your_part
from .common import back_to_process, confirmable_organisations, get_agreement, recordable_organisations, refused
from .confirm import CONSEQUENCES, confirmation_page, confirmed


def process_context(request, agreement):
    decisions, _exceptions = anchoring.anchoring_records(agreement)
    partner_rows = partners.partner_status(agreement)
    version, final_rows = anchoring.final_approval_status(agreement, decisions=decisions)
    can_correct = set()
    if request.user.has_perm("process.record_anchoring", agreement):
        can_correct = {o.pk for o in recordable_organisations(request.user, agreement)}
    for d in decisions:
        d.can_correct = d.in_force and d.organisation_id in can_correct
    from bygdevekst.programme.status import submission_is_late

    signing = current_signing(agreement)
    return {
        "agreement": agreement,
        "actions": available_actions(agreement, request.user),
        "next_step": next_step(agreement, signed=signing is not None),
        "your_part": your_part(agreement, request.user, signed=signing is not None),
        "warnings": submission_warnings(agreement) if agreement.is_draft else [],
        "proposal_rows": anchoring.proposal_status(agreement),
        "decisions": decisions,
        "partner_rows": partner_rows,
        "flagged": partners.flagged_county_commitments(agreement),
        "final_version": version,
        "final_rows": final_rows,
        "show_final": agreement.state in (AgreementState.AGREED, AgreementState.IN_APPROVAL, AgreementState.APPROVED,
                                          AgreementState.ENDED),
        "late": submission_is_late(agreement),
        "response": published_response(agreement),
        "responses": agreement.state_responses.select_related("author", "approved_by"),
        "meetings": agreement.meetings.all(),
        "signing": signing,
        "ended_records": ended_records(agreement),
        "addenda": _addenda(agreement, decisions),
        "can": {
            name: request.user.has_perm(f"process.{name}", agreement)
            for name in ("record_anchoring", "record_exception", "confirm_commitments", "change_county_role",
                         "confirm_county_commitment", "write_response", "sign", "manage_addenda",
                         "correct_confirmation", "correct_county_confirmation")
        },
        "can_manage_meetings": request.user.has_perm("meetings.manage", agreement),
        "can_confirm_for": confirmable_organisations(request.user, agreement, partner_rows),
        "user_sees_everything": roles_of(request.user).sees_everything,
        **_agree_override(agreement),
    }


def _agree_override(agreement):
    """R11: whether KDD may set the dialogue guards aside now (only they fail), and the override recorded."""
    from bygdevekst.audit.models import ActionLog

    from ..domain.transitions import agree_override_reasons, guard

    overridable = False
    if agreement.state == AgreementState.IN_DIALOGUE:
        set_aside = agree_override_reasons(agreement)
        overridable = bool(set_aside) and len(guard(agreement, Action.AGREE)) == len(set_aside)
    entry = (ActionLog.objects.filter(agreement=agreement, action="agreement.agree", data__has_key="override")
             .select_related("actor").order_by("-pk").first())
    return {"agree_overridable": overridable, "agree_override": entry}


def _addenda(agreement, decisions):
    from ..domain.addenda import addendum_status

    items = list(agreement.addenda.all())
    for a in items:
        a.rows = addendum_status(a, [d for d in decisions if d.addendum_id == a.pk]) if a.sha256 else []
    return items


def ended_records(agreement):
    """R9: every corrected or withdrawn record of the agreement, newest first, with its reason."""
    from ..domain.corrections import KINDS
    from ..models import RecordStatus

    rows = []
    for kind, model in KINDS.items():
        for record in model.objects.filter(agreement=agreement).exclude(record_status=RecordStatus.IN_FORCE).select_related(
                "corrected_by"):
            rows.append({"kind": kind, "kind_label": model._meta.verbose_name, "record": record,
                         "status": record.get_record_status_display(), "reason": record.correction_reason,
                         "by": record.corrected_by, "at": record.corrected_at})
    return sorted(rows, key=lambda r: (r["at"] is not None, r["at"]), reverse=True)


@require_safe
def agreement_process(request, pk):
    agreement = get_agreement(request, pk)
    # The councils and the round's milestones are read by the anchoring rows, the approval rows, the recordable
    # organisations, the warnings and the lateness: once here instead of once by each.
    prefetch_related_objects([agreement.pilot], "municipalities", "round__milestones")
    ctx = process_context(request, agreement)
    ctx["county_form"] = CountyRoleForm(initial={"county_role": agreement.county_role})
    return render(request, "process/agreement.html", ctx)


@require_POST
@on_refusal_return_to("process:agreement")
def transition_view(request, pk):
    agreement = get_agreement(request, pk, "agreements.view_agreement")
    action = request.POST.get("action", "")
    if action not in Action.values:
        refused(request, [_("Unknown action.")])
        return back_to_process(agreement)
    require_perm(request.user, f"process.{action}", agreement)
    data = {"comment": request.POST.get("comment", ""), "override_reason": request.POST.get("override_reason", "")}
    if action in CONSEQUENCES and not confirmed(request):
        # An irreversible step: first the page that names its consequence (the guards' refusal comes first).
        reasons = guard(agreement, action, request.user, **data)
        if reasons:
            raise Refused(reasons)
        return confirmation_page(request, agreement, CONSEQUENCES[action],
                                 reverse("process:transition", args=[agreement.pk]),
                                 details=_confirmation_details(agreement, action, data),
                                 danger=action in (Action.END, Action.WITHDRAW))
    transition(agreement, action, request.user, request=request, **data)
    messages.success(request, DONE[action])
    return back_to_process(agreement)


# One whole sentence per step done, never a label slotted into a sentence.
DONE = {
    Action.SUBMIT: gettext_lazy("The proposal is submitted to the ministry."),
    Action.RESPOND: gettext_lazy("The agreement is responded to."),
    Action.OPEN_DIALOGUE: gettext_lazy("The dialogue on the final text is open."),
    Action.AGREE: gettext_lazy("The final text is agreed and frozen."),
    Action.OPEN_APPROVAL: gettext_lazy("The formal approval is open: the councils and the government can now "
                                       "approve the final text."),
    Action.APPROVE: gettext_lazy("The agreement is approved."),
    Action.END: gettext_lazy("The agreement has ended."),
    Action.WITHDRAW: gettext_lazy("The agreement is withdrawn."),
}


def _confirmation_details(agreement, action, data):
    """What the person should see once more before confirming: warnings, and a dialogue set aside (R11)."""
    details = []
    if action == Action.SUBMIT:
        details = list(submission_warnings(agreement))
    if action == Action.AGREE and data["override_reason"].strip():
        from ..domain.transitions import agree_override_reasons

        set_aside = agree_override_reasons(agreement)
        if set_aside:
            details.append(_("You agree without waiting for the dialogue, giving this reason: %(reason)s")
                           % {"reason": data["override_reason"].strip()})
            details += list(set_aside)
    return details


@require_POST
@on_refusal_return_to("process:agreement")
def county_role(request, pk):
    agreement = get_agreement(request, pk, "process.change_county_role")
    form = CountyRoleForm(request.POST)
    if not form.is_valid():
        refused(request, [_("Choose a role for the county council.")])
    else:
        partners.change_county_role(agreement, form.cleaned_data["county_role"], request.user, request)
        messages.success(request, _("The county council's role is changed."))
    return back_to_process(agreement)


@require_POST
@on_refusal_return_to("process:agreement")
def confirm_county_commitment(request, pk, uid):
    agreement = get_agreement(request, pk, "process.confirm_county_commitment")
    commitment = Commitment.objects.filter(agreement=agreement, uid=uid).first()
    form = CountyCommitmentForm(request.POST)
    if commitment is None or not form.is_valid():
        refused(request, [_("Write why the commitment is accepted.")])
    else:
        partners.confirm_county_commitment(agreement, commitment, form.cleaned_data["note"], request.user, request)
        messages.success(request, _("The county council's commitment is confirmed."))
    return back_to_process(agreement)


def confirm_commitments(request, pk):
    agreement = get_agreement(request, pk, "process.confirm_commitments")
    rows = partners.partner_status(agreement)
    orgs = confirmable_organisations(request.user, agreement, rows)
    form = PartnerConfirmationForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        partners.confirm_commitments(agreement, d["organisation"], d["agreed"], d["comment"], request.user, request)
        messages.success(request, _("Your confirmation is recorded."))
        return back_to_process(agreement)
    mine = [r for r in rows if r["organisation"] in orgs]
    return render(request, "process/confirm.html", {"agreement": agreement, "form": form, "rows": mine})


@require_POST
def partner_confirm(request, pk):
    """A cooperation partner confirms its commitments from the partner page (agreements:partner): fetched
    through access.visibility.partner_agreements, since the process page is not the partner's."""
    from ..panels import partner_rows

    agreement = get_visible_or_404(lambda u: partner_agreements(u).select_related("pilot"), request.user, pk=pk)
    require_perm(request.user, "process.confirm_commitments", agreement)
    _rows, orgs = partner_rows(request.user, agreement)
    form = PartnerConfirmationForm(request.POST, organisations=orgs)
    if form.is_valid():
        d = form.cleaned_data
        partners.confirm_commitments(agreement, d["organisation"], d["agreed"], d["comment"], request.user, request)
        messages.success(request, _("Your confirmation is recorded."))
    else:
        refused(request, [f"{form.fields[name].label}: {error}" if name in form.fields else error
                          for name, errors in form.errors.items() for error in errors])
    return redirect("agreements:partner", pk=agreement.pk)


def record_exception(request, pk):
    agreement = get_agreement(request, pk, "process.record_exception")
    missing = [r["organisation"] for r in anchoring.proposal_status(agreement) if not r["ok"]]
    form = AnchoringExceptionForm(request.POST or None, organisations=missing)
    if request.method == "POST" and form.is_valid():
        try:
            anchoring.record_exception(agreement, form.cleaned_data["organisation"], form.cleaned_data["reason"],
                                       request.user, request)
        except Refused as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The exception is recorded."))
            return back_to_process(agreement)
    return render(request, "programme/form.html", {
        "form": form, "title": _("Accept a missing anchoring decision"),
        "intro": _("KDD may accept a late or missing decision only as a recorded exception with a reason."),
        "crumbs": [(agreement.pilot.name, agreement.pilot.get_absolute_url()),
                   (_("Process"), reverse("process:agreement", args=[agreement.pk]))],
        "cancel_url": reverse("process:agreement", args=[agreement.pk]),
    })

