"""A pilot's project manager invites the pilot's users and partners by e-mail.

Invite → e-mail (after the commit, in bokmål) → accept (a new account, or an existing user after logging in)
→ the membership. Refusals: who may invite (403 / 404), the role and organisation going together, an expired,
revoked or used link (410, nothing changes). Every step is in the action log.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bygdevekst.accounts import invitations
from bygdevekst.accounts.models import Invitation, User
from bygdevekst.agreements.models import Comment
from bygdevekst.audit.models import ActionLog
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership, Organisation
from tests.conftest import innlandet_pilot

PASSWORD = "Fjellbjørk-og-lyng-42"  # noqa: S105  a test password that passes the validators


@pytest.fixture
def trysil(demo):
    return demo["pilots"]["Trysil-regionen"]


@pytest.fixture
def english(client_for):
    """client_for, with the pages in English (the new strings are translated to nb/nn afterwards)."""

    def make(username):
        client = client_for(username) if username is not None else Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def people_url(pilot):
    return reverse("programme:people", args=[pilot.pk])


def invite(client, pilot, capture, *, email="Kari.Nordmann@Example.NO", name="Kari Nordmann",
           role=Role.MUNICIPAL_STAFF, organisation=None):
    organisation = organisation or pilot.lead_municipality
    with capture(execute=True):
        return client.post(people_url(pilot), {"name": name, "email": email, "role": role,
                                               "organisation": organisation.pk})


def link_in(message):
    match = re.search(r"https?://\S+/accounts/invitations/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url):
    return url.removeprefix(settings.SITE_URL.rstrip("/"))


def version_2_commitment(pilot):
    version = pilot.agreement.versions.get(number=2)
    return version, pilot.agreement.commitments.order_by("pk").first()


# ---- The whole flow ---------------------------------------------------------------------------------------

def test_new_person_is_invited_creates_an_account_and_comments_on_the_draft(
    client_for, trysil, django_capture_on_commit_callbacks
):
    pm = client_for("trysil")
    response = invite(pm, trysil, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == people_url(trysil)

    invitation = Invitation.objects.get(pilot=trysil)
    assert invitation.email == "kari.nordmann@example.no"
    assert invitation.is_pending and invitation.invited_by.username == "trysil"
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=14)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari.nordmann@example.no"]
    assert trysil.name in message.subject
    url = link_in(message)
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/accounts/invitations/inv_")
    raw = url.rstrip("/").rsplit("/", 1)[1]
    assert raw not in str(Invitation.objects.filter(pk=invitation.pk).values().get())  # only the hash is stored
    # Bokmål, whatever language the inviter uses: labels already translated show it.
    assert "Rolle:" in message.body and "Organisasjon:" in message.body and "Trysil kommune" in message.body

    newcomer = Client()
    page = newcomer.get(path_of(url))
    assert page.status_code == 200
    assert page.context["form"].initial == {"first_name": "Kari", "last_name": "Nordmann"}
    response = newcomer.post(path_of(url), {"first_name": "Kari", "last_name": "Nordmann",
                                            "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == trysil.get_absolute_url()

    user = User.objects.get(username="kari.nordmann@example.no")
    assert user.email == "kari.nordmann@example.no" and user.check_password(PASSWORD)
    assert (user.first_name, user.last_name) == ("Kari", "Nordmann")
    # tied to the pilot: the invitation opens this pilot only, not the municipality's other pilots
    assert Membership.objects.filter(user=user, organisation=trysil.lead_municipality,
                                     role=Role.MUNICIPAL_STAFF, pilot=trysil).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None and not invitation.is_pending
    assert int(newcomer.session["_auth_user_id"]) == user.pk

    # The new municipal staff member sees the Trysil draft and comments on it.
    assert newcomer.get(reverse("agreements:detail", args=[trysil.agreement.pk])).status_code == 200
    version, commitment = version_2_commitment(trysil)
    response = newcomer.post(reverse("agreements:comment_create", args=[trysil.agreement.pk, 2]),
                             {"target_kind": "commitment", "target_uid": str(commitment.uid), "body": "Hei fra Kari"})
    assert response.status_code == 302
    assert Comment.objects.filter(version=version, author=user, body="Hei fra Kari").exists()

    rows = {row.action: row for row in ActionLog.objects.filter(object_type="accounts.invitation",
                                                                 object_id=str(invitation.pk))}
    assert set(rows) == {"invitation.sent", "invitation.accepted"}
    assert rows["invitation.sent"].actor.username == "trysil"
    assert rows["invitation.sent"].agreement_id == trysil.agreement.pk
    assert rows["invitation.sent"].data["email"] == "kari.nordmann@example.no"
    assert rows["invitation.sent"].data["refreshed"] is False
    assert raw not in str(rows["invitation.sent"].data)
    assert rows["invitation.accepted"].actor == user
    assert rows["invitation.accepted"].agreement_id == trysil.agreement.pk
    assert rows["invitation.accepted"].data["account_created"] is True


def test_existing_user_logs_in_then_accepts_as_partner(client_for, trysil, django_capture_on_commit_callbacks):
    partner_org = Organisation.objects.get(name="Husbanken")  # a cooperation party to the Trysil agreement
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="SMOLA@demo.example",
                      name="Prosjektleder Smøla", role=Role.PARTNER, organisation=partner_org)
    assert response.status_code == 302
    url = path_of(link_in(mail.outbox[0]))
    draft_url = reverse("agreements:detail", args=[trysil.agreement.pk])

    smola = Client()
    response = smola.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert smola.post(url).status_code == 302  # not logged in: to the login page, nothing accepted
    assert Invitation.objects.get(pilot=trysil).is_pending

    response = smola.post(reverse("login"), {"username": "smola", "password": "demo", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert smola.get(draft_url).status_code == 404  # not yet a partner
    page = smola.get(url)
    assert page.status_code == 200 and page.context["existing_user"]
    assert not Membership.objects.filter(user__username="smola", role=Role.PARTNER).exists()  # a GET changes nothing

    response = smola.post(url)
    partner_url = reverse("agreements:partner", args=[trysil.agreement.pk])
    assert response.status_code == 302 and response["Location"] == partner_url  # a partner lands on its page
    user = User.objects.get(username="smola")
    assert Membership.objects.filter(user=user, organisation=partner_org, role=Role.PARTNER, pilot=trysil).exists()
    assert User.objects.filter(email__iexact="smola@demo.example").count() == 1  # no second account
    # A cooperation partner reads its own sub-goals on the partner page, never the whole draft.
    assert smola.get(partner_url).status_code == 200
    assert smola.get(draft_url).status_code == 404
    row = ActionLog.objects.get(action="invitation.accepted")
    assert row.actor == user and row.data["account_created"] is False and row.data["role"] == Role.PARTNER


def test_administrator_invites_a_county_council_officer(client_for, trysil, django_capture_on_commit_callbacks):
    response = invite(client_for("admin"), trysil, django_capture_on_commit_callbacks, email="ny@innlandet.example",
                      role=Role.COUNTY_OFFICER, organisation=trysil.county_council)
    assert response.status_code == 302
    invitation = Invitation.objects.get(pilot=trysil)
    assert invitation.invited_by.username == "admin" and invitation.organisation == trysil.county_council
    assert len(mail.outbox) == 1


# ---- Who may invite ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("username", "status"), [
    ("statsforvalter-innlandet", 403), ("politiker-trysil", 403), ("innlandet", 403), ("kdd", 403),
    ("smola", 404), ("vinje", 404), (None, 302),
])
def test_only_the_project_manager_and_the_administrator_invite(
    client_for, trysil, django_capture_on_commit_callbacks, username, status
):
    client = client_for(username)
    assert client.get(people_url(trysil)).status_code == status
    assert invite(client, trysil, django_capture_on_commit_callbacks).status_code == status
    assert not Invitation.objects.exists()
    assert not mail.outbox
    assert not ActionLog.objects.filter(action__startswith="invitation.").exists()


def test_pilot_page_links_the_people_page_for_those_who_may_use_it(client_for, trysil):
    link = people_url(trysil)
    for username in ("trysil", "admin"):
        assert link in client_for(username).get(trysil.get_absolute_url()).content.decode(), username
    for username in ("kdd", "statsforvalter-innlandet", "politiker-trysil", "smola", None):
        assert link not in client_for(username).get(trysil.get_absolute_url()).content.decode(), username


def test_people_page_lists_the_pilots_people_and_invitations(client_for, trysil, django_capture_on_commit_callbacks):
    client = client_for("trysil")
    invite(client, trysil, django_capture_on_commit_callbacks)
    response = client.get(people_url(trysil))
    assert response.status_code == 200
    usernames = {m.user.username for m in response.context["memberships"]}
    assert {"trysil", "politiker-trysil", "innlandet", "statsforvalter-innlandet"} <= usernames
    assert not usernames & {"smola", "vinje", "kdd"}
    assert [i.email for i in response.context["invitations"]] == ["kari.nordmann@example.no"]
    body = response.content.decode()
    assert "kari.nordmann@example.no" in body and "badge--pending" in body


# ---- The form ---------------------------------------------------------------------------------------------

def test_role_and_organisation_must_go_together(english, trysil, django_capture_on_commit_callbacks):
    smola_kommune = Organisation.objects.get(municipality_number="1573")
    client = english("trysil")
    cases = [
        (Role.MUNICIPAL_STAFF, trysil.county_council, "one of the pilot's municipalities"),
        (Role.POLITICIAN, smola_kommune, "one of the pilot's municipalities"),
        (Role.COUNTY_OFFICER, trysil.lead_municipality, "the pilot's county council"),
    ]
    for role, organisation, words in cases:
        response = invite(client, trysil, django_capture_on_commit_callbacks, role=role, organisation=organisation)
        assert response.status_code == 400, role
        errors = response.context["form"].errors
        assert list(errors) == ["organisation"], errors
        assert words in errors["organisation"][0]
        assert escape(words) in response.content.decode()
    # Roles a project manager does not give, and junk, are invalid choices.
    for role in (Role.PROJECT_MANAGER, Role.CASE_OFFICER, Role.STATE_ADMINISTRATOR, "chief"):
        response = invite(client, trysil, django_capture_on_commit_callbacks, role=role)
        assert response.status_code == 400 and "role" in response.context["form"].errors, role
    response = client.post(people_url(trysil), {"name": "X", "email": "x@example.no", "role": Role.PARTNER,
                                                "organisation": str(2**70)})
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert not mail.outbox
    assert not ActionLog.objects.filter(action__startswith="invitation.").exists()


def test_the_form_errors_are_on_their_fields_in_norwegian_too(client_for, trysil, django_capture_on_commit_callbacks):
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="ikke-en-adresse",
                      name="  ", role=Role.MUNICIPAL_STAFF, organisation=trysil.county_council)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "email", "organisation"}
    assert 'class="error-summary"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_someone_who_already_has_the_role_is_not_invited(client_for, trysil, django_capture_on_commit_callbacks):
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks,
                      email="politiker-trysil@demo.example", role=Role.POLITICIAN)
    assert response.status_code == 400 and list(response.context["form"].errors) == ["email"]
    assert not Invitation.objects.exists()


def test_inviting_again_while_pending_sends_a_new_link_instead_of_a_second_invitation(
    client_for, trysil, django_capture_on_commit_callbacks
):
    client = client_for("trysil")
    invite(client, trysil, django_capture_on_commit_callbacks)
    first = Invitation.objects.get()
    invite(client, trysil, django_capture_on_commit_callbacks, email="kari.nordmann@example.no", name="Kari N.")
    again = Invitation.objects.get()
    assert again.pk == first.pk and again.name == "Kari N."
    assert again.token_hash != first.token_hash and again.sent_at > first.sent_at
    assert len(mail.outbox) == 2
    old, new = (path_of(link_in(m)) for m in mail.outbox)
    assert Client().get(old).status_code == 404  # the first link is replaced
    assert Client().get(new).status_code == 200
    assert [r.data["refreshed"] for r in ActionLog.objects.filter(action="invitation.sent").order_by("pk")] == [False, True]
    # Another role is another invitation.
    invite(client, trysil, django_capture_on_commit_callbacks, role=Role.POLITICIAN)
    assert Invitation.objects.count() == 2


# ---- The link: expired, revoked, used ---------------------------------------------------------------------

@pytest.fixture
def pending(client_for, trysil, django_capture_on_commit_callbacks):
    """A pending invitation for a new address, and its link's path."""
    invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks)
    return Invitation.objects.get(), path_of(link_in(mail.outbox[-1]))


