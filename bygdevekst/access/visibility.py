"""One visibility query per object type. Views fetch through these and answer 404 otherwise."""

from django.db.models import Q

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.core.memo import once
from bygdevekst.organisations.enums import Role

from .roles import roles_of

PUBLIC_STATES = (AgreementState.APPROVED, AgreementState.ENDED)


def _pilot_q(roles, prefix=""):
    """Pilots a user takes part in or follows: as member municipality, project manager, state
    administrator, or county council that is a party to the agreement. A cooperation partner is not
    here: it reads its own sub-goals only (partner_agreements)."""
    p = prefix
    member_orgs = roles.org_ids(Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF, Role.POLITICIAN)
    q = Q(**{f"{p}municipalities__in": member_orgs}) if member_orgs else Q(pk__in=[])
    if roles.managed_pilots:
        q |= Q(**{f"{p}pk__in": roles.managed_pilots})
    state_admin = roles.org_ids(Role.STATE_ADMINISTRATOR)
    if state_admin:
        q |= Q(**{f"{p}state_administrator__in": state_admin})
    county = roles.org_ids(Role.COUNTY_OFFICER)
    if county:
        q |= Q(**{f"{p}agreement__parties__organisation__in": county})
    # Memberships an invitation tied to one pilot count in that pilot only.
    for pilot_id, org_ids in roles.scoped_pilots(Role.MUNICIPAL_STAFF, Role.POLITICIAN).items():
        q |= Q(**{f"{p}pk": pilot_id, f"{p}municipalities__in": org_ids})  # while the municipality is in it
    for pilot_id, county_ids in roles.scoped_pilots(Role.COUNTY_OFFICER).items():
        q |= Q(**{f"{p}pk": pilot_id, f"{p}agreement__parties__organisation__in": county_ids})
    return q


def visible_pilots(user, queryset=None):
    """Pilots are public facts (names, municipalities, county): everyone may see the list."""
    from bygdevekst.programme.models import Pilot

    return queryset if queryset is not None else Pilot.objects.all()


def participating_pilots(user, queryset=None):
    """Pilots whose internal work (drafts, anchoring, comments) the user may see."""
    from bygdevekst.programme.models import Pilot

    qs = queryset if queryset is not None else Pilot.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    return qs.filter(pk__in=participating_pilot_ids(user))


def participating_pilot_ids(user):
    """The ids of the pilots whose internal work the user may see (`participating_pilots`), sorted.

    Read in one query and kept for the rest of the request (core/memo.py, which forgets it at the request's first
    write): a page asks it for the permission table's predicates and in each visibility query, which then filters
    on a short list of ids instead of repeating the membership joins as a subquery. Keyed by the roles, which are
    all the answer depends on (a webhook's receiving organisation asks as a member, with no user of its own)."""
    from bygdevekst.programme.models import Pilot

    roles = roles_of(user)
    if not roles.authenticated:
        return ()

    def read():  # (the query is built only when it is read: a kept answer costs a dictionary lookup)
        pilots = Pilot.objects.all() if roles.sees_everything else Pilot.objects.filter(_pilot_q(roles))
        return tuple(sorted(pilots.order_by().values_list("pk", flat=True)))

    return once(("participating-pilots", roles.key), read)


def visible_agreements(user, queryset=None):
    """Drafts are confidential to the parties, KDD and the county's state administrator;
    the public sees approved agreements."""
    from bygdevekst.agreements.models import Agreement

    qs = queryset if queryset is not None else Agreement.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    public = Q(state__in=PUBLIC_STATES)
    if not roles.authenticated:
        return qs.filter(public)
    return qs.filter(public | Q(pilot_id__in=participating_pilot_ids(user)))


def partner_agreements(user, queryset=None):
    """Agreements whose partner page (agreements:partner) the user may open: a cooperation partner's
    pilots' agreements, and every agreement for KDD and the administrator."""
    from bygdevekst.agreements.models import Agreement

    qs = queryset if queryset is not None else Agreement.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    return qs.filter(pilot__in=roles.partner_pilots) if roles.partner_pilots else qs.none()


def partner_organisation_ids(user, agreement):
    """The organisations whose part of `agreement` the partner page shows: the user's own partner
    organisations in the pilot; for KDD and the administrator, every partner organisation of the pilot."""
    from bygdevekst.organisations.models import Membership

    roles = roles_of(user)
    if roles.sees_everything:
        return set(Membership.objects.filter(pilot_id=agreement.pilot_id, role=Role.PARTNER)
                   .values_list("organisation_id", flat=True))
    return set(roles.partner_orgs.get(agreement.pilot_id, ()))


def visible_organisations(user, queryset=None):
    """The organisation register is public information."""
    from bygdevekst.organisations.models import Organisation

    return queryset if queryset is not None else Organisation.objects.all()


# ---- Letters and the case log ---------------------------------------------------------------------
def visible_cases(user, queryset=None):
    """KDD sees every case; a pilot's people and its county's state administrator see the pilot's case."""
    from bygdevekst.correspondence.models import Case

    qs = queryset if queryset is not None else Case.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    return qs.filter(pilot__in=participating_pilots(user).values("pk"))


def visible_entries(user, queryset=None):
    """Registry entries in a visible case or linked from it; internal notes stay with KDD."""
    from bygdevekst.correspondence.enums import EntryType
    from bygdevekst.correspondence.models import RegistryEntry

    qs = queryset if queryset is not None else RegistryEntry.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    cases = visible_cases(user).values("pk")
    ids = RegistryEntry.objects.filter(Q(case__in=cases) | Q(linked_cases__in=cases)).values("pk")
    return qs.filter(pk__in=ids).exclude(entry_type=EntryType.INTERNAL_NOTE)


def visible_letters(user, queryset=None):
    """Letters are KDD's work until sent; after that they are read through the registry entry."""
    from bygdevekst.correspondence.models import Letter

    qs = queryset if queryset is not None else Letter.objects.all()
    return qs if roles_of(user).sees_everything else qs.none()
