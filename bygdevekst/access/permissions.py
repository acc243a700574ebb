"""The declared permission table: every action, the predicate that allows it.

Views and the API ask `user.has_perm(name, obj)`; nothing else decides. Visibility (whether an object
exists for the user at all) is visibility.py: an outsider gets 404, a reader without the right 403.
`docs/permissions.md` is rendered from this table by `manage.py render_permissions`.
"""

import rules

from bygdevekst.agreements.guards import (
    agreement_of,
    before_agreed,
    is_draft,
    pilot_has_no_agreement,
    text_is_editable,
)
from bygdevekst.core.memo import once
from bygdevekst.correspondence.guards import letter_is_draft, not_letter_author
from bygdevekst.organisations.enums import Role

from .roles import roles_of
from .visibility import participating_pilot_ids, visible_agreements


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


@rules.predicate
def is_project_manager(user, obj):
    return _pilot_id(obj) in roles_of(user).managed_pilots


@rules.predicate
def is_partner_of(user, obj):
    """A cooperation partner in the pilot (a PARTNER membership tied to it): reads and comments on its own
    sub-goals on the partner page, nothing else of the draft."""
    return _pilot_id(obj) in roles_of(user).partner_pilots


@rules.predicate
def participates(user, obj):
    """Takes part in or follows the pilot (see visibility._pilot_q)."""
    pilot_id = _pilot_id(obj)
    if pilot_id is None or not roles_of(user).authenticated:
        return False
    return pilot_id in participating_pilot_ids(user)


@rules.predicate
def is_state_administrator_of(user, obj):
    from bygdevekst.programme.models import Pilot

    orgs = roles_of(user).org_ids(Role.STATE_ADMINISTRATOR)
    pilot_id = _pilot_id(obj)
    return bool(orgs) and once(("state-administrator-of", user.pk, pilot_id),
                               lambda: Pilot.objects.filter(pk=pilot_id, state_administrator__in=orgs).exists())


@rules.predicate
def can_see_agreement(user, obj):
    agreement = agreement_of(obj)
    return agreement is not None and once(("sees-agreement", user.pk, agreement.pk),
                                          lambda: visible_agreements(user).filter(pk=agreement.pk).exists())


@rules.predicate
def is_final_version(user, obj):
    return getattr(obj, "kind", None) == "final"


@rules.predicate
def is_municipal_member(user, obj):
    """Project manager or municipal staff in one of the pilot's municipalities."""
    from bygdevekst.programme.models import Pilot

    pilot_id = _pilot_id(obj)
    orgs = roles_of(user).org_ids_in(pilot_id, Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF)
    return bool(orgs) and once(("municipal-member", user.pk, pilot_id),
                               lambda: Pilot.objects.filter(pk=pilot_id, municipalities__in=orgs).exists())


@rules.predicate
def is_county_officer_of(user, obj):
    """Officer of the pilot's county council (records the county council's own decisions)."""
    from bygdevekst.programme.models import Pilot

    pilot_id = _pilot_id(obj)
    orgs = roles_of(user).org_ids_in(pilot_id, Role.COUNTY_OFFICER)
    return bool(orgs) and once(("county-officer-of", user.pk, pilot_id),
                               lambda: Pilot.objects.filter(pk=pilot_id, county_council__in=orgs).exists())


@rules.predicate
def is_party_member(user, obj):
    """Belongs (in any role but reader) to an organisation that is a party to the agreement."""
    agreement = agreement_of(obj)
    if agreement is None:
        return False
    orgs = roles_of(user).org_ids_in(
        agreement.pilot_id, Role.CASE_OFFICER, Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF, Role.COUNTY_OFFICER, Role.PARTNER
    )
    return bool(orgs) and once(("party-member", user.pk, agreement.pk),
                               lambda: agreement.parties.filter(organisation__in=orgs).exists())


@rules.predicate
def answers_for_participant(user, participant):
    """A member of a meeting's participating organisation, in the meeting's pilot, answers its invitation."""
    meeting = getattr(participant, "meeting", None)
    if meeting is None or meeting.agreement_id is None:
        return False
    return participant.organisation_id in roles_of(user).org_ids_in(meeting.agreement.pilot_id)


# Readers who follow a pilot but take no part in writing it.
is_reader_only = is_state_administrator_of & ~is_project_manager

# ---- Guards: conditions on the object's state, declared once in their domain (core/guards.py) -----------
_GUARDED = {}


def guarded(who, *guards):
    """`who` may do it, while every guard holds; refusal_reason() names the guard that does not."""
    combined = who
    for guard in guards:
        combined = combined & guard
    _GUARDED[combined] = (who, guards)
    return combined


def refusal_reason(user, perm, obj=None):
    """Why `perm` is refused, when the user has the role for it but a guard on the object's state fails;
    "" when the user simply lacks the role (the 403 page then says no more than that)."""
    parts = _GUARDED.get(PERMISSIONS.get(perm))
    if parts is None or not parts[0].test(user, obj):
        return ""
    return next((str(guard.reason) for guard in parts[1] if not guard.holds(obj, user)), "")