NEW_ACCOUNT = {"first_name": "Kari", "last_name": "Nordmann", "password1": PASSWORD, "password2": PASSWORD}


def assert_nothing_changed(users_before):
    assert User.objects.count() == users_before
    assert not User.objects.filter(username="kari.nordmann@example.no").exists()
    assert not ActionLog.objects.filter(action="invitation.accepted").exists()


def test_an_expired_link_says_so_and_changes_nothing(english, pending):
    invitation, url = pending
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    users = User.objects.count()
    client = english(None)
    response = client.get(url)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None
    assert client.post(url, NEW_ACCOUNT).status_code == 410
    assert_nothing_changed(users)
    page = english("trysil").get(people_url(invitation.pilot)).content.decode()
    assert "badge--expired" in page


def test_unknown_token_is_404(pending):
    _invitation, url = pending
    assert Client().get(url[:-3] + "xx/").status_code == 404
    assert Client().post("/accounts/invitations/inv_nothing/", NEW_ACCOUNT).status_code == 404


def test_project_manager_revokes_a_pending_invitation(english, client_for, pending):
    invitation, url = pending
    revoke_url = reverse("programme:invitation_revoke", args=[invitation.pilot_id, invitation.pk])
    assert client_for("statsforvalter-innlandet").post(revoke_url).status_code == 403
    assert client_for("smola").post(revoke_url).status_code == 404
    assert client_for(None).post(revoke_url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    pm = english("trysil")
    response = pm.post(revoke_url)
    assert response.status_code == 302 and response["Location"] == people_url(invitation.pilot)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    row = ActionLog.objects.get(action="invitation.revoked")
    assert row.actor.username == "trysil" and row.object_id == str(invitation.pk)
    assert row.agreement_id == invitation.pilot.agreement.pk

    users = User.objects.count()
    client = english(None)
    response = client.get(url)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert client.post(url, NEW_ACCOUNT).status_code == 410
    assert_nothing_changed(users)

    # Revoking again refuses with a message and changes nothing.
    revoked_at = invitation.revoked_at
    response = pm.post(revoke_url, follow=True)
    assert "Only a pending invitation can be withdrawn." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at == revoked_at
    assert ActionLog.objects.filter(action="invitation.revoked").count() == 1
    # An invitation of another pilot is not found through this one.
    other = reverse("programme:invitation_revoke", args=[invitation.pilot_id + 1, invitation.pk])
    assert client_for("admin").post(other).status_code == 404


def test_a_link_is_used_once(english, pending):
    invitation, url = pending
    first = Client()
    assert first.post(url, NEW_ACCOUNT).status_code == 302
    memberships = Membership.objects.count()
    users = User.objects.count()
    second = english(None)
    response = second.get(url)
    assert response.status_code == 410 and "already been used" in response.content.decode()
    assert second.post(url, {**NEW_ACCOUNT, "first_name": "Noen", "last_name": "Andre"}).status_code == 410
    # The new user's own session, still logged in, cannot accept it again either.
    assert first.post(url).status_code == 410
    assert (Membership.objects.count(), User.objects.count()) == (memberships, users)
    assert ActionLog.objects.filter(action="invitation.accepted").count() == 1


def test_someone_else_logged_in_cannot_take_a_new_persons_invitation(client_for, pending):
    invitation, url = pending
    users = User.objects.count()
    other = client_for("politiker-trysil")
    assert other.get(url).status_code == 403
    assert other.post(url, NEW_ACCOUNT).status_code == 403
    assert_nothing_changed(users)
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_an_existing_users_invitation_is_only_for_that_user(client_for, trysil, django_capture_on_commit_callbacks):
    partner_org = Organisation.objects.get(name="Husbanken")
    invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="vinje@demo.example",
           role=Role.PARTNER, organisation=partner_org)
    url = path_of(link_in(mail.outbox[0]))
    assert client_for("smola").post(url).status_code == 403
    assert Invitation.objects.get().is_pending
    assert not Membership.objects.filter(role=Role.PARTNER, user__username__in=["smola", "vinje"]).exists()


