"""The irreversible steps of the process and what each does, for the confirmation step (core/confirmation.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bygdevekst.core import confirmation
from bygdevekst.core.confirmation import confirmed  # noqa: F401 (the process views import it from here)

from ..enums import Action

# What each irreversible transition does, in a whole sentence, with the button that does it.
CONSEQUENCES = {
    Action.SUBMIT: (
        _("Submit the proposal to the ministry"),
        _(
            "After submission the proposal is frozen and sent to the ministry (KDD); you cannot change it. "
            "Further changes are made in the dialogue after the state's written response."
        ),
        _("Yes, submit the proposal"),
    ),
    Action.AGREE: (
        _("Agree on the final text"),
        _(
            "The final text is frozen as it stands now and can no longer be changed. Every council and the "
            "government will be asked to approve exactly this text."
        ),
        _("Yes, agree on the final text"),
    ),
    Action.APPROVE: (
        _("Mark the agreement approved"),
        _(
            "The agreement is approved and in force from the date of the last required decision. It can no "
            "longer be withdrawn; changes afterwards need an addendum approved by every party."
        ),
        _("Yes, mark the agreement approved"),
    ),
    Action.END: (
        _("End the agreement"),
        _(
            "The agreement ends for good: no further signing, addenda or process steps are possible, and this "
            "cannot be undone. End an agreement only when its period is over or the parties have terminated it."
        ),
        _("Yes, end the agreement"),
    ),
    Action.WITHDRAW: (
        _("Withdraw the agreement"),
        _(
            "The agreement is withdrawn and its process stops for good; this cannot be undone. Everything recorded "
            "so far stays in the history."
        ),
        _("Yes, withdraw the agreement"),
    ),
}

PUBLISH_RESPONSE = (
    _("Publish the state's written response"),
    _(
        "The response is published to the pilot's parties and the agreement is marked as responded to. A published "
        "response cannot be changed or withdrawn."
    ),
    _("Yes, publish the response"),
)


def confirmation_page(request, agreement, step, post_url, cancel_url=None, details=None, danger=False):
    """The confirmation page of a step on `agreement`, under the agreement's breadcrumbs."""
    crumbs = [
        (agreement.pilot.name, agreement.pilot.get_absolute_url()),
        (_("Process"), reverse("process:agreement", args=[agreement.pk])),
    ]
    return confirmation.confirmation_page(
        request,
        step,
        post_url,
        cancel_url or reverse("process:agreement", args=[agreement.pk]),
        crumbs=crumbs,
        details=details or [],
        danger=danger,
    )
