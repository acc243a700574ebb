"""A pilot's people: who takes part, and the project manager's invitations (bygdevekst.accounts.invitations).

`programme.invite_people` (the pilot's project manager, the administrator) decides both seeing and inviting:
the page lists e-mail addresses of people who may not have accepted anything yet. The pilot's other readers
and KDD get 403, outsiders 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import participating_pilots
from bygdevekst.accounts import invitations
from bygdevekst.accounts.invitation_forms import InvitationForm
from bygdevekst.accounts.models import Invitation
from bygdevekst.core.refusals import on_refusal_return_to
from bygdevekst.organisations.models import Organisation

PERM = "programme.invite_people"


def _pilots(user):
    return participating_pilots(user).select_related(
        "round", "county_council", "state_administrator", "agreement"
    ).prefetch_related(Prefetch("municipalities", queryset=Organisation.objects.order_by("name")))


def _pilot(request, pk):
    pilot = get_visible_or_404(_pilots, request.user, pk=pk)
    require_perm(request.user, PERM, pilot)
    return pilot


def _page(request, pilot, form, status=200):
    rows = pilot.invitations.select_related("organisation", "invited_by", "accepted_by")
    return render(request, "programme/people.html", {
        "pilot": pilot,
        "memberships": invitations.pilot_people(pilot),
        "invitations": rows,
        "form": form,
        "validity_days": invitations.VALIDITY.days,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def people(request, pk):
    pilot = _pilot(request, pk)
    if request.method == "GET":
        return _page(request, pilot, InvitationForm(pilot=pilot, by=request.user))
    form = InvitationForm(request.POST, pilot=pilot, by=request.user)
    if not form.is_valid():
        return _page(request, pilot, form, status=400)
    data = form.cleaned_data
    invitation, refreshed = invitations.invite(
        pilot, email=data["email"], name=data["name"], organisation=data["organisation"], role=data["role"],
        by=request.user, request=request)
    if refreshed:
        messages.success(request, _("The invitation to %(email)s was sent again with a new link.") % {"email": invitation.email})
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
    return redirect("programme:people", pk=pilot.pk)


@login_required
@require_POST
@on_refusal_return_to("programme:people")
def invitation_revoke(request, pk, invitation_pk):
    pilot = _pilot(request, pk)
    invitation = Invitation.objects.select_related("pilot__agreement", "organisation").filter(
        pk=invitation_pk, pilot=pilot).first()
    if invitation is None:
        raise Http404
    invitations.revoke(invitation, request.user, request=request)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("programme:people", pk=pilot.pk)