def test_the_password_validators_apply(english, pending):
    _invitation, url = pending
    users = User.objects.count()
    client = english(None)
    for password1, password2, field in [("kort", "kort", "password1"), ("1234567890123", "1234567890123", "password1"),
                                        ("kari.nordmann", "kari.nordmann", "password1"), (PASSWORD, PASSWORD + "x", "password2")]:
        response = client.post(url, {**NEW_ACCOUNT, "password1": password1, "password2": password2})
        assert response.status_code == 400
        assert list(response.context["form"].errors) == [field], password1
    response = client.post(url, {"first_name": "", "last_name": "", "password1": "", "password2": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"first_name", "last_name", "password1", "password2"}
    assert_nothing_changed(users)


@override_settings(EMAIL_BACKEND="tests.security.test_invitations.BrokenBackend")
def test_a_failing_mail_server_does_not_lose_the_invitation(client_for, trysil, django_capture_on_commit_callbacks,
                                                           caplog):
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Invitation.objects.get().is_pending
    assert "mail server down" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# ---- Query count ------------------------------------------------------------------------------------------

def test_people_page_queries_do_not_grow_with_invitations(client_for, trysil, django_assert_max_num_queries):
    client = client_for("trysil")
    pm = User.objects.get(username="trysil")

    def add(count, offset):
        for n in range(count):
            role = invitations.INVITABLE_ROLES[n % 2]
            raw, digest = invitations.new_token()
            Invitation.objects.create(pilot=trysil, email=f"p{offset + n}@example.no", name=f"Person {n}",
                                      organisation=trysil.lead_municipality, role=role, token_hash=digest,
                                      invited_by=pm, expires_at=timezone.now() + invitations.VALIDITY,
                                      accepted_by=pm if n % 3 == 0 else None,
                                      accepted_at=timezone.now() if n % 3 == 0 else None)

    add(1, 0)
    client.get(people_url(trysil))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(people_url(trysil)).status_code == 200
    add(25, 100)
    with django_assert_max_num_queries(len(one)):
        response = client.get(people_url(trysil))
    assert response.status_code == 200 and len(response.context["invitations"]) == 26


# ---- Found in review: an invitation must not be a way to more power ------------------------------------

@pytest.mark.parametrize("org", ["county", "state_administrator", "kdd", "municipality"])
def test_a_partner_is_only_a_cooperation_party_of_the_agreement(client_for, trysil, django_capture_on_commit_callbacks,
                                                                org):
    organisation = {
        "county": trysil.county_council, "state_administrator": trysil.state_administrator,
        "kdd": Organisation.objects.get(kind="ministry", org_number="972417858"),
        "municipality": trysil.lead_municipality,
    }[org]
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="medhjelper@example.no",
                      role=Role.PARTNER, organisation=organisation)
    assert response.status_code == 400 and list(response.context["form"].errors) == ["organisation"]
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_project_manager_cannot_invite_themselves(client_for, trysil, django_capture_on_commit_callbacks):
    response = invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="TRYSIL@demo.example",
                      role=Role.COUNTY_OFFICER, organisation=trysil.county_council)
    assert response.status_code == 400 and list(response.context["form"].errors) == ["email"]
    assert not Invitation.objects.exists()


