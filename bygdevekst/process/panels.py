from django.template.loader import render_to_string

from bygdevekst.agreements.enums import AgreementState

from .domain import anchoring
from .domain.transitions import available_actions, submission_warnings


def process_panel(request, agreement):
    """State, actions with their guard reasons, anchoring per council, what is missing for approval."""
    if not request.user.has_perm("process.view_process", agreement):
        return ""
    from bygdevekst.programme.status import submission_is_late

    version, final_rows = anchoring.final_approval_status(agreement)
    return render_to_string(
        "process/_panel.html",
        {
            "agreement": agreement,
            "actions": available_actions(agreement, request.user),
            "warnings": submission_warnings(agreement) if agreement.is_draft else [],
            "proposal_rows": anchoring.proposal_status(agreement),
            "final_rows": final_rows,
            "show_final": agreement.state in (AgreementState.AGREED, AgreementState.IN_APPROVAL),
            "late": submission_is_late(agreement),
        },
        request=request,
    )
