"""The declared permission table: every action, the predicate that allows it.

Views and the API ask `user.has_perm(name, obj)`; nothing else decides. Visibility (whether an object
exists for the user at all) is visibility.py: an outsider gets 404, a reader without the right 403.
`docs/permissions.md` is rendered from this table by `manage.py render_permissions`.
"""

import rules

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.organisations.enums import Role

from .roles import roles_of
from .visibility import participating_pilots, visible_agreements


@rules.predicate
def is_admin(user):
    return roles_of(user).admin


@rules.predicate
def is_kdd(user):
    return roles_of(user).kdd


@rules.predicate
def is_authenticated(user):
    return roles_of(user).authenticated


def _pilot_id(obj):
    """The pilot an object belongs to: a Pilot, an Agreement, or anything with .agreement / .pilot."""
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.programme.models import Pilot

    if obj is None:
        return None
    if isinstance(obj, Pilot):
        return obj.pk
    if isinstance(obj, Agreement):
        return obj.pilot_id
    if getattr(obj, "pilot_id", None):
        return obj.pilot_id
    agreement = getattr(obj, "agreement", None)
    return agreement.pilot_id if agreement is not None else None


def _agreement(obj):
    from bygdevekst.agreements.models import Agreement

    if isinstance(obj, Agreement):
        return obj
    return getattr(obj, "agreement", None)


@rules.predicate
def is_project_manager(user, obj):
    return _pilot_id(obj) in roles_of(user).managed_pilots


@rules.predicate
def participates(user, obj):
    """Takes part in or follows the pilot (see visibility._pilot_q)."""
    pilot_id = _pilot_id(obj)
    if pilot_id is None or not roles_of(user).authenticated:
        return False
    return participating_pilots(user).filter(pk=pilot_id).exists()


@rules.predicate
def is_state_administrator_of(user, obj):
    from bygdevekst.programme.models import Pilot

    orgs = roles_of(user).org_ids(Role.STATE_ADMINISTRATOR)
    pilot_id = _pilot_id(obj)
    return bool(orgs) and Pilot.objects.filter(pk=pilot_id, state_administrator__in=orgs).exists()


@rules.predicate
def can_see_agreement(user, obj):
    agreement = _agreement(obj)
    return agreement is not None and visible_agreements(user).filter(pk=agreement.pk).exists()


@rules.predicate
def is_draft(user, obj):
    agreement = _agreement(obj)
    return agreement is not None and agreement.state == AgreementState.DRAFT


# Readers who follow a pilot but take no part in writing it.
is_reader_only = is_state_administrator_of & ~is_project_manager

# ---- The table -------------------------------------------------------------------------------
PERMISSIONS = {
    # Pilots and rounds
    "programme.view_pilot_work": is_admin | is_kdd | participates,
    "programme.manage_rounds": is_admin | is_kdd,
    # Agreements
    "agreements.view_agreement": can_see_agreement,
    "agreements.edit_draft": (is_project_manager | is_admin) & is_draft,
    "agreements.comment": (is_kdd | participates) & ~is_reader_only,
    "agreements.freeze_version": (is_project_manager | is_admin) & is_draft,
    "agreements.view_log": is_admin | is_kdd | participates,
    # Accounts and API
    "accounts.manage_tokens": is_authenticated,
    "audit.view_all": is_admin,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