def test_an_invited_county_officer_acts_in_the_inviting_pilot_only(client_for, trysil, demo,
                                                                   django_capture_on_commit_callbacks):
    """Another Innlandet pilot with the county council as a party: the organisation-wide county officer sees
    both drafts; one invited by Trysil's project manager sees Trysil's only, and records nothing elsewhere."""
    from bygdevekst.agreements.domain.start import start_agreement

    other = innlandet_pilot("Sør-Østerdalen", ["Engerdal kommune"])
    other_agreement = start_agreement(other, demo["users"]["kdd"])
    invite(client_for("trysil"), trysil, django_capture_on_commit_callbacks, email="fylke@example.no",
           role=Role.COUNTY_OFFICER, organisation=trysil.county_council)
    newcomer = Client()
    assert newcomer.post(path_of(link_in(mail.outbox[0])), NEW_ACCOUNT).status_code == 302
    user = User.objects.get(username="fylke@example.no")
    assert newcomer.get(reverse("agreements:detail", args=[trysil.agreement.pk])).status_code == 200
    assert newcomer.get(reverse("agreements:detail", args=[other_agreement.pk])).status_code == 404
    assert newcomer.get(reverse("process:record_decision", args=[other_agreement.pk])).status_code == 404
    assert user.has_perm("process.record_anchoring", trysil.agreement)
    assert not user.has_perm("process.record_anchoring", other_agreement)
    assert client_for("innlandet").get(reverse("agreements:detail", args=[other_agreement.pk])).status_code == 200


