"""Invitations: a pilot's project manager invites its people by e-mail, so no one has to create their
accounts by hand.

invite() → an e-mail with a one-time link after the commit → accept() (an existing user, logged in) or
create_account() (a new user) adds the membership. Who may invite is `programme.invite_people` in
access/permissions.py; each step is logged (invitation.sent, invitation.revoked, invitation.accepted).
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership

from .models import Invitation, InvitationState, User, hash_token

log = logging.getLogger(__name__)

VALIDITY = datetime.timedelta(days=14)
# The roles a project manager may give, in the order the form offers them.
INVITABLE_ROLES = (Role.MUNICIPAL_STAFF, Role.POLITICIAN, Role.COUNTY_OFFICER, Role.PARTNER)
MUNICIPAL_ROLES = (Role.MUNICIPAL_STAFF, Role.POLITICIAN)
SELF_INVITATION = gettext_lazy("You cannot invite yourself. Ask KDD if you need another role.")


class InvitationUnavailable(Refused):
    """The invitation is expired, revoked or used (410 Gone): the reason the invited person reads."""

    status = 410

    REASONS = {
        InvitationState.EXPIRED: gettext_lazy("This invitation has expired. Ask the project manager to send a new one."),
        InvitationState.REVOKED: gettext_lazy("This invitation has been withdrawn by the project manager."),
        InvitationState.ACCEPTED: gettext_lazy("This invitation has already been used. Log in to use Bygdevekst."),
    }

    def __init__(self, state):
        self.state = state
        super().__init__([self.REASONS.get(state, "")])


def organisation_problem(pilot, role, organisation):
    """Why `organisation` cannot go with `role` in `pilot` ("" when it can)."""
    if role not in INVITABLE_ROLES:
        return _("A project manager can invite municipal staff, politicians, county council officers and "
                 "cooperation partners.")
    if role in MUNICIPAL_ROLES and not pilot.municipalities.filter(pk=organisation.pk).exists():
        return _("Municipal staff and politicians are invited to one of the pilot's municipalities.")
    if role == Role.COUNTY_OFFICER and organisation.pk != pilot.county_council_id:
        return _("A county council officer is invited to the pilot's county council, %(name)s.") % {
            "name": pilot.county_council.name}
    if role == Role.PARTNER and not _is_cooperation_party(pilot, organisation):
        return _("A cooperation partner is invited for an organisation that is a cooperation party to the "
                 "pilot's agreement (not the state, a municipality or the county council). Add it as a "
                 "cooperation party in the agreement first.")
    return ""


def _is_cooperation_party(pilot, organisation):
    from bygdevekst.agreements.enums import PartyRole
    from bygdevekst.agreements.models import AgreementParty

    if organisation.kind == "ministry" or organisation.pk in (pilot.county_council_id, pilot.state_administrator_id):
        return False
    if pilot.municipalities.filter(pk=organisation.pk).exists():
        return False
    return AgreementParty.objects.filter(agreement__pilot=pilot, organisation=organisation,
                                         role=PartyRole.COOPERATION_PARTY).exists()


def inviter_problem(email, by):
    """A project manager cannot give themselves another role by inviting their own address."""
    # The same match as acceptance uses (existing_users, the database's case rules), not Python's lower().
    if by is not None and existing_users(email.strip()).filter(pk=by.pk).exists():
        return str(SELF_INVITATION)
    return ""


def membership_pilot(role, pilot):
    """Every invited membership is tied to the pilot: the inviter's pilot is all an invitation can open
    (access/roles.py: municipal staff, politicians and county officers tied to a pilot act in it only)."""
    return pilot


def existing_users(email):
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def has_membership(email, pilot, organisation, role):
    return Membership.objects.filter(
        Q(user__email__iexact=email) | Q(user__username__iexact=email),
        Q(pilot__isnull=True) | Q(pilot=membership_pilot(role, pilot)),  # organisation-wide, or in this pilot
        organisation=organisation, role=role,
    ).exists()


def pilot_people(pilot):
    """Memberships tied to the pilot, or to one of its organisations without another pilot."""
    org_ids = [m.pk for m in pilot.municipalities.all()] + [pilot.county_council_id, pilot.state_administrator_id]
    return (
        Membership.objects.filter(Q(pilot=pilot) | Q(pilot__isnull=True, organisation_id__in=org_ids))
        .select_related("user", "organisation")
        .order_by("organisation__name", "role", "user__last_name", "user__first_name", "pk")
    )


def new_token():
    """(raw, SHA-256): the raw token goes into the e-mail's link only."""
    raw = "inv_" + secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def _agreement(pilot):
    return getattr(pilot, "agreement", None)


