"""R9 pages: correct or withdraw a recorded fact, with a reason, after seeing what is recorded.

Who may: whoever may record that kind of fact (for a decision: for that organisation), or KDD. The
domain functions in domain/corrections.py do the work; the API calls the same ones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from bygdevekst.access.roles import roles_of
from bygdevekst.agreements.enums import PartyRole
from bygdevekst.core.guards import Refused

from ..domain import corrections
from ..domain.anchoring import decision_facts
from ..domain.signing import signing_facts
from ..forms import (
    CorrectCountyConfirmationForm,
    CorrectDecisionForm,
    CorrectExceptionForm,
    CorrectionReasonForm,
    CorrectPartnerConfirmationForm,
    CorrectSigningForm,
)
from .common import back_to_process, confirmable_organisations, get_agreement, recordable_organisations

# kind → the permission of whoever records it
PERMS = {
    "decision": "process.record_anchoring",
    "exception": "process.record_exception",
    "partner-confirmation": "process.correct_confirmation",
    "county-confirmation": "process.correct_county_confirmation",
    "signing": "process.sign",
}


def _record(request, pk, kind, record_pk):
    if kind not in corrections.KINDS:
        raise Http404
    agreement = get_agreement(request, pk, PERMS[kind])
    record = corrections.KINDS[kind].objects.filter(agreement=agreement, pk=record_pk).first()
    if record is None:
        raise Http404
    user = request.user
    if kind == "decision" and record.organisation not in recordable_organisations(user, agreement):
        raise PermissionDenied(_("You record decisions only for your own organisation."))
    if kind == "partner-confirmation" and not roles_of(user).sees_everything and record.organisation not in (
        confirmable_organisations(user, agreement, [{"organisation": record.organisation}])
    ):
        raise PermissionDenied(_("You confirm commitments only for your own organisation."))
    return agreement, record


def facts(kind, record):
    """What the record says, as (label, value) pairs for the confirmation page."""
    if kind == "decision":
        raw = decision_facts(record)
    elif kind == "signing":
        raw = signing_facts(record)
        raw["signatories"] = ", ".join(raw["signatories"])
    elif kind == "exception":
        raw = {"organisation": record.organisation.name, "reason": record.reason}
    elif kind == "partner-confirmation":
        raw = {"organisation": record.organisation.name,
               "agreed": _("agrees") if record.agreed else _("does not agree"), "comment": record.comment}
    else:
        raw = {"note": record.note}
    labels = {
        "organisation": _("Organisation"), "body": _("Body"), "what": _("Decided"), "meeting_date": _("Meeting"),
        "case_number": _("Case number"), "mandate_to": _("Mandate given to"), "delegation": _("Delegated authority"),
        "version_sha256": _("SHA-256 of the version"), "reason": _("Reason"), "agreed": _("Answer"),
        "comment": _("Comment"), "note": _("Note"), "signed_on": _("Signing date"), "version": _("Version"),
        "signatories": _("Signatories"),
    }
    return [(labels.get(key, key), value) for key, value in raw.items() if value not in ("", None)]


def _page(request, agreement, kind, record, form, title, intro, submit_label, multipart=False):
    return render(request, "process/correct.html", {
        "agreement": agreement, "record": record, "facts": facts(kind, record), "form": form, "title": title,
        "intro": intro, "submit_label": submit_label, "multipart": multipart,
        "crumbs": [(agreement.pilot.name, agreement.pilot.get_absolute_url()),
                   (_("Process"), reverse("process:agreement", args=[agreement.pk]))],
        "cancel_url": reverse("process:agreement", args=[agreement.pk]),
    })


def _correction_form(request, agreement, kind, record):
    data, files = request.POST or None, request.FILES or None
    if kind == "decision":
        initial = {f: getattr(record, f) for f in CorrectDecisionForm.Meta.fields if f not in ("minutes", "addendum")}
        initial["organisation"] = record.organisation_id
        form = CorrectDecisionForm(data, files, organisations=[record.organisation], require_minutes=False,
                                   initial=initial)
        form.fields["minutes"].help_text = _("Leave empty to keep the minutes already recorded.")
        return form
    if kind == "exception":
        return CorrectExceptionForm(data, initial={"reason": record.reason})
    if kind == "partner-confirmation":
        return CorrectPartnerConfirmationForm(data, initial={"agreed": "yes" if record.agreed else "no",
                                                             "comment": record.comment})
    if kind == "county-confirmation":
        return CorrectCountyConfirmationForm(data, initial={"note": record.note})
    parties = list(agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation"))
    names = {s.organisation_id: s.name for s in record.signatories.all()}
    return CorrectSigningForm(data, files, parties=parties, initial={
        "signed_on": record.signed_on, **{f"s_{p.organisation_id}": names.get(p.organisation_id, "") for p in parties}})


def _apply_correction(request, agreement, kind, record, d):
    user, reason = request.user, d["correction_reason"]
    if kind == "decision":
        fields = {k: d[k] for k in CorrectDecisionForm.Meta.fields if k in d}
        fields["minutes"] = d.get("minutes") or record.minutes
        fields["addendum"] = record.addendum
        return corrections.correct_decision(record, user, reason, request=request, **fields)
    if kind == "exception":
        return corrections.correct_exception(record, user, reason, d["reason"], request=request)
    if kind == "partner-confirmation":
        return corrections.correct_partner_confirmation(record, user, reason, d["agreed"], d["comment"],
                                                        request=request)
    if kind == "county-confirmation":
        return corrections.correct_county_confirmation(record, user, reason, d["note"], request=request)
    titles = {s.organisation_id: s.title for s in record.signatories.all()}
    main = agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation")
    signatories = [(p.organisation, d[f"s_{p.organisation_id}"], titles.get(p.organisation_id, "")) for p in main]
    return corrections.correct_signing(record, user, reason, d["signed_on"], signatories,
                                       signed_copy=d.get("signed_copy"), request=request)


def correct(request, pk, kind, record_pk):
    agreement, record = _record(request, pk, kind, record_pk)
    form = _correction_form(request, agreement, kind, record)
    if request.method == "POST" and form.is_valid():
        try:
            _apply_correction(request, agreement, kind, record, form.cleaned_data)
        except Refused as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The correction is recorded. The earlier record stays in the history."))
            return back_to_process(agreement)
    return _page(request, agreement, kind, record, form, _("Correct a record"),
                 _("Enter the right facts and say why. A new record replaces this one; this one stays in the "
                   "history, marked as corrected."), _("Record the correction"), multipart=kind in ("decision", "signing"))


WITHDRAW = {
    "decision": corrections.withdraw_decision,
    "exception": corrections.withdraw_exception,
    "partner-confirmation": corrections.withdraw_partner_confirmation,
    "county-confirmation": corrections.withdraw_county_confirmation,
    "signing": corrections.withdraw_signing,
}


def withdraw(request, pk, kind, record_pk):
    agreement, record = _record(request, pk, kind, record_pk)
    form = CorrectionReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            WITHDRAW[kind](record, request.user, form.cleaned_data["correction_reason"], request=request)
        except Refused as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The record is withdrawn. It stays in the history, marked as withdrawn."))
            return back_to_process(agreement)
    return _page(request, agreement, kind, record, form, _("Withdraw a record"),
                 _("The record stops counting from now on. It is not deleted: it stays in the history and the "
                   "case log, marked as withdrawn with your reason."), _("Withdraw the record"))
