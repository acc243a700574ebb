"""A confirmation step before an irreversible step, naming its consequence.

It works without JavaScript: the first POST (without `confirm=1`) changes nothing and answers with a page that
says what will happen and that it cannot be undone, carrying the person's input forward in hidden fields; the
second POST (with `confirm=1`) does it. The API has no such step: an API call is explicit.
"""

from django.shortcuts import render

# Fields never carried into the confirmation form.
_NOT_CARRIED = {"csrfmiddlewaretoken", "confirm"}


def confirmed(request):
    return request.POST.get("confirm") == "1"


def confirmation_page(request, step, post_url, cancel_url, crumbs=(), details=(), danger=False):
    """`step` = (title, consequence, button); the POST's fields are carried to the confirming POST."""
    title, consequence, button = step
    carry = [(name, value) for name in request.POST for value in request.POST.getlist(name) if name not in _NOT_CARRIED]
    return render(
        request,
        "confirm_step.html",
        {
            "title": title,
            "consequence": consequence,
            "button": button,
            "post_url": post_url,
            "carry": carry,
            "details": list(details),
            "cancel_url": cancel_url,
            "crumbs": list(crumbs),
            "danger": danger,
        },
    )
