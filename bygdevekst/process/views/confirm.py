"""A confirmation step before each irreversible step, naming its consequence.

It works without JavaScript: the first POST (without `confirm=1`) changes nothing and answers with a page
that says what will happen and cannot be undone, carrying the person's input forward in hidden fields; the
second POST (with `confirm=1`) does it. The API has no such step: an API call is explicit.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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

# Fields never carried into the confirmation form.
_NOT_CARRIED = {"csrfmiddlewaretoken", "confirm"}


def confirmed(request):
    return request.POST.get("confirm") == "1"


def confirmation_page(request, agreement, step, post_url, cancel_url=None, details=None, danger=False):
    """The page that asks once more: `step` = (title, consequence, button); the POST's fields are carried."""
    title, consequence, button = step
    carry = [(name, value) for name in request.POST for value in request.POST.getlist(name) if name not in _NOT_CARRIED]
    return render(
        request,
        "process/confirm_step.html",
        {
            "agreement": agreement,
            "title": title,
            "consequence": consequence,
            "button": button,
            "post_url": post_url,
            "carry": carry,
            "details": details or [],
            "cancel_url": cancel_url or reverse("process:agreement", args=[agreement.pk]),
            "danger": danger,
        },
    )
