"""R9: what the correction pages and the API's correction endpoints share — which record a request may
correct or withdraw, and how a correction form's cleaned data becomes the domain call."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from bygdevekst.access.roles import roles_of
from bygdevekst.agreements.enums import PartyRole

from .domain import corrections
from .forms import CorrectDecisionForm
from .views.common import confirmable_organisations, get_agreement, recordable_organisations

# kind → the permission of whoever records it
PERMS = {
    "decision": "process.record_anchoring",
    "exception": "process.record_exception",
    "partner-confirmation": "process.correct_confirmation",
    "county-confirmation": "process.correct_county_confirmation",
    "signing": "process.sign",
}


def correctable_record(request, pk, kind, record_pk):
    """(agreement, record) the requester may correct or withdraw; 404 for an unknown kind or record, 403 for a
    decision or confirmation of another organisation."""
    if kind not in corrections.KINDS:
        raise Http404
    agreement = get_agreement(request, pk, PERMS[kind])
    record = corrections.KINDS[kind].objects.filter(agreement=agreement, pk=record_pk).first()
    if record is None:
        raise Http404
    user = request.user
    if kind == "decision" and record.organisation not in recordable_organisations(user, agreement):
        raise PermissionDenied(_("You record decisions only for your own organisation."))
    if (
        kind == "partner-confirmation"
        and not roles_of(user).sees_everything
        and record.organisation
        not in (confirmable_organisations(user, agreement, [{"organisation": record.organisation}]))
    ):
        raise PermissionDenied(_("You confirm commitments only for your own organisation."))
    return agreement, record


def apply_correction(request, agreement, kind, record, d):
    """A correction form's cleaned data `d` as the domain's correction of `record`; returns the new record."""
    user, reason = request.user, d["correction_reason"]
    if kind == "decision":
        fields = {k: d[k] for k in CorrectDecisionForm.Meta.fields if k in d}
        fields["minutes"] = d.get("minutes") or record.minutes
        fields["addendum"] = record.addendum
        return corrections.correct_decision(record, user, reason, request=request, **fields)
    if kind == "exception":
        return corrections.correct_exception(record, user, reason, d["reason"], request=request)
    if kind == "partner-confirmation":
        return corrections.correct_partner_confirmation(
            record, user, reason, d["agreed"], d["comment"], request=request
        )
    if kind == "county-confirmation":
        return corrections.correct_county_confirmation(record, user, reason, d["note"], request=request)
    titles = {s.organisation_id: s.title for s in record.signatories.all()}
    main = agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation")
    signatories = [(p.organisation, d[f"s_{p.organisation_id}"], titles.get(p.organisation_id, "")) for p in main]
    return corrections.correct_signing(
        record, user, reason, d["signed_on"], signatories, signed_copy=d.get("signed_copy"), request=request
    )
