"""Every demo role × every declared route × GET and POST gets the status tests/security/matrix.py declares (the
page GETs as brand-new accounts given the role's memberships, the rest as the demo users);
every route in the resolver is declared (or listed for the lead's second pass). Each HTML page the walk gets is
also checked for inline code (the CSP), for aria-describedby references to ids it lacks and for the wording
tests/pages/test_wording.py looks for."""

import copy
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.pages.test_form_describedby import dangling_describedby
from tests.pages.test_wording import findings, visible_text

from .matrix import (
    API_METHODS_COVERED,
    ROLES,
    ROUTES,
    SECOND_PASS,
    demo_objects,
    discover_routes,
)
from .test_hardening import assert_no_inline_code


def test_every_route_is_declared():
    routes = discover_routes()
    missing = sorted(set(routes) - set(ROUTES) - SECOND_PASS)
    assert not missing, "Declare these routes in tests/security/matrix.py: " + ", ".join(missing)


def test_no_declared_route_is_stale():
    routes = discover_routes()
    assert not sorted(set(ROUTES) - set(routes)), "routes declared in the matrix but gone from the URLs"
    assert not SECOND_PASS & set(ROUTES), "a route is both declared and waiting for the second pass"


def test_every_api_operation_uses_declared_methods():
    """The matrix walks GET and POST of every api: route; an operation with another method must be declared."""
    from bygdevekst.api import api

    methods = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                methods.update(operation.methods)
    assert methods, "no API operations found"
    assert methods <= API_METHODS_COVERED, f"API methods the matrix does not walk: {methods - API_METHODS_COVERED}"


@pytest.fixture(scope="module")
def matrix_timer():
    """Prints how long this worker spent walking the matrix (the figure CI reports)."""
    timings = []
    yield timings
    if timings:
        print(f"\npermission matrix: {len(timings)} route × method cases, {len(timings) * len(ROLES)} requests, "
              f"{sum(timings):.1f} s on this worker")


def _fresh_user(demo_user):
    """A brand-new account with the demo user's memberships (and, for the administrator, the same flags): roles come
    from memberships, not from the demo users' names."""
    from bygdevekst.organisations.models import Membership

    role = demo_user.username
    fresh = get_user_model().objects.create_user(f"ny-{role}", f"ny-{role}@demo.example", "Ny-bruker-2026!",
                                                 is_superuser=demo_user.is_superuser, is_staff=demo_user.is_staff)
    Membership.objects.bulk_create(
        Membership(user=fresh, organisation_id=m.organisation_id, role=m.role, pilot_id=m.pilot_id)
        for m in demo_user.memberships.all()
    )
    return fresh


@pytest.fixture(scope="module")
def role_sessions(django_db_setup, django_db_blocker):
    """Logged-in clients per role for the whole module, and the cookies each had right after logging in: the demo
    user's, and a brand-new account's with the same memberships (`_fresh_user`).

    The page GETs go as the new accounts, so the walk also shows that a role is its memberships (a new colleague
    given them sees exactly what the table says); the API and every POST go as the demo users, whose own records
    (the author of a response, of a comment) some rules name. Logging 26 clients in for each of ~640 cases cost
    more than the requests: the users and logins (sessions, last_login, audit entries) are made inside a
    transaction that is rolled back when the module ends, so they reach no other test module; each case runs in
    its own nested savepoint as before."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
        made = {}
        for role in ROLES:
            for kind in ("demo", "fresh"):
                client = Client(raise_request_exception=False)
                if role != "anonymous":
                    client.force_login(users[role] if kind == "demo" else _fresh_user(users[role]))
                made[kind, role] = (client, copy.deepcopy(client.cookies))
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def objects(role_sessions, django_db_blocker):
    """The demo objects the routes are resolved with, looked up once for the module inside role_sessions'
    transaction (about twenty queries that every case repeated): every request a case makes is rolled back,
    so they stay as they were looked up."""
    with django_db_blocker.unblock():
        return demo_objects()


@pytest.fixture
def clients(db, role_sessions):
    """Each role's client exactly as it was after logging in, with the cookies it had then: a response that
    logged out or set a cookie (and was rolled back in the database) must not change what the role's next
    request sends, so the walk gives such a client its cookies back (`_as_after_logging_in`)."""
    return role_sessions


def _as_after_logging_in(client, cookies, response):
    """The test client keeps the cookies a response sets; only then are they put back as they were."""
    if response is None or response.cookies:
        client.cookies = copy.deepcopy(cookies)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_permission_matrix(clients, objects, matrix_timer, name, method):
    started = time.monotonic()
    route = ROUTES[name]
    url = route.url or (reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None) + route.query)
    body, content_type = route.body(objects)
    expected = route.expected(method)
    got = {}
    kind = "fresh" if method == "GET" and not name.startswith("api:") else "demo"
    for role in ROLES:
        client, cookies = clients[kind, role]
        # Each request is undone afterwards, so one role's POST cannot change what the next one sees.
        savepoint, response = transaction.savepoint(), None
        try:
            if method == "GET":
                response = client.get(url)
            else:
                response = (client.post(url, body, content_type=content_type) if content_type
                            else client.post(url, body))
        finally:
            transaction.savepoint_rollback(savepoint)
            _as_after_logging_in(client, cookies, response)
        got[role] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            page = response.content.decode()
            assert_no_inline_code(page, f"{method} {url} as {role}")
            # (the one page walk over every route and role also checks that help and error texts are linked,
            # and the wording of tests/pages/test_wording.py, which leaves these pages to this walk in bokmål)
            assert not dangling_describedby(page), f"{method} {url} as {role}: {dangling_describedby(page)}"
            assert not (found := findings(visible_text(page))), f"{method} {url} as {role}: {found}"
    matrix_timer.append(time.monotonic() - started)
    differences = {role: f"expected {expected[role]}, got {got[role]}" for role in ROLES if expected[role] != got[role]}
    assert not differences, f"{method} {url}: {differences}"


def test_render_permissions_writes_every_permission_from_the_table_alone(tmp_path):
    from django.core.management import call_command

    from bygdevekst.access.permissions import PERMISSIONS

    target = tmp_path / "permissions.md"
    call_command("render_permissions", "--output", str(target))
    text = target.read_text()
    for name in PERMISSIONS:
        assert f"| `{name}` | `{PERMISSIONS[name].name.replace('|', chr(92) + '|')}` |" in text


def test_the_rendered_matrix_has_every_route_and_the_document_is_current():
    from .matrix_doc import DOCUMENT, render

    text = render()
    for name in ROUTES:
        assert f"| `{name}` |" in text
    assert "| `audit:log` | `/audit/` | GET | 403 | 403 |" in text
    assert DOCUMENT.read_text(encoding="utf-8") == text, (
        "docs/permission-matrix.md is stale: run `TESTING=1 .venv/bin/python -m tests.security.matrix_doc`")


