"""What happens next on an agreement and who does it: one whole sentence per state, never a state label slotted
into a sentence, so each reads right in every language."""

from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.enums import AgreementState as S

NEXT_STEP = {
    S.DRAFT: _("Next: the pilot's project manager records each council's anchoring decision, the partners confirm "
               "their commitments, and the project manager submits the proposal to the ministry."),
    S.SUBMITTED: _("Next: a case officer at the ministry (KDD) writes the state's written response; a second case "
                   "officer approves it before it is published."),
    S.RESPONDED: _("Next: the ministry (KDD) opens the dialogue on the final text and calls a dialogue meeting "
                   "with the pilot's parties."),
    S.IN_DIALOGUE: _("Next: the parties meet in a dialogue meeting (the county council invited as an independent "
                     "elected body) and settle each item from the response; then the ministry (KDD) agrees the "
                     "final text."),
    S.AGREED: _("Next: the ministry (KDD) sends the final text to the councils and the government for approval."),
    S.IN_APPROVAL: _("Next: every municipal council, the county council where it is a main party, and the "
                     "government approve the same final text; the pilot's people record each decision, and the "
                     "ministry (KDD) then marks the agreement approved."),
    S.APPROVED: _("Next: the ministry (KDD) records the signing, and the pilot adopts its action plan. The agreement "
                  "runs until the ministry ends it."),
    S.ENDED: _("The agreement has ended. Nothing more happens in this process."),
    S.WITHDRAWN: _("The proposal was withdrawn. Nothing more happens in this process."),
}


def next_step(agreement):
    return NEXT_STEP.get(agreement.state, "")
