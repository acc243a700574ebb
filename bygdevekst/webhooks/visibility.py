"""What an organisation may see, as its own people would: access/visibility.py's queries evaluated for the
organisation in the roles its kind gives it (a municipality as its staff, a county council as its officers, a
state administrator as its officers; the organisation whose people are KDD case officers sees everything).
A cooperation partner, like any other organisation, sees only what is public."""

from bygdevekst.access.roles import Roles
from bygdevekst.access.visibility import participating_pilots, visible_agreements
from bygdevekst.organisations.enums import OrganisationKind, Role

ROLES_BY_KIND = {
    OrganisationKind.MUNICIPALITY: (Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF, Role.POLITICIAN),
    OrganisationKind.COUNTY_COUNCIL: (Role.COUNTY_OFFICER,),
    OrganisationKind.STATE_ADMINISTRATOR: (Role.STATE_ADMINISTRATOR,),
}


class OrganisationAsMember:
    """Stands in for "a member of the organisation" where access/ asks about a user: roles_of() reads the
    roles cached on it, so the same visibility queries answer for the organisation."""

    is_authenticated = True

    def __init__(self, organisation):
        self.organisation = organisation
        self._bygdevekst_roles = organisation_roles(organisation)


def organisation_roles(organisation):
    from bygdevekst.organisations.models import Membership

    kdd = Membership.objects.filter(organisation=organisation, role=Role.CASE_OFFICER).exists()
    roles = ROLES_BY_KIND.get(organisation.kind, ())
    return Roles(authenticated=True, kdd=kdd, orgs={role: {organisation.pk} for role in roles})


def agreements_seen_by(organisation, queryset=None):
    """The agreements members of the organisation may see (drafts of their own pilots, public ones)."""
    return visible_agreements(OrganisationAsMember(organisation), queryset)


def pilots_worked_on_by(organisation, queryset=None):
    """The pilots whose internal work (drafts, decisions, comments, meetings) the organisation may see."""
    return participating_pilots(OrganisationAsMember(organisation), queryset)


def may_receive(organisation, *, public, agreement_id=None, pilot_ids=()):
    """Whether an event about an agreement (or, without one, about these pilots) may go to the organisation.
    `public`: the event says only what the public may read of a visible agreement (approved, signed)."""
    member = OrganisationAsMember(organisation)
    if member._bygdevekst_roles.sees_everything:
        return True
    if agreement_id is not None:
        if public and visible_agreements(member).filter(pk=agreement_id).exists():
            return True
        return participating_pilots(member).filter(agreement__pk=agreement_id).exists()
    if pilot_ids:
        return participating_pilots(member).filter(pk__in=list(pilot_ids)).exists()
    return False
