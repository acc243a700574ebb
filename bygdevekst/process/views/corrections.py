"""R9 pages: correct or withdraw a recorded fact, with a reason, after seeing what is recorded.

Who may: whoever may record that kind of fact (for a decision: for that organisation), or KDD. The
domain functions in domain/corrections.py do the work; the API calls the same ones."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

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
from ..records_forms import apply_correction, correctable_record
from .common import back_to_process


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


def _submit(request, agreement, kind, record, form, act, done, title, intro, submit_label, multipart=False):
    """A correction page, correct or withdraw alike: on a valid POST `act(cleaned_data)`, then back to the process
    with `done`; a refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except Refused as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, done)
            return back_to_process(agreement)
    return _page(request, agreement, kind, record, form, title, intro, submit_label, multipart=multipart)


def correct(request, pk, kind, record_pk):
    agreement, record = correctable_record(request, pk, kind, record_pk)
    return _submit(
        request, agreement, kind, record, _correction_form(request, agreement, kind, record),
        lambda d: apply_correction(request, agreement, kind, record, d),
        _("The correction is recorded. The earlier record stays in the history."), _("Correct a record"),
        _("Enter the right facts and say why. A new record replaces this one; this one stays in the "
          "history, marked as corrected."), _("Record the correction"), multipart=kind in ("decision", "signing"),
    )


def withdraw(request, pk, kind, record_pk):
    agreement, record = correctable_record(request, pk, kind, record_pk)
    return _submit(
        request, agreement, kind, record, CorrectionReasonForm(request.POST or None),
        lambda d: corrections.withdraw(kind, record, request.user, d["correction_reason"], request=request),
        _("The record is withdrawn. It stays in the history, marked as withdrawn."), _("Withdraw a record"),
        _("The record stops counting from now on. It is not deleted: it stays in the history and the "
          "case log, marked as withdrawn with your reason."), _("Withdraw the record"),
    )
