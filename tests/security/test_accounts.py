"""Accounts: Argon2, lockout, password reset, session expiry, the profile and its API tokens."""


import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from bygdevekst.accounts.models import ApiToken, LoginFailure, User, hash_token
from bygdevekst.audit.models import ActionLog


def test_production_settings_hash_passwords_with_argon2(production):
    assert production["password_hash"].startswith("argon2$argon2id$")


def _login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_with_right_password_is_logged_with_ip(demo):
    response = _login(Client(), "trysil", "demo", ip="192.0.2.7")
    assert response.status_code == 302
    row = ActionLog.objects.filter(action="user.logged_in", actor=demo["users"]["trysil"]).first()
    assert row is not None and row.ip_address == "192.0.2.7"


def test_lockout_after_five_failures_then_even_the_right_password_is_refused(demo):
    client = Client()
    for _ in range(5):
        response = _login(client, "smola", "wrong")
        assert response.status_code == 200
    response = _login(client, "smola", "demo")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "15" in body and 'role="alert"' in body
    assert ActionLog.objects.filter(action="user.login_locked", data__username="smola").exists()
    assert ActionLog.objects.filter(action="user.login_failed", data__username="smola").count() >= 5


def test_lockout_is_per_address_so_others_cannot_lock_a_colleague_out(demo):
    for _ in range(5):
        _login(Client(), "vinje", "wrong", ip="203.0.113.9")
    assert _login(Client(), "vinje", "demo", ip="198.51.100.1").status_code == 302


def test_success_below_the_limit_clears_the_failures(demo):
    for _ in range(4):
        _login(Client(), "solund", "wrong")
    assert _login(Client(), "solund", "demo").status_code == 302
    assert not LoginFailure.objects.filter(username="solund").exists()


@override_settings(LOGIN_LOCKOUT_SECONDS=0)
def test_lock_expires_after_the_window(demo):
    for _ in range(5):
        _login(Client(), "kafjord", "wrong")
    assert _login(Client(), "kafjord", "demo").status_code == 302


def test_locked_message_is_translated(demo):
    client = Client(headers={"accept-language": "en"})
    for _ in range(5):
        _login(client, "innlandet", "wrong")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    body = _login(client, "innlandet", "demo").content.decode()
    assert "For mange mislykkede" in body or "Too many failed attempts" in body


def test_password_reset_by_email_sets_a_new_password(demo):
    client = Client()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200
    response = client.post("/accounts/password/reset/", {"email": "trysil@demo.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert confirm.status_code == 200 and confirm.context["validlink"]
    done = client.post(confirm.redirect_chain[-1][0],
                       {"new_password1": "Bygdevekst-ny-2026", "new_password2": "Bygdevekst-ny-2026"})
    assert done.status_code == 302
    user = User.objects.get(username="trysil")
    assert user.check_password("Bygdevekst-ny-2026")
    log = ActionLog.objects.filter(action="user.password_reset").latest("pk")
    assert log.actor == user and "Bygdevekst-ny-2026" not in str(log.data)


def test_password_change_is_logged_without_the_password(client_for, demo):
    client = client_for("vinje")
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "demo", "new_password1": "Vinje-nytt-2026!", "new_password2": "Vinje-nytt-2026!"})
    assert response.status_code == 302
    log = ActionLog.objects.filter(action="user.password_changed").latest("pk")
    assert log.actor.username == "vinje" and "Vinje-nytt" not in str(log.data)


def test_password_reset_for_unknown_address_reveals_nothing(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_sessions_expire_after_a_working_day_and_at_browser_close(client_for):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client = client_for("kdd")
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expire_at_browser_close()


# ---- Profile ---------------------------------------------------------------------------------

def test_profile_needs_login(client_for):
    response = client_for(None).get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_shows_and_saves_name_and_language(client_for, demo):
    client = client_for("vinje")
    page = client.get("/accounts/profile/")
    assert page.status_code == 200 and "Prosjektleiar" in page.content.decode()
    response = client.post("/accounts/profile/", {"first_name": "Kari", "last_name": "Nordmann", "title": "",
                                                  "phone": "", "language": "nn"})
    assert response.status_code == 302
    user = User.objects.get(username="vinje")
    assert (user.first_name, user.language) == ("Kari", "nn")
    row = ActionLog.objects.get(action="user.profile_changed", object_id=str(user.pk))
    assert row.data["language"] == {"before": "", "after": "nn"}
    assert row.data["first_name"]["before"] == "Prosjektleiar"
    assert 'lang="nn"' in client.get("/accounts/profile/").content.decode()


def test_profile_with_bad_language_saves_nothing(client_for):
    client = client_for("smola")
    response = client.post("/accounts/profile/", {"first_name": "X", "last_name": "Y", "language": "de"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    user = User.objects.get(username="smola")
    assert user.first_name == "Prosjektleder" and user.language == ""


def test_token_is_shown_once_stored_hashed_and_works(client_for, demo):
    client = client_for("trysil")
    response = client.post("/accounts/profile/tokens/", {"name": "arkiv"})
    assert response.status_code == 201
    raw = response.context["new_token"]["raw"]
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=demo["users"]["trysil"], name="arkiv")
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert ActionLog.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()
    # Never shown again
    page = client.get("/accounts/profile/").content.decode()
    assert raw not in page and "arkiv" in page and token.prefix in page
    # It works, and the last-used time appears
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/pilots/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_without_name_is_refused(client_for, demo):
    response = client_for("trysil").post("/accounts/profile/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=demo["users"]["trysil"], name="").exists()


def test_revoked_token_stops_working(client_for, demo):
    token, raw = ApiToken.issue(demo["users"]["smola"], "nattjobb")
    client = client_for("smola")
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ActionLog.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/pilots/").status_code == 401
    assert token not in client.get("/accounts/profile/").context["tokens"]


def test_someone_elses_token_is_404_and_stays(client_for, demo):
    token, _raw = ApiToken.issue(demo["users"]["smola"], "nattjobb")
    assert client_for("trysil").post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_post_only(client_for, demo):
    token, _raw = ApiToken.issue(demo["users"]["smola"], "nattjobb")
    assert client_for("smola").get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405


@pytest.mark.parametrize("username", ["kdd", "trysil", "statsforvalter-innlandet", "admin"])
def test_profile_page_query_count_is_bounded(client_for, demo, django_assert_max_num_queries, username):
    for i in range(5):
        ApiToken.issue(demo["users"][username], f"t{i}")
    client = client_for(username)
    with django_assert_max_num_queries(15):
        assert client.get("/accounts/profile/").status_code == 200


def test_failed_logins_are_pruned_after_the_retention_the_privacy_page_states(demo, client_for):
    import datetime

    from django.utils import timezone

    from bygdevekst.accounts import lockout
    from bygdevekst.core.scheduler import declared_jobs

    _login(Client(), "vinje", "wrong")
    old = LoginFailure.objects.create(username="gammel", ip_address="192.0.2.1")
    LoginFailure.objects.filter(pk=old.pk).update(at=timezone.now() - lockout.retention() - datetime.timedelta(seconds=1))
    assert lockout.prune() == 1
    assert LoginFailure.objects.filter(username="vinje").count() == 1
    assert ("bygdevekst.accounts.lockout.prune", 600) in declared_jobs()
    minutes = int(lockout.retention().total_seconds() // 60)
    page = client_for(None).get(reverse("pages:privacy"))
    assert f"senest etter {minutes} minutter" in page.content.decode()
