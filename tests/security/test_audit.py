"""The action log: append-only in the ORM, the admin and the database; a per-agreement timeline for
the agreement's people; a filterable log for administrators."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from bygdevekst.audit import triggers
from bygdevekst.audit.log import log_action
from bygdevekst.audit.models import ActionLog, AppendOnlyError


@pytest.fixture
def row(demo):
    return log_action("test.something", actor=demo["users"]["kdd"], obj=demo["pilots"]["Trysil-regionen"].agreement,
                      data={"state": {"before": "draft", "after": "submitted"}})


def test_log_rows_cannot_be_changed_or_deleted_through_the_orm(row):
    row.action = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.filter(pk=row.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.filter(pk=row.pk).delete()


class _Undo(Exception):
    pass


# Raw SQL that would change or empty the log. Emptying is TRUNCATE on PostgreSQL (with CASCADE, as the webhook
# events refer to the log); SQLite has no TRUNCATE, its equivalent is an unqualified DELETE (the "truncate
# optimisation", which a DELETE trigger switches off).
RAW_SQL = {
    "update": "UPDATE audit_actionlog SET action = 'x', data = '{}' WHERE id = %s",
    "delete": "DELETE FROM audit_actionlog WHERE id = %s",
    "empty": {"postgresql": "TRUNCATE audit_actionlog CASCADE", "sqlite": "DELETE FROM audit_actionlog"},
}


def _raw(statement, row):
    sql = RAW_SQL[statement]
    with connection.cursor() as cursor:
        if isinstance(sql, dict):
            # PostgreSQL will not TRUNCATE a table with pending trigger events (the deferred foreign-key checks of
            # the rows inserted in this test's transaction): run those checks first, as a commit would.
            connection.check_constraints()
            cursor.execute(sql[connection.vendor])
        else:
            cursor.execute(sql, [row.pk])


def _migration():
    from importlib import import_module

    module = import_module("bygdevekst.audit.migrations.0002_append_only_triggers")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    return module, editor


def _installed_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=%s", [triggers.TABLE])
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                           [triggers.TABLE])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("statement", ["update", "delete", "empty"])
def test_database_triggers_refuse_raw_sql_on_the_log(row, statement):
    """On both engines, each pass: the database itself refuses a raw UPDATE, DELETE and TRUNCATE (SQLite: an
    unqualified DELETE) on the log. The triggers are installed the way migration 0002 does (they are off in the
    test settings, see settings.py), inside the test's transaction, so they go with its rollback."""
    count = ActionLog.objects.count()
    migration, editor = _migration()
    migration.uninstall(None, editor)  # (already absent unless AUDIT_DB_TRIGGERS=1 is set for the run)
    # Without the triggers the same SQL goes through (undone at once): so the refusal below is the triggers'.
    with pytest.raises(_Undo), transaction.atomic():
        _raw(statement, row)
        changed = {"update": ActionLog.objects.filter(pk=row.pk, action="x").exists(),
                   "delete": not ActionLog.objects.filter(pk=row.pk).exists(),
                   "empty": not ActionLog.objects.exists()}
        assert changed[statement]
        raise _Undo
    with override_settings(AUDIT_DB_TRIGGERS=True):
        migration.install(None, editor)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        _raw(statement, row)
    assert ActionLog.objects.get(pk=row.pk).action == "test.something"
    assert ActionLog.objects.count() == count
    # Appending still works.
    assert log_action("test.after_triggers").pk > row.pk
    migration.uninstall(None, editor)
    assert _installed_triggers() == set()


def test_migration_installs_triggers_unless_switched_off(db):
    migration, editor = _migration()
    expected = {
        "sqlite": {f"{triggers.TABLE}_no_update", f"{triggers.TABLE}_no_delete"},
        "postgresql": {f"{triggers.TABLE}_no_change", f"{triggers.TABLE}_no_truncate"},
    }[connection.vendor]
    migration.uninstall(None, editor)  # (already absent unless AUDIT_DB_TRIGGERS=1 is set for the run)
    with override_settings(AUDIT_DB_TRIGGERS=False):
        migration.install(None, editor)
    assert _installed_triggers() == set()
    with override_settings(AUDIT_DB_TRIGGERS=True):
        migration.install(None, editor)
    assert _installed_triggers() == expected
    migration.uninstall(None, editor)
    assert _installed_triggers() == set()