def _summary(invitation):
    return {"pilot": invitation.pilot.name, "email": invitation.email, "name": invitation.name,
            "role": invitation.role, "organisation": invitation.organisation.name}


@transaction.atomic
def invite(pilot, *, email, name, organisation, role, by, request=None):
    """Invite `email` (or send a pending invitation for the same pilot, organisation and role again, with a new
    link and a new expiry date); the e-mail leaves after the commit. Returns (invitation, refreshed)."""
    from bygdevekst.programme.models import Pilot

    email = email.strip().lower()
    problem = inviter_problem(email, by) or organisation_problem(pilot, role, organisation)
    if problem:
        raise ValueError(problem)
    Pilot.objects.select_for_update().filter(pk=pilot.pk).first()  # one inviter at a time per pilot
    now = timezone.now()
    raw, digest = new_token()
    fields = {"name": name, "invited_by": by, "token_hash": digest, "sent_at": now, "expires_at": now + VALIDITY}
    invitation = (
        Invitation.objects.pending(now).filter(pilot=pilot, email=email, organisation=organisation, role=role)
        .order_by("-sent_at").first()
    )
    refreshed = invitation is not None
    if refreshed:
        for key, value in fields.items():
            setattr(invitation, key, value)
        invitation.save(update_fields=list(fields))
    else:
        invitation = Invitation.objects.create(pilot=pilot, email=email, organisation=organisation, role=role, **fields)
    log_action("invitation.sent", actor=by, obj=invitation, agreement=_agreement(pilot), request=request,
               data={**_summary(invitation), "expires_at": invitation.expires_at.isoformat(), "refreshed": refreshed})
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email(invitation_id, raw), robust=True)
    return invitation, refreshed


def accept_url(raw):
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[raw])


def send_invitation_email(invitation_id, raw):
    """In bokmål, the default language: the person has no account, so no language of their own yet."""
    invitation = Invitation.objects.select_related("pilot", "organisation", "invited_by").get(pk=invitation_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation to Bygdevekst: %(pilot)s") % {"pilot": invitation.pilot.name}
        body = render_to_string("accounts/invitation_email.txt", {
            "invitation": invitation, "url": accept_url(raw), "role": invitation.get_role_display(),
            "inviter": invitation.invited_by, "expires": timezone.localtime(invitation.expires_at)})
    send_mail(subject, body, None, [invitation.email])


def find(raw):
    """The invitation a link's token belongs to, or None."""
    return (Invitation.objects.select_related("pilot__agreement", "organisation", "invited_by")
            .filter(token_hash=hash_token(raw)).first())


@transaction.atomic
def revoke(invitation, by, request=None):
    now = timezone.now()
    if not Invitation.objects.pending(now).filter(pk=invitation.pk).update(revoked_at=now):
        raise Refused(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = now
    log_action("invitation.revoked", actor=by, obj=invitation, agreement=_agreement(invitation.pilot),
               request=request, data=_summary(invitation))


def _claim(invitation, user, request, account_created):
    """Mark the invitation used (once: a conditional update, safe against a double submit) and add the membership.
    The rules are checked again: the inviter cannot accept, and the role must still fit the pilot."""
    problem = (str(SELF_INVITATION) if user.pk == invitation.invited_by_id
               else organisation_problem(invitation.pilot, invitation.role, invitation.organisation))
    if problem:
        raise PermissionDenied(problem)
    now = timezone.now()
    if not Invitation.objects.pending(now).filter(pk=invitation.pk).update(accepted_at=now, accepted_by=user):
        invitation.refresh_from_db()
        raise InvitationUnavailable(invitation.state)
    invitation.accepted_at, invitation.accepted_by = now, user
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, role=invitation.role,
        pilot=membership_pilot(invitation.role, invitation.pilot),
    )
    log_action("invitation.accepted", actor=user, obj=invitation, agreement=_agreement(invitation.pilot),
               request=request, data={**_summary(invitation), "user": user.username, "account_created": account_created,
                                      "membership": membership.pk, "membership_created": created})
    return membership


@transaction.atomic
def accept(invitation, user, request=None):
    """An existing user, logged in, accepts."""
    return _claim(invitation, user, request, account_created=False)


@transaction.atomic
def create_account(invitation, *, first_name, last_name, password, request=None):
    """A new user: username and e-mail are the invited address, in lower case."""
    email = invitation.email.lower()
    # Lock the invitation first: a double submit waits here, then finds it used (no duplicate username).
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.state != InvitationState.PENDING or existing_users(email).exists():
        raise InvitationUnavailable(locked.state if locked.state != InvitationState.PENDING
                                    else InvitationState.ACCEPTED)
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.save()
    _claim(invitation, user, request, account_created=True)
    return user