def _stored_invitation(trysil, by, *, email, role, organisation):
    """An invitation as an older rule, or a direct database change, could have left it: the link's token."""
    raw, digest = invitations.new_token()
    now = timezone.now()
    Invitation.objects.create(pilot=trysil, email=email, name="Lagret", organisation=organisation, role=role,
                              invited_by=by, token_hash=digest, sent_at=now, expires_at=now + invitations.VALIDITY)
    return reverse("accounts:invitation", args=[raw])


def test_the_inviter_cannot_accept_their_own_invitation(client_for, demo, trysil):
    url = _stored_invitation(trysil, demo["users"]["trysil"], email="trysil@demo.example", role=Role.PARTNER,
                             organisation=Organisation.objects.get(name="Husbanken"))
    response = client_for("trysil").post(url)
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="trysil", role=Role.PARTNER).exists()
    assert Invitation.objects.get().is_pending


def test_acceptance_checks_the_role_against_the_pilot_again(client_for, demo, trysil):
    """A partner invitation for the state administrator (allowed by no rule now) cannot be accepted."""
    url = _stored_invitation(trysil, demo["users"]["trysil"], email="vinje@demo.example", role=Role.PARTNER,
                             organisation=trysil.state_administrator)
    assert client_for("vinje").post(url).status_code == 403
    assert not Membership.objects.filter(user__username="vinje", role=Role.PARTNER).exists()


def test_a_project_manager_acts_in_their_own_pilot_only(client_for, demo, trysil):
    """Found in review: a project manager's membership names its pilot, so another pilot of the same
    municipality (another round) is not theirs: no draft, no anchoring, no confirmations there."""
    from bygdevekst.agreements.domain.start import start_agreement
    from bygdevekst.programme.models import Round

    other = innlandet_pilot("Trysil før", [trysil.lead_municipality.name], round_=Round.objects.get(number=1))
    other_agreement = start_agreement(other, demo["users"]["kdd"])
    pm = demo["users"]["trysil"]
    assert client_for("trysil").get(reverse("agreements:detail", args=[other_agreement.pk])).status_code == 404
    for perm in ("process.record_anchoring", "agreements.comment", "process.confirm_commitments"):
        assert not pm.has_perm(perm, other_agreement), perm
        assert pm.has_perm(perm, trysil.agreement), perm
    # the municipality's organisation-wide staff still follow every pilot of their municipality
    assert client_for("politiker-trysil").get(reverse("agreements:detail", args=[other_agreement.pk])).status_code == 200