# ---- The table -------------------------------------------------------------------------------
PERMISSIONS = {
    # Pilots and rounds
    "programme.view_pilot_work": is_admin | is_kdd | participates,
    "programme.manage_rounds": is_admin | is_kdd,
    # The round's overview, matrix, action plans and case log as spreadsheets: the ministry's working files.
    "programme.export_round": is_admin | is_kdd,
    # The pilot's people page and its invitations (accounts/invitations.py): it lists e-mail addresses, so
    # only the project manager who invites, and the administrator; KDD and the pilot's other people get 403.
    "programme.invite_people": is_project_manager | is_admin,
    # Agreements
    "agreements.view_agreement": can_see_agreement,
    "agreements.start": guarded(is_project_manager | is_kdd | is_admin, pilot_has_no_agreement),
    "agreements.edit_draft": guarded(is_project_manager | is_admin, text_is_editable),
    "agreements.comment": (is_kdd | participates) & ~is_reader_only,
    "agreements.view_comments": is_admin | is_kdd | participates,
    "agreements.freeze_version": guarded(is_project_manager | is_admin, text_is_editable),
    # Drafts and their history are the parties' own; the final text of a visible agreement is public.
    "agreements.view_version": is_admin | is_kdd | participates | (is_final_version & can_see_agreement),
    "agreements.view_versions": is_admin | is_kdd | participates,
    "agreements.view_log": is_admin | is_kdd | participates,
    # The partner page (agreements:partner): a cooperation partner's sub-goals of the latest version, their
    # commitments and comment threads; the partner comments there on those sub-goals and commitments only.
    "agreements.view_partner_part": is_admin | is_kdd | is_partner_of,
    "agreements.comment_partner_part": is_admin | is_kdd | is_partner_of,
    # Process (bygdevekst.process): one entry per transition action, then the other steps
    "process.submit": (is_project_manager | is_admin),
    "process.withdraw": (is_project_manager | is_admin),
    "process.respond": is_kdd | is_admin,
    "process.open_dialogue": is_kdd | is_admin,
    "process.agree": is_kdd | is_admin,
    "process.open_approval": is_kdd | is_admin,
    "process.approve": is_kdd | is_admin,
    "process.end": is_kdd | is_admin,
    "process.view_process": is_admin | is_kdd | participates,
    "process.record_anchoring": is_admin | is_kdd | is_project_manager | is_municipal_member | is_county_officer_of,
    "process.record_exception": is_kdd | is_admin,
    "process.confirm_commitments": guarded(is_admin | is_party_member, is_draft),
    "process.change_county_role": guarded(is_project_manager | is_admin, is_draft),
    "process.confirm_county_commitment": guarded(is_project_manager | is_county_officer_of | is_admin, before_agreed),
    # R9: whoever may confirm may correct or withdraw that confirmation, at any stage, and KDD.
    "process.correct_confirmation": is_admin | is_kdd | is_party_member,
    "process.correct_county_confirmation": is_project_manager | is_county_officer_of | is_admin | is_kdd,
    "process.write_response": is_kdd | is_admin,
    "process.approve_response": is_kdd | is_admin,
    "process.sign": is_kdd | is_admin,
    "process.manage_addenda": is_kdd | is_admin,
    "process.view_matrix": is_kdd | is_admin,
    # Meetings (bygdevekst.meetings)
    "meetings.manage": is_kdd | is_admin,
    # Answering an invitation (accept / tentative / decline) for one's own participating organisation.
    "meetings.answer": answers_for_participant,
    # A personal calendar feed address (/calendar/<token>.ics): anyone logged in, for their own meetings.
    "meetings.subscribe_calendar": is_authenticated,
    # Letters and the case log (bygdevekst.correspondence); case visibility is access/visibility.py
    "correspondence.view_cases": is_authenticated,
    "correspondence.compose_letter": is_kdd | is_admin,
    "correspondence.edit_letter": guarded(is_kdd | is_admin, letter_is_draft),
    "correspondence.approve_letter": guarded(is_kdd | is_admin, letter_is_draft, not_letter_author),
    "correspondence.export_archive": is_kdd | is_admin,
    # A failed delivery of a sent letter, queued once more (the API's send-again; the periodic job retries anyway)
    "correspondence.send_again": is_kdd | is_admin,
    # Notifications (bygdevekst.notifications)
    "notifications.view_own": is_authenticated,
    # Action plans and follow-up (bygdevekst.actionplans): the pilot's project manager edits, its people read
    "actionplans.view_plan": is_admin | is_kdd | participates,
    "actionplans.edit_plan": is_project_manager | is_admin,
    "actionplans.report": is_project_manager | is_admin,
    "actionplans.view_overview": is_kdd | is_admin,
    # Accounts and API
    "accounts.manage_tokens": is_authenticated,
    "audit.view_all": is_admin,
    # Webhooks (bygdevekst.webhooks): endpoints, their signing keys and the delivery log are the administrator's
    "webhooks.manage": is_admin,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
