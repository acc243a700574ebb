"""A pilot's people and invitations in the API, as on the People page (programme/people_views.py): the same
permission (`programme.invite_people`: the pilot's project manager and the administrator; the pilot's other
readers and KDD 403, outsiders 404), the same form and the same domain functions (accounts/invitations.py)."""

import datetime
from typing import Literal

from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import participating_pilots
from bygdevekst.accounts import invitations
from bygdevekst.accounts.invitation_forms import InvitationForm
from bygdevekst.accounts.models import Invitation
from bygdevekst.apierrors import PROBLEM_RESPONSES
from bygdevekst.apiforms import NOT_BLANK, Input, WholeInt, form_data, valid_form

from .api import OrgRef, router

PERM = "programme.invite_people"
EMAIL = r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$"


class PersonOut(Schema):
    id: int = Field(description="The membership's id")
    name: str
    email: str
    organisation: OrgRef
    role: str
    title: str
    pilot: int | None

    @staticmethod
    def resolve_name(obj):
        return obj.user.get_full_name() or obj.user.username

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_pilot(obj):
        return obj.pilot_id


class InvitationOut(Schema):
    id: int
    name: str
    email: str
    organisation: OrgRef
    role: str
    state: str
    sent_at: datetime.datetime
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class InvitationCreatedOut(InvitationOut):
    refreshed: bool = Field(
        description="A pending invitation for the same address, organisation and role was sent again with a new link"
    )


class InvitationIn(Input):
    name: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    email: str = Field(max_length=254, pattern=EMAIL)
    role: Literal[tuple(role.value for role in invitations.INVITABLE_ROLES)]
    organisation: WholeInt = Field(
        ge=1,
        description="One of the pilot's municipalities, its county council, or a "
        "cooperation party to its agreement, as the role requires",
    )


def _pilot(request, pilot_id):
    pilot = get_visible_or_404(
        lambda user: participating_pilots(user).select_related("county_council"), request.auth, pk=pilot_id
    )
    require_perm(request.auth, PERM, pilot)
    return pilot


@router.get("/pilots/{int:pilot_id}/people", response={200: list[PersonOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_people(request, pilot_id: int):
    return invitations.pilot_people(_pilot(request, pilot_id))


@router.get("/pilots/{int:pilot_id}/invitations", response={200: list[InvitationOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_invitations(request, pilot_id: int):
    return _pilot(request, pilot_id).invitations.select_related("organisation").order_by("-sent_at", "-pk")


@router.post("/pilots/{int:pilot_id}/invitations", response={201: InvitationCreatedOut, **PROBLEM_RESPONSES})
def create_invitation(request, pilot_id: int, payload: InvitationIn):
    """An e-mail with a one-time link (valid 14 days); a pending one for the same person and role is sent again."""
    pilot = _pilot(request, pilot_id)
    form = valid_form(InvitationForm(form_data(payload), pilot=pilot, by=request.auth))
    data = form.cleaned_data
    invitation, refreshed = invitations.invite(
        pilot,
        email=data["email"],
        name=data["name"],
        organisation=data["organisation"],
        role=data["role"],
        by=request.auth,
        request=request,
    )
    invitation.refreshed = refreshed
    return Status(201, invitation)


@router.post(
    "/pilots/{int:pilot_id}/invitations/{int:invitation_id}/revoke", response={200: InvitationOut, **PROBLEM_RESPONSES}
)
def revoke_invitation(request, pilot_id: int, invitation_id: int):
    """Withdraws a pending invitation (its link stops working); 409 for one accepted, expired or withdrawn."""
    pilot = _pilot(request, pilot_id)
    invitation = (
        Invitation.objects.select_related("pilot__agreement", "organisation")
        .filter(pk=invitation_id, pilot=pilot)
        .first()
    )
    if invitation is None:
        from django.http import Http404

        raise Http404
    invitations.revoke(invitation, request.auth, request=request)
    return invitation
