"""The invitation link (/accounts/invitations/<token>/): holding the token is the permission to use it.

A person who already has an account logs in and accepts with a POST; a new person chooses a name and a
password, and is logged in. An expired, withdrawn or used link says so and changes nothing (410).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from bygdevekst.organisations.enums import Role

from . import backends, invitations
from .invitation_forms import AcceptInvitationForm


def _page(request, invitation, status=200, **context):
    response = render(request, "accounts/invitation.html", {"invitation": invitation, **context}, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


def _accepted(request, invitation):
    messages.success(request, _("Welcome to %(pilot)s. You now have the role %(role)s in %(organisation)s.") % {
        "pilot": invitation.pilot.name, "role": invitation.get_role_display(),
        "organisation": invitation.organisation.name})
    return redirect(landing_url(invitation))


def landing_url(invitation):
    """A cooperation partner reads its part of the agreement on the partner page; everyone else starts at the pilot."""
    agreement = getattr(invitation.pilot, "agreement", None)
    if invitation.role == Role.PARTNER and agreement is not None:
        return reverse("agreements:partner", args=[agreement.pk])
    return invitation.pilot.get_absolute_url()


def _initial_name(name):
    first, _sep, last = name.rpartition(" ")
    return {"first_name": first or last, "last_name": last if first else ""}


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = invitations.find(token)
    if invitation is None:
        raise Http404
    if not invitation.is_pending:
        return _page(request, invitation, status=410, unavailable=invitations.InvitationUnavailable(invitation.state))
    existing = list(invitations.existing_users(invitation.email))
    user = request.user
    if existing:
        if not user.is_authenticated:
            messages.info(request, _("Log in to accept the invitation."))
            return redirect_to_login(request.get_full_path())
        if user not in existing:
            return _page(request, invitation, status=403, wrong_user=True)
        if request.method == "GET":
            return _page(request, invitation, existing_user=True)
        try:
            invitations.accept(invitation, user, request=request)
        except invitations.InvitationUnavailable as refused:
            return _page(request, invitation, status=410, unavailable=refused)
        return _accepted(request, invitation)
    if user.is_authenticated:
        # The invitation is for a new account: accepting it into someone else's session would mix two people.
        return _page(request, invitation, status=403, wrong_user=True)
    data = request.POST if request.method == "POST" else None
    form = AcceptInvitationForm(data, invitation=invitation, initial=_initial_name(invitation.name))
    if request.method == "GET":
        return _page(request, invitation, form=form)
    if not form.is_valid():
        return _page(request, invitation, form=form, status=400)
    try:
        new_user = invitations.create_account(
            invitation, first_name=form.cleaned_data["first_name"], last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"], request=request)
    except invitations.InvitationUnavailable as refused:
        return _page(request, invitation, status=410, unavailable=refused)
    login(request, new_user, backend=backends.PATH)
    return _accepted(request, invitation)
