"""What happens next on an agreement and who does it: one whole sentence per state, never a state label slotted
into a sentence, so each reads right in every language; and, for the person reading, which part of it is theirs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.enums import AgreementState as S

from .enums import Action

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


# An approved agreement once signed: the signing is done, the follow-up of the period comes next.
SIGNED = _("The agreement is signed. Next: the parties hold an annual political meeting every year of the period, "
           "which the ministry (KDD) records, and the ministry ends the agreement when its period is over.")


def next_step(agreement, signed=False):
    if agreement.state == S.APPROVED and signed:
        return SIGNED
    return NEXT_STEP.get(agreement.state, "")


# The step of each state that only the ministry takes, with the button under "Actions".
YOUR_STEP = {
    S.RESPONDED: (Action.OPEN_DIALOGUE, _("Your step: open the dialogue with the button under “Actions”, then call "
                                          "the dialogue meeting.")),
    S.IN_DIALOGUE: (Action.AGREE, _("Your step, once the dialogue meeting is held and its items are settled: agree on "
                                    "the final text with the button under “Actions”.")),
    S.AGREED: (Action.OPEN_APPROVAL, _("Your step: send the final text for approval with the button under "
                                       "“Actions”.")),
    S.IN_APPROVAL: (Action.APPROVE, _("Your step, once every approval is recorded: mark the agreement approved with "
                                      "the button under “Actions”.")),
}


def your_part(agreement, user, signed=False):
    """What of the next step is this person's, as [{"text", "url"}]: the tasks waiting for them on this agreement
    (the same as in "My tasks" on the front page) and the step only the ministry takes; [] when nothing here waits
    for them."""
    from .todo import my_tasks

    parts = [{"text": t["text"], "url": t["url"]} for t in my_tasks(user, agreement)
             if t["agreement_id"] == agreement.pk and not t["own_step"]]  # the ministry's steps follow, worded here
    step = YOUR_STEP.get(agreement.state)
    if step is not None and user.has_perm(f"process.{step[0]}", agreement):
        parts.append({"text": step[1], "url": ""})
    if agreement.state == S.APPROVED and not signed and user.has_perm("process.sign", agreement):
        parts.append({"text": _("Your step: record the signing once the parties have signed."),
                      "url": reverse("process:sign", args=[agreement.pk])})
    if agreement.state == S.APPROVED and signed and user.has_perm("process.end", agreement):
        parts.append({"text": _("Your step when the period is over: end the agreement with the button under "
                                "“Actions”."), "url": ""})
    return parts
