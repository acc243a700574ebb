"""The page frame (templates/base.html) is drawn in kept parts (core/templatetags/kept.py), the menu's items are
worked out once per set of roles (core/navigation.py), and the roles and the unread count are asked with
written-out SQL: none of it may show anything stale. Each change a person can make shows on the very next page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

from bygdevekst.access.roles import _membership_rows, roles_of
from bygdevekst.core import navigation
from bygdevekst.notifications.domain import reading
from bygdevekst.notifications.domain.notify import notify, unread_count
from bygdevekst.notifications.enums import Event
from bygdevekst.notifications.models import Notification
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership, Organisation

BADGE = re.compile(r'<span id="nav-badge-notifications-list">(?: <span class="nav-badge">(\d+)<)?')
CSRF = re.compile(r'value="[A-Za-z0-9]{64}"')


def _badge(page):
    match = BADGE.search(page)
    assert match, "the menu shows no notifications item"
    return int(match.group(1) or 0)


def _menu_names(page):
    nav = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<span id="nav-badge-([\w-]+)"', nav)


def _fresh_menu(user):
    """What the menu showed before it was kept: every entry asked of `user.has_perm` now."""
    return [url_name.replace(":", "-") for _label, url_name, perm, _weight, _badge in navigation._all_entries()
            if (perm is None or user.has_perm(perm)) and navigation._url(url_name) is not None]


@pytest.mark.django_db
def test_the_kept_menu_is_each_persons_own(demo):
    """Kept per roles, asked again per person: the same items as asking each permission afresh, for every demo
    person and for someone not logged in, whoever was asked first."""
    users = [*demo["users"].values(), AnonymousUser()]
    for _round in range(2):
        for user in users:
            roles = roles_of(user)
            kept = navigation.menu_for(user, "/", roles_key=(bool(user.is_active), roles.key))
            assert [item["name"] for item in kept] == _fresh_menu(user), getattr(user, "username", "anonymous")
    assert len({roles_of(user).key for user in users}) > 3  # the demo has people in several roles


@pytest.mark.django_db
def test_written_out_queries_ask_what_the_orm_asks(demo):
    for user in demo["users"].values():
        notify([user], Event.DEADLINE, "Frist", key=f"frame-{user.pk}")
        notify([user], Event.DEADLINE, "Frist lest", key=f"frame-read-{user.pk}")
        reading.mark_read(Notification.objects.get(user=user, key=f"frame-read-{user.pk}"))
        assert sorted(_membership_rows(user), key=repr) == sorted(
            user.memberships.values_list("organisation_id", "role", "pilot_id"), key=repr)
        assert unread_count(user) == Notification.objects.filter(user=user, read_at__isnull=True).count() > 0


@pytest.mark.django_db
def test_a_page_drawn_from_kept_parts_is_the_page_drawn_afresh(client_for):
    """The first request draws every part, the next ones take the kept copies: the same bytes (but the CSRF
    token, which is masked afresh on each page)."""
    for username in ("kdd", "trysil", None):
        client = client_for(username)
        for url in ("/about/privacy/", "/no-such-page/", "/"):
            first, second = (CSRF.sub("", client.get(url).content.decode()) for _ in range(2))
            assert first == second, (username, url)


@pytest.mark.django_db
def test_notifications_new_read_and_all_read_show_on_the_next_page(client_for, demo):
    trysil = demo["users"]["trysil"]
    client = client_for("trysil")
    before = _badge(client.get("/about/privacy/").content.decode())
    first, second = notify([trysil], Event.DEADLINE, "Frist A", key="frame-a") + notify(
        [trysil], Event.DEADLINE, "Frist B", key="frame-b")
    assert _badge(client.get("/about/privacy/").content.decode()) == before + 2
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    assert _badge(client.get("/about/privacy/").content.decode()) == before + 1
    Notification.objects.filter(pk=second.pk).update(read_at=None)  # (unchanged: still unread)
    assert client.post("/notifications/read-all/").status_code == 302
    assert _badge(client.get("/no-such-page/").content.decode()) == 0


@pytest.mark.django_db
def test_a_membership_given_or_taken_shows_on_the_next_page(client_for, demo):
    """The menu's items follow the roles: a project manager made a KDD case officer sees the action-plan overview
    and the anchoring matrix on the next page, and no longer once the membership is gone."""
    trysil = demo["users"]["trysil"]
    client = client_for("trysil")
    assert "actionplans-overview" not in _menu_names(client.get("/about/privacy/").content.decode())
    kdd_org = Membership.objects.filter(role=Role.CASE_OFFICER).values_list("organisation_id", flat=True).first()
    membership = Membership.objects.create(user=trysil, organisation=Organisation.objects.get(pk=kdd_org),
                                           role=Role.CASE_OFFICER)
    names = _menu_names(client.get("/about/privacy/").content.decode())
    assert "actionplans-overview" in names and "process-matrix_current" in names
    membership.delete()
    assert "actionplans-overview" not in _menu_names(client.get("/about/privacy/").content.decode())


@pytest.mark.django_db
def test_an_administrator_made_or_unmade_shows_on_the_next_page(client_for, demo):
    kdd = demo["users"]["kdd"]
    client = client_for("kdd")
    assert "audit-log" not in _menu_names(client.get("/about/privacy/").content.decode())
    get_user_model().objects.filter(pk=kdd.pk).update(is_superuser=True)
    assert "audit-log" in _menu_names(client.get("/about/privacy/").content.decode())
    get_user_model().objects.filter(pk=kdd.pk).update(is_superuser=False)
    assert "audit-log" not in _menu_names(client.get("/about/privacy/").content.decode())


@pytest.mark.django_db
def test_a_language_or_name_changed_shows_on_the_next_page(client_for, demo):
    kdd = demo["users"]["kdd"]
    client = client_for("kdd")
    for language, footer in (("nn", "Driven av Kommunal- og distriktsdepartementet."),
                             ("en", "Run by the Ministry of Local Government and Regional Development."),
                             ("nb", "Driftes av Kommunal- og distriktsdepartementet.")):
        get_user_model().objects.filter(pk=kdd.pk).update(language=language)
        page = client.get("/about/privacy/").content.decode()
        assert f'<html lang="{language}">' in page and f'<option value="{language}" selected' in page
        with translation.override(language):
            assert translation.gettext("Run by the Ministry of Local Government and Regional Development.") == footer
        assert footer in page
    get_user_model().objects.filter(pk=kdd.pk).update(first_name="Omdøypt", last_name="Saksbehandler")
    assert "Omdøypt Saksbehandler" in client.get("/about/privacy/").content.decode()


def test_a_kept_part_refuses_what_differs_per_request_or_per_page():
    with pytest.raises(TemplateSyntaxError, match="CSRF"):
        Template("{% load kept %}{% kept %}<form>{% csrf_token %}</form>{% endkept %}")
    with pytest.raises(TemplateSyntaxError, match="block"):
        Template("{% load kept %}{% kept %}{% block x %}{% endblock %}{% endkept %}")


def test_a_kept_part_is_kept_per_value_and_language_and_emptied_by_a_changed_setting():
    part = Template("{% load kept i18n %}{% kept who %}{{ who }} {{ other }} {% translate 'Home' %}{% endkept %}")
    with translation.override("en"):
        assert part.render(Context({"who": "a", "other": 1})) == "a 1 Home"
        assert part.render(Context({"who": "a", "other": 2})) == "a 1 Home"  # `other` is not what it varies on
        assert part.render(Context({"who": "b", "other": 2})) == "b 2 Home"
    with translation.override("nb"):
        assert part.render(Context({"who": "a", "other": 3})) == "a 3 Forside"
    with override_settings(LANGUAGE_CODE="nb"), translation.override("en"):
        assert part.render(Context({"who": "a", "other": 4})) == "a 4 Home"


@pytest.mark.django_db
def test_sessions_stay_on_the_server_logging_out_revokes_and_an_expired_one_is_gone(client_for):
    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bygdevekst.accounts.sessions import SessionStore

    client = client_for("trysil")
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load() == Session.objects.get(session_key=key).get_decoded() != {}
    assert SessionStore("no-such-session-key-0123456789").load() == {}
    copy = Client()
    copy.cookies["sessionid"] = key  # the same cookie in another browser, as a stolen cookie would be
    assert copy.get("/notifications/").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert copy.get("/notifications/").status_code == 302  # revoked: the row is gone

    expired = client_for("trysil")
    Session.objects.filter(session_key=expired.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert expired.get("/notifications/").status_code == 302


@pytest.mark.django_db
def test_the_written_out_user_read_gives_what_the_orm_gives(demo):
    from bygdevekst.accounts.backends import AccountBackend, read_user

    user = demo["users"]["kdd"]
    get_user_model().objects.filter(pk=user.pk).update(last_login="2026-12-01T10:30:00+01:00", title="Seniorrådgiver")
    for user in get_user_model().objects.all():
        written = read_user(user.pk)
        assert type(written) is type(user) and written._state.adding is False and written._state.db == user._state.db
        for field in user._meta.concrete_fields:
            assert getattr(written, field.attname) == getattr(user, field.attname), field.name
    assert read_user(10**9) is None and AccountBackend().get_user(10**9) is None
    assert AccountBackend().get_user(str(user.pk)) == user
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert AccountBackend().get_user(user.pk) is None  # as Django's: an inactive user is nobody


@pytest.mark.django_db
def test_a_session_signed_in_before_the_backend_was_renamed_stays_signed_in(demo, client):
    """accounts/0004 re-encodes sessions naming Django's ModelBackend to name AccountBackend (and back)."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection

    migration = import_module("bygdevekst.accounts.migrations.0004_sessions_name_the_account_backend")
    user = demo["users"]["trysil"]
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: migration.EARLIER,
                    HASH_SESSION_KEY: user.get_session_auth_hash(), "kept": "as it was"})
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get("/notifications/").status_code == 302  # ModelBackend is no longer a setting: signed out

    editor = SimpleNamespace(connection=connection)  # (all the migration asks of its schema editor)
    migration.rename(apps, editor, migration.EARLIER, migration.NOW)
    stored = import_module(settings.SESSION_ENGINE).SessionStore(session.session_key).load()
    assert stored[BACKEND_SESSION_KEY] == migration.NOW and stored["kept"] == "as it was"
    assert client.get("/notifications/").status_code == 200  # the same cookie: signed in
    migration.rename(apps, editor, migration.NOW, migration.EARLIER)
    assert import_module(settings.SESSION_ENGINE).SessionStore(session.session_key).load()[BACKEND_SESSION_KEY] == (
        migration.EARLIER)


def test_the_backend_path_sessions_name_is_the_configured_backend():
    from django.conf import settings

    from bygdevekst.accounts import backends

    assert backends.PATH in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS
