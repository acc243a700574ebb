from dataclasses import dataclass, field
from functools import cached_property

from bygdevekst.core.written import written_out
from bygdevekst.organisations.enums import Role


@dataclass(frozen=True)
class Roles:
    """A user's roles, read from their memberships in one query and cached on the user object."""

    authenticated: bool = False
    admin: bool = False
    kdd: bool = False
    # organisation ids per role, from memberships that name no pilot (they count in every pilot of the organisation)
    orgs: dict = field(default_factory=dict)
    # pilot id → {role: org ids}: memberships that name a pilot (a project manager's, a partner's, or one an
    # invitation tied to its pilot): they act in that pilot only, not in their organisation's other pilots
    scoped: dict = field(default_factory=dict)

    def org_ids(self, *roles):
        ids = set()
        for role in roles or self.orgs.keys():
            ids |= self.orgs.get(role, set())
        return ids

    def org_ids_in(self, pilot_id, *roles):
        """Organisation ids per role that count in one pilot: the organisation-wide ones and those tied to it."""
        ids = self.org_ids(*roles)
        for role, org_ids in self.scoped.get(pilot_id, {}).items():
            if not roles or role in roles:
                ids |= org_ids
        return ids

    def scoped_pilots(self, *roles):
        """{pilot id: org ids} of the memberships tied to one pilot, in these roles."""
        out = {}
        for pilot_id, by_role in self.scoped.items():
            ids = set().union(*(org_ids for role, org_ids in by_role.items() if role in roles))
            if ids:
                out[pilot_id] = ids
        return out

    @cached_property
    def managed_pilots(self):
        """Pilot ids where the user is project manager."""
        return frozenset(self.scoped_pilots(Role.PROJECT_MANAGER))

    @cached_property
    def partner_orgs(self):
        """Pilot id → ids of the organisations the user is a cooperation partner for in that pilot."""
        return self.scoped_pilots(Role.PARTNER)

    @cached_property
    def partner_pilots(self):
        return frozenset(self.partner_orgs)

    @cached_property
    def key(self):
        """The roles as one hashable value: two people with equal keys have the same roles (what the main menu's
        permissions depend on, core/navigation.py)."""
        return (self.authenticated, self.admin, self.kdd,
                frozenset((role, frozenset(ids)) for role, ids in self.orgs.items()),
                frozenset((pilot_id, frozenset((role, frozenset(ids)) for role, ids in by_role.items()))
                          for pilot_id, by_role in self.scoped.items()))

    @property
    def sees_everything(self):
        return self.admin or self.kdd


ANONYMOUS = Roles()


def _membership_rows(user):
    """(organisation id, role, pilot id) of each of the user's memberships: what
    `user.memberships.values_list("organisation_id", "role", "pilot_id")` gives, written out since it runs on every
    signed-in page and building it through the ORM cost about 0.22 ms against 0.02 ms for the query itself
    (docs/performance.md, Session 6; tests/core/test_page_frame.py compares the two)."""
    from bygdevekst.organisations.models import Membership

    connection, table, column = written_out(Membership)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column('organisation')}, {column('role')}, {column('pilot')} FROM {table} "  # noqa: S608  # nosec B608  names from the model
                       f"WHERE {column('user')} = %s", [user.pk])
        return cursor.fetchall()


def roles_of(user):
    """A membership that names a pilot (a project manager's, a partner's, or one an invitation made) counts in
    that pilot only (`Roles.scoped`, read through `org_ids_in`); one without a pilot counts for every pilot of
    its organisation (`Roles.orgs`)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_bygdevekst_roles", None)
    if cached is not None:
        return cached
    orgs, scoped = {}, {}
    kdd = False
    for org_id, role, pilot_id in _membership_rows(user):
        kdd = kdd or role == Role.CASE_OFFICER
        if pilot_id:
            scoped.setdefault(pilot_id, {}).setdefault(role, set()).add(org_id)
        else:
            orgs.setdefault(role, set()).add(org_id)
    roles = Roles(
        authenticated=True,
        admin=user.is_superuser,
        kdd=kdd,
        orgs=orgs,
        scoped=scoped,
    )
    user._bygdevekst_roles = roles
    return roles
