"""Records that prove themselves, on both engines: the database refuses raw changes to frozen versions; a version
changed behind the triggers' back is caught by the page, the API, the documents and `manage.py verify`; the log's
hash chain finds a changed or removed row; the nightly job tells the administrators."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from bygdevekst.agreements.models import AgreementVersion
from bygdevekst.audit import triggers
from bygdevekst.audit.log import log_action
from bygdevekst.audit.models import ActionLog
from bygdevekst.audit.verify import nightly, verify
from bygdevekst.notifications.models import Notification


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def version(demo):
    """A final version of an approved agreement (the API serves it to anyone who sees the agreement)."""
    return AgreementVersion.objects.filter(kind="final").select_related("agreement").order_by("pk").first()


def _tamper(version):
    """What one raw UPDATE did in the audit: the text changes, the recorded SHA-256 stays."""
    content = dict(version.content, title="Forfalsket tittel")
    _raw("UPDATE agreements_agreementversion SET content = %s WHERE id = %s", [json.dumps(content), version.pk])


@pytest.mark.parametrize("statement", ["update", "delete", "empty"])
def test_database_refuses_raw_changes_to_frozen_versions(version, statement):
    sql = {
        "update": ("UPDATE agreements_agreementversion SET label = 'x' WHERE id = %s", [version.pk]),
        "delete": ("DELETE FROM agreements_agreementversion WHERE id = %s", [version.pk]),
        "empty": ({"postgresql": "TRUNCATE agreements_agreementversion CASCADE",
                   "sqlite": "DELETE FROM agreements_agreementversion"}[connection.vendor], []),
    }[statement]
    with override_settings(AUDIT_DB_TRIGGERS=True):
        triggers.install(connection, triggers.VERSION_STATEMENTS)
    try:
        connection.check_constraints()  # (PostgreSQL: no pending foreign-key events before a TRUNCATE)
        with pytest.raises(IntegrityError, match="frozen"), transaction.atomic():
            _raw(*sql)
    finally:
        triggers.uninstall(connection, triggers.VERSION_STATEMENTS)
    version.refresh_from_db()
    assert version.label != "x" and version.is_intact


def test_a_tampered_version_is_shown_as_an_integrity_error_everywhere(version, client_for, api_client):
    agreement = version.agreement
    base = f"/agreements/{agreement.pk}/versions/{version.number}"
    assert client_for("kdd").get(f"{base}/").status_code == 200
    _tamper(version)  # (the test settings install no triggers: as if the owner had dropped them)

    page = client_for("kdd").get(f"{base}/")
    assert page.status_code == 500
    text = page.content.decode()
    assert "Forfalsket tittel" not in text and version.sha256 in text
    for download in (".pdf", ".docx"):
        response = client_for("kdd").get(base + download)
        assert response.status_code == 500 and response["Content-Type"].startswith("text/html")
    compare = client_for("kdd").get(f"/agreements/{agreement.pk}/compare/?from={version.number}&to={version.number}")
    assert compare.status_code == 500 and "Forfalsket tittel" not in compare.content.decode()

    for client in (api_client("kdd"), client_for(None)):  # anonymously too: the API serves final versions to all
        api = client.get(f"/api/v1/agreements/{agreement.pk}/versions/{version.number}")
        assert api.status_code == 500 and api["Content-Type"].startswith("application/problem+json")
        body = api.json()
        assert body["type"] == "urn:bygdevekst:integrity-error" and "Forfalsket" not in api.content.decode()

    report = verify()
    assert [(kind, what) for kind, what, _problem in report.findings] == [
        ("version", f"agreement {agreement.pk} v{version.number}")]
    with pytest.raises(SystemExit) as exit_:
        call_command("verify")
    assert exit_.value.code == 1


def test_verify_is_clean_on_intact_data_and_the_log_is_a_chain(demo, capsys):
    call_command("verify")  # no SystemExit: exit status 0
    out = capsys.readouterr().out
    assert "OK: every record matches its checksum" in out
    assert f"agreement versions: {AgreementVersion.objects.count()} checked" in out
    first, second = log_action("test.one"), log_action("test.two", data={"n": [1, 2], "æ": "ø"})
    assert second.prev_hash == first.row_hash and len(first.row_hash) == 64
    stored = ActionLog.objects.get(pk=second.pk)
    assert stored.chain_hash() == stored.row_hash  # the hash survives the database's round trip


@pytest.mark.parametrize("change", ["update", "delete"])
def test_a_changed_or_removed_log_row_breaks_the_chain(demo, change):
    rows = [log_action(f"test.row{i}") for i in range(3)]
    middle = rows[1]
    if change == "update":
        _raw("UPDATE audit_actionlog SET action = 'test.forged' WHERE id = %s", [middle.pk])
        expected = [("log row", str(middle.pk))]
    else:
        _raw("DELETE FROM audit_actionlog WHERE id = %s", [middle.pk])
        expected = [("log row", str(rows[2].pk))]
    report = verify()
    assert [(kind, what) for kind, what, _problem in report.findings] == expected


def test_nightly_logs_and_tells_the_administrators_only_of_problems(demo, version):
    admins = {u.pk for u in demo["users"].values() if u.is_superuser}
    assert admins
    assert nightly().ok
    assert not Notification.objects.filter(event="integrity").exists()
    _tamper(version)
    report = nightly()
    assert not report.ok
    assert set(Notification.objects.filter(event="integrity").values_list("user_id", flat=True)) == admins
    last = ActionLog.objects.order_by("-pk").first()
    assert last.action == "system.verified" and last.data["problems"] == 1


@pytest.fixture
def stored_copy(settings, tmp_path):
    """MEDIA_ROOT moved to a scratch directory holding a copy of one stored file; returns a function that copies
    a stored file's name there (so a test may change it without touching the session's files)."""
    import shutil
    from pathlib import Path

    source, target = Path(settings.MEDIA_ROOT), tmp_path / "media"
    settings.MEDIA_ROOT = target

    def copy(name):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target / name)
        return target / name

    return copy


def test_a_stored_version_pdf_whose_file_changed_is_refused_by_the_download_and_found_by_verify(
        demo, client_for, stored_copy):
    from bygdevekst.agreements.models import VersionDocument

    document = VersionDocument.objects.select_related("version__agreement").order_by("pk").first()
    version = document.version
    path = stored_copy(document.file.name)
    url = f"/agreements/{version.agreement_id}/versions/{version.number}.pdf"
    intact = client_for("kdd").get(url)
    assert intact.status_code == 200 and intact.content == path.read_bytes()

    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOF\n% forged"))
    forged = client_for("kdd").get(url)
    assert forged.status_code == 500 and forged["Content-Type"].startswith("text/html")
    assert b"forged" not in forged.content and document.sha256 in forged.content.decode()
    assert ("version document", f"{document.pk} ({document.filename})") in [
        (kind, what) for kind, what, _problem in verify().findings]


def test_a_meeting_document_is_checked_on_every_download_and_by_verify(demo, client_for, api_client, settings,
                                                                      tmp_path):
    """A meeting's attached PDF carries the SHA-256 taken when it was attached: the page and the API serve it only
    while it matches (else the integrity error), a file that is gone is a 410, and verify names both."""
    from django.core.files.base import ContentFile

    from bygdevekst.meetings.models import Attachment, Meeting

    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = Meeting.objects.filter(agreement__pilot__name="Vest-Telemark").order_by("pk").first()
    content = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
    item = Attachment(meeting=meeting, title="Presentasjon", filename="presentasjon.pdf",
                      sha256=hashlib.sha256(content).hexdigest())
    item.file.save("presentasjon.pdf", ContentFile(content), save=False)
    item.save()
    page = f"/meetings/{meeting.pk}/documents/{item.pk}/"
    api = f"/api/v1/meetings/{meeting.pk}/attachments/{item.pk}"
    assert b"".join(client_for("kdd").get(page).streaming_content) == content
    assert b"".join(api_client("kdd").get(api).streaming_content) == content
    def meeting_findings():  # (the scratch MEDIA_ROOT holds no other stored file: verify names those as missing)
        return [(what, problem.split()[-1]) for kind, what, problem in verify().findings if kind == "meeting document"]

    assert meeting_findings() == []

    path = tmp_path / "media" / item.file.name
    path.write_bytes(content.replace(b"endobj", b"endobj % forged"))
    forged = client_for("kdd").get(page)
    assert forged.status_code == 500 and forged["Content-Type"].startswith("text/html")
    assert b"forged" not in forged.content and item.sha256 in forged.content.decode()
    answer = api_client("kdd").get(api)
    assert answer.status_code == 500 and answer.json()["type"] == "urn:bygdevekst:integrity-error"
    assert meeting_findings() == [(f"{item.pk} (presentasjon.pdf)", item.sha256)]

    path.unlink()
    gone = client_for("kdd").get(page)
    assert gone.status_code == 410 and gone["Content-Type"].startswith("text/html")
    assert api_client("kdd").get(api).status_code == 410
    assert meeting_findings() == [(f"{item.pk} (presentasjon.pdf)", "missing")]


def test_the_response_page_shows_a_tampered_proposal_as_an_integrity_error(demo, client_for):
    """KDD's response form lists the proposal's sub-goals and commitments from the frozen version: a changed
    version is the integrity error there too, never its text."""
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.process.domain.response import proposal_version

    agreement = Agreement.objects.get(pilot__name="Smøla og Aure")
    url = f"/process/agreements/{agreement.pk}/response/"
    assert client_for("kdd").get(url).status_code == 200
    version = proposal_version(agreement)
    content = json.loads(json.dumps(version.content))
    content["focus_areas"][0]["sub_goals"][0]["title"] = "Forfalsket delmål"
    _raw("UPDATE agreements_agreementversion SET content = %s WHERE id = %s", [json.dumps(content), version.pk])
    page = client_for("kdd").get(url)
    assert page.status_code == 500 and "Forfalsket" not in page.content.decode()
    assert version.sha256 in page.content.decode()


def test_the_scheduler_runs_verify_when_it_starts_and_then_daily(demo):
    """The nightly check is declared to the scheduler, runs at its start (also on a machine booted less than a day
    ago: the scheduler's clock counts from the boot) and then once a day."""
    from bygdevekst.core.scheduler import declared_jobs, run_due

    job = ("bygdevekst.audit.verify.nightly", 24 * 3600)
    assert job in declared_jobs()
    last_run, started = {}, 600.0  # ten minutes after the machine booted
    assert run_due([job], last_run, started) == [job[0]]
    assert ActionLog.objects.order_by("-pk").values_list("action", flat=True).first() == "system.verified"
    assert run_due([job], last_run, started + 23 * 3600) == []
    assert run_due([job], last_run, started + 24 * 3600) == [job[0]]


def test_the_open_threads_page_shows_a_tampered_version_as_an_integrity_error(demo, client_for):
    """The list of open comment threads names each element as its version has it: a changed version is the
    integrity error there too, never its text."""
    from bygdevekst.agreements.domain.comments import post_comment

    version = demo["pilots"]["Trysil-regionen"].agreement.versions.order_by("-number").first()
    section = version.content["sections"][0]
    post_comment(version, demo["users"]["kdd"], "section", section["uid"], "Bør dette presiseres?")
    url = f"/agreements/{version.agreement_id}/comments/open/"
    assert client_for("kdd").get(url).status_code == 200
    _tamper(version)
    page = client_for("kdd").get(url)
    assert page.status_code == 500 and "Forfalsket" not in page.content.decode()
    assert version.sha256 in page.content.decode()


def test_a_reindex_after_a_tamper_keeps_the_forged_text_out_of_search(version, client_for, caplog):
    """A full reindex skips a version that fails its check (and says so in the server log), so the forged words
    are never findable; the other versions are indexed as before."""
    from bygdevekst.search.indexers import reindex_all
    from bygdevekst.search.models import SearchDocument

    _tamper(version)
    reindex_all()
    assert not SearchDocument.objects.filter(kind="version", object_ref=str(version.pk)).exists()
    assert SearchDocument.objects.filter(kind="version").exclude(object_ref=str(version.pk)).exists()
    assert not SearchDocument.objects.filter(body__contains="Forfalsket").exists()
    assert "fails its SHA-256 check" in caplog.text
    page = client_for("kdd").get("/search/", {"q": "Forfalsket"})
    assert page.status_code == 200 and "Forfalsket tittel" not in page.content.decode()