def test_admin_is_read_only(client_for, row):
    client = client_for("admin")
    assert client.get("/admin/audit/actionlog/").status_code == 200
    assert client.get(f"/admin/audit/actionlog/{row.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/audit/actionlog/add/").status_code == 403
    assert client.post(f"/admin/audit/actionlog/{row.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/audit/actionlog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ActionLog.objects.get(pk=row.pk).action == "test.something"


# ---- Timeline on the agreement page -------------------------------------------------------------

@pytest.mark.parametrize("username", ["trysil", "politiker-trysil", "kdd", "kdd2", "statsforvalter-innlandet", "admin"])
def test_timeline_shows_for_the_agreements_people(client_for, demo, row, username):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    body = client_for(username).get(f"/agreements/{agreement.pk}/").content.decode()
    assert 'id="timeline-heading"' in body and "test.something" in body


def test_timeline_outsider_gets_404_for_a_draft(client_for, demo, row):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    assert client_for("smola").get(f"/agreements/{agreement.pk}/").status_code == 404


def test_public_sees_approved_agreement_but_no_timeline(client_for, demo):
    from bygdevekst.agreements.models import Agreement

    agreement = Agreement.objects.filter(state="approved").first()
    log_action("test.public", obj=agreement)
    response = client_for(None).get(f"/agreements/{agreement.pk}/")
    assert response.status_code == 200
    assert "timeline-heading" not in response.content.decode()
    assert "timeline-heading" not in client_for("smola").get(f"/agreements/{agreement.pk}/").content.decode()


# ---- The administrators' log page ------------------------------------------------------------------

def test_log_page_is_for_administrators(client_for, row):
    assert client_for(None).get("/audit/").status_code == 302
    for username in ("kdd", "trysil", "statsforvalter-innlandet"):
        assert client_for(username).get("/audit/").status_code == 403
    assert client_for("admin").get("/audit/").status_code == 200


def test_log_page_filters_by_who_action_object_and_date(client_for, demo, row):
    log_action("other.thing", actor=demo["users"]["trysil"])
    client = client_for("admin")
    page = client.get("/audit/", {"who": "kdd", "action": "test.", "object": "Trysil"})
    entries = list(page.context["page"])
    assert row in entries and all(e.actor and e.actor.username == "kdd" for e in entries)
    assert "other.thing" not in page.content.decode()
    today = datetime.date.today().isoformat()
    assert row in client.get("/audit/", {"date_from": today, "date_to": today}).context["page"]
    assert row not in client.get("/audit/", {"date_to": "2000-01-01"}).context["page"]


def test_log_page_bad_dates_give_a_message(client_for):
    response = client_for("admin").get("/audit/", {"date_from": "2026-12-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    response = client_for("admin").get("/audit/", {"date_from": "31.02.2026"})
    assert response.status_code == 400


def test_log_page_is_paginated_with_bounded_queries(client_for, demo, django_assert_max_num_queries):
    for i in range(60):
        log_action("test.bulk", actor=demo["users"]["kdd"], data={"i": i})
    client = client_for("admin")
    with django_assert_max_num_queries(12):
        first = client.get("/audit/", {"action": "test.bulk"})
    assert len(first.context["page"]) == 50 and first.context["page"].has_next()
    second = client.get("/audit/", {"action": "test.bulk", "page": 2})
    assert len(second.context["page"]) == 10
    assert "action=test.bulk" in first.content.decode()


def test_ip_address_is_recorded(client_for):
    client = client_for("kdd")
    client.post("/accounts/profile/", {"first_name": "A", "last_name": "B", "language": "en"}, REMOTE_ADDR="192.0.2.44")
    assert ActionLog.objects.filter(action="user.profile_changed", ip_address="192.0.2.44").exists()


# ---- Every step labelled, every demo step on the timeline -----------------------------------------

def _logged_codes_in_source():
    """Action codes written by the code: quoted "area.verb" literals in modules that log, and the
    process's transitions (logged as agreement.<action>)."""
    import pathlib
    import re

    from bygdevekst.access.permissions import PERMISSIONS
    from bygdevekst.process.enums import Action

    codes = {f"agreement.{action.value}" for action in Action}
    pattern = re.compile(r'(?<!dispatch_uid=)"((?:agreement|actionplan|user|system|api_token|correspondence|meeting|milestone|pilot'
                         r'|round|notifications|invitation)\.[a-z_]+)"')
    import bygdevekst

    for path in pathlib.Path(bygdevekst.__file__).parent.rglob("*.py"):
        if path.name == "labels.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "log_action" in text or "action =" in text:
            codes |= set(pattern.findall(text))
    return codes - set(PERMISSIONS)


def test_every_logged_action_has_a_label():
    from bygdevekst.audit.labels import LABELS

    codes = _logged_codes_in_source()
    assert len(codes) > 60
    assert not sorted(codes - set(LABELS)), "add these to bygdevekst/audit/labels.py"
    assert not sorted(set(LABELS) - codes), "labels for codes nothing logs any more"


# The round-2 pilot that went the whole way, every step in order (oldest first), as the demo made it.
NORD_TROMS_STEPS = [
    "agreement.created", "agreement.version_frozen", "agreement.edited", "agreement.version_frozen",
    "agreement.anchoring_decision_recorded", "agreement.submit", "agreement.response_drafted",
    "agreement.response_approved", "agreement.respond", "agreement.response_published", "agreement.open_dialogue",
    "meeting.created", "meeting.minutes_recorded", "agreement.agree", "agreement.open_approval",
    "agreement.anchoring_decision_recorded", "agreement.approve", "agreement.signed",
]


def test_demo_timeline_shows_every_step_of_the_process_in_norwegian(client_for, demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    codes = list(ActionLog.objects.filter(agreement=agreement).order_by("timestamp", "pk")
                 .values_list("action", flat=True))
    it = iter(codes)
    assert all(step in it for step in NORD_TROMS_STEPS), codes  # each step, in this order
    body = client_for("kafjord").get(f"/agreements/{agreement.pk}/").content.decode()
    for label in ("Utkast til avtale startet", "Forslaget sendt til KDD", "Svar publisert", "Dialog åpnet",
                  "Enighet om endelig tekst", "Avtalen godkjent av alle parter", "Signering registrert"):
        assert label in body, label


@pytest.mark.parametrize("pilot", ["Trysil-regionen", "Smøla og Aure", "Solund og Fedje", "Vest-Telemark"])
def test_demo_timeline_of_each_round2_pilot_begins_with_its_drafting(demo, pilot):
    agreement = demo["pilots"][pilot].agreement
    codes = list(ActionLog.objects.filter(agreement=agreement).order_by("timestamp", "pk")
                 .values_list("action", flat=True))
    assert codes[:4] == ["agreement.created", "agreement.version_frozen", "agreement.edited",
                         "agreement.version_frozen"]
    if agreement.state != "draft":
        assert "agreement.submit" in codes


# ---- Which address is logged ---------------------------------------------------------------------------

@pytest.mark.parametrize("remote,forwarded,trusted,expected", [
    ("198.51.100.7", "", [], "198.51.100.7"),                              # no proxy
    ("198.51.100.7", "203.0.113.9", [], "198.51.100.7"),                   # a client cannot claim an address
    ("10.0.0.2", "203.0.113.9", ["10.0.0.2"], "203.0.113.9"),              # behind the trusted proxy
    ("10.0.0.2", "1.2.3.4, 203.0.113.9", ["10.0.0.2"], "203.0.113.9"),     # the client's own entry lies left
    ("10.0.0.2", "203.0.113.9, 10.0.0.3", ["10.0.0.2", "10.0.0.3"], "203.0.113.9"),  # two proxies
    ("10.0.0.2", "not-an-address", ["10.0.0.2"], "10.0.0.2"),              # junk: the proxy's address
    ("10.0.0.7", "203.0.113.9, 10.0.0.3", ["10.0.0.0/24"], "203.0.113.9"),  # a network of proxies
])
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(rf, settings, remote, forwarded, trusted,
                                                                    expected):
    from bygdevekst.audit.log import client_ip

    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_login_behind_the_proxy_logs_the_clients_address(client, settings, demo):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    client.post("/accounts/login/", {"username": "solund", "password": "demo"},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ActionLog.objects.filter(action="user.logged_in").latest("pk").ip_address == "203.0.113.9"


def test_a_bad_trusted_proxies_setting_stops_the_start_with_a_clear_message():
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
                             "'bygdevekst.settings'; django.setup()"],
                            env={**os.environ, "TRUSTED_PROXIES": "10.0.0.2,proxy.local"},
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.local' is not an address or a network" in result.stderr
