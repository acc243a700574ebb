from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.audit import fragments

from .domain import anchoring
from .domain.signing import current_signing
from .domain.transitions import available_actions, submission_warnings


def process_panel(request, agreement):
    """State, actions with their guard reasons, anchoring per council, what is missing for approval."""
    if not request.user.has_perm("process.view_process", agreement):
        return ""
    can = {name: request.user.has_perm(f"process.{name}", agreement) for name in ("sign", "manage_addenda")}
    return render_to_string(
        "process/_panel.html",
        {
            "agreement": agreement,
            # The state and the anchoring are alike for everyone who may see them: kept until the next logged
            # action or save (audit/fragments.py). Only the actions are the reader's own.
            "shared": {part: mark_safe(html) for part, html in  # noqa: S308  our own templates' output  # nosec
                       fragments.remembered(f"process-panel:{agreement.pk}", lambda: _shared_parts(agreement),
                                            fragments.state_of(request)).items()},
            "actions": available_actions(agreement, request.user),
            # After approval the normal next steps come first, and "end" only behind its confirmation; whether
            # a signing is recorded matters only to whoever may record one.
            "signing": current_signing(agreement) if agreement.state == AgreementState.APPROVED and can["sign"]
            else None,
            "can": can,
        },
        request=request,
    )


def _shared_parts(agreement):
    from bygdevekst.programme.status import submission_is_late

    show_final = agreement.state in (AgreementState.AGREED, AgreementState.IN_APPROVAL)
    context = {
        "agreement": agreement,
        "warnings": submission_warnings(agreement) if agreement.is_draft else [],
        "proposal_rows": anchoring.proposal_status(agreement),
        "final_rows": anchoring.final_approval_status(agreement)[1] if show_final else [],
        "show_final": show_final,
        "late": submission_is_late(agreement),
    }
    return {part: render_to_string(f"process/_panel_{part}.html", context) for part in ("state", "anchoring")}


def partner_rows(user, agreement):
    """(the partner organisations' rows of partners.partner_status, those the user may confirm for)."""
    from bygdevekst.access.visibility import partner_organisation_ids
    from bygdevekst.agreements.enums import PartyRole

    from .domain.partners import partner_status
    from .views.common import confirmable_organisations

    # Only cooperation parties (never the county council, which confirms on the process page): a partner
    # membership for another kind of organisation opens nothing here.
    cooperation = set(agreement.parties.filter(role=PartyRole.COOPERATION_PARTY)
                      .exclude(organisation_id=agreement.pilot.county_council_id)
                      .values_list("organisation_id", flat=True))
    org_ids = partner_organisation_ids(user, agreement) & cooperation
    rows = [r for r in partner_status(agreement) if r["organisation"].pk in org_ids]
    return rows, confirmable_organisations(user, agreement, rows)


def partner_panel(request, agreement):
    """On the partner page: the partner's own commitments in the draft, whether they are confirmed, and the
    form to confirm them (process.confirm_commitments, while the agreement is a draft)."""
    rows, orgs = partner_rows(request.user, agreement)
    if not rows:
        return ""
    from .forms import PartnerConfirmationForm

    can_confirm = bool(orgs) and request.user.has_perm("process.confirm_commitments", agreement)
    return render_to_string(
        "process/_partner_panel.html",
        {"agreement": agreement, "rows": rows,
         "form": PartnerConfirmationForm(organisations=orgs) if can_confirm else None},
        request=request,
    )
