"""make backup / make restore on the engine under test — one archive holding the database, every stored file under
MEDIA_ROOT and a SHA-256 manifest — — SQLite (online backup API) in the SQLite pass,
PostgreSQL (pg_dump --format=custom, pg_restore) in the PostgreSQL pass; every test runs in both, none is skipped:
back up, change data, restore, and the data is identical again — every table's row count and content, the action
log included, and its append-only triggers.

The commands run in-process against a throwaway copy of the test database (demo data, the real schema, the log's
triggers installed) under an extra database alias — never against the test database itself, whose open test
transaction would block a restore (and a restore would pull the data from under the rest of the session):
- `pristine`, once per session and before any test transaction: SQLite — a file copied from the in-memory test
  database with the online backup API; PostgreSQL — a database `<test database>_pristine` (test_app_pristine, or
  test_app_gw0_pristine under xdist) seeded with a plain-SQL pg_dump of the test database through psql, so the
  seeding does not use the path under test;
- `live`, per test: a copy of it (a file copy; CREATE DATABASE `<test database>_live` TEMPLATE the pristine one)."""

import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections

from bygdevekst.audit import backup as backups
from bygdevekst.audit import triggers
from bygdevekst.audit.log import log_action
from bygdevekst.audit.models import ActionLog
from bygdevekst.audit.verify import verify
from bygdevekst.correspondence.models import DocumentObject
from bygdevekst.organisations.models import Organisation
from tests.database_copies import _pg, _pg_admin, _register, _unregister

ALIAS = "backup_test"
FILE_NAME = {"sqlite": backups.SQLITE_NAME, "postgresql": backups.POSTGRES_NAME}


def _digest(alias=ALIAS):
    """Per table: the row count and a hash of every row (rows sorted, so no order is assumed). Sequence counters
    (sqlite_sequence, PostgreSQL sequences) are not table rows and may move on."""
    conn = connections[alias]
    out = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608  names from the catalogue  # nosec B608
            rows = sorted(repr(row) for row in cursor.fetchall())
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def _log_rows(alias=ALIAS):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT * FROM audit_actionlog ORDER BY id")
        return cursor.fetchall()


def _backup_contents(path, vendor):
    """What a backup file holds, read without restoring it.
    SQLite: the file is a database, so its digest (every table, row for row).
    PostgreSQL: pg_dump's table of contents — the database it was made of, the tables whose data it holds,
    and the triggers (table, name)."""
    if vendor == "sqlite":
        _register("backup_file", str(path))
        try:
            return _digest("backup_file")
        finally:
            _unregister("backup_file")
    entries = _pg("pg_restore", None, "--list", str(path), capture_output=True, text=True).stdout.splitlines()
    dbname = next(line.split(":", 1)[1].strip() for line in entries if line.startswith(";     dbname:"))
    # e.g. "3342; 0 26982 TABLE DATA public audit_actionlog app", "3199; 2620 26988 TRIGGER public t tr app"
    data = {line.split()[-2] for line in entries if " TABLE DATA public " in line}
    trigger_entries = {tuple(line.split()[-3:-1]) for line in entries if " TRIGGER public " in line}
    return {"dbname": dbname, "data": data, "triggers": trigger_entries}


def _expected_backup_contents(vendor, live, digest):
    if vendor == "sqlite":
        return digest
    table = triggers.TABLE
    return {"dbname": live, "data": set(digest), "triggers": {(table, f"{table}_no_change"), (table, f"{table}_no_truncate")}}


@pytest.fixture
def media(settings, tmp_path):
    """MEDIA_ROOT for the test: the stored files the live copy's rows point to (registry documents, stored
    version documents, minutes, signed copies) (copied from the real
    MEDIA_ROOT, where the session's demo wrote them), plus one file no row names (a backup takes every file)."""
    source, target = Path(settings.MEDIA_ROOT), tmp_path / "media"
    from bygdevekst.agreements.models import VersionDocument
    from bygdevekst.process.models import AnchoringDecision, Signing

    names = [*DocumentObject.objects.values_list("file", flat=True),
             *VersionDocument.objects.values_list("file", flat=True),
             *AnchoringDecision.objects.exclude(minutes="").values_list("minutes", flat=True),
             *Signing.objects.exclude(signed_copy="").values_list("signed_copy", flat=True)]
    for name in set(names):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target / name)
    (target / "anchoring" / "2024").mkdir(parents=True, exist_ok=True)
    (target / "anchoring" / "2024" / "protokoll æøå.pdf").write_bytes(b"%PDF-1.7 minutes")
    settings.MEDIA_ROOT = target
    return target


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(Path(root).rglob("*")) if p.is_file()}


def _database_in(archive, tmp_path, vendor):
    """The database file inside a backup archive, extracted for reading."""
    with tarfile.open(archive) as tar:
        data = tar.extractfile(f"{backups.DATABASE_DIR}/{FILE_NAME[vendor]}").read()
    (tmp_path / FILE_NAME[vendor]).write_bytes(data)
    return tmp_path / FILE_NAME[vendor]


@pytest.fixture
def live(pristine, db, tmp_path, media):
    """A fresh 'live' copy of `pristine` for one test, registered as the database alias ALIAS; yields its name.
    The test's own database is only read (by `pristine`); the commands log into the database they work on."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(tmp_path / "live.sqlite3")
        shutil.copyfile(pristine, name)
    else:
        name = f"{source['NAME']}_live"
        _pg_admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{pristine}"')
    _register(ALIAS, name)
    test_db_before = _digest("default")
    try:
        yield name
    finally:
        _unregister(ALIAS)
        if connection.vendor == "postgresql":
            _pg_admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # Nothing was written to the test database, not even inside the test's transaction.
    assert _digest("default") == test_db_before


def _refused(sql):
    with pytest.raises(IntegrityError, match="append-only"), connections[ALIAS].cursor() as cursor:
        cursor.execute(sql)


def test_backup_change_restore_gives_identical_data_and_files(live, tmp_path, monkeypatch, settings):
    vendor = connections[ALIAS].vendor
    before = _digest()
    log_before = _log_rows()
    first_org, first_name = Organisation.objects.using(ALIAS).order_by("pk").values_list("pk", "name").first()
    # The demo is there, the log included (the copy is of the test database, so the check has something to check).
    assert before["organisations_organisation"][0] > 300 and before["organisations_organisationname"][0] > 0
    assert len(log_before) == before["audit_actionlog"][0] > 0

    media = Path(settings.MEDIA_ROOT)
    files_before = _files(media)
    assert len(files_before) > 10
    call_command("backup", "--database", ALIAS, "--to", str(tmp_path / "b"))
    archive = tmp_path / "b" / backups.ARCHIVE_NAME
    # The archive holds the live database: on SQLite row for row; on PostgreSQL pg_dump's record of the database it
    # dumped (the live copy, not the test or the development database), every table's data and the triggers ...
    backup_file = _database_in(archive, tmp_path, vendor)
    assert _backup_contents(backup_file, vendor) == _expected_backup_contents(vendor, live, before)
    # ... every stored file, and a manifest naming each with its SHA-256.
    manifest = backups.check_archive(archive)
    assert {n.removeprefix("media/") for n in manifest if n.startswith("media/")} == set(files_before)
    assert all(manifest[f"media/{n}"] == hashlib.sha256(b).hexdigest() for n, b in files_before.items())
    # The backup is logged in the database it was made of, after the copy.
    assert _log_rows()[:-1] == log_before
    assert ActionLog.objects.using(ALIAS).order_by("-pk").values_list("action", flat=True).first() == "system.backup_made"

    with connections[ALIAS].cursor() as cursor:
        cursor.execute("UPDATE organisations_organisation SET name = 'Endret' WHERE id = %s", [first_org])
        cursor.execute("DELETE FROM organisations_organisationname")
    log_action("after.backup", using=ALIAS)
    _refused("DELETE FROM audit_actionlog")  # the live log is append-only at the database
    changed = _digest()
    assert changed != before and changed["organisations_organisationname"][0] == 0

    shutil.rmtree(media)  # the stored files are wiped too
    assert verify(using=ALIAS).findings  # (so the clean verify after the restore is the restore's doing)

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", "--database", ALIAS, str(archive))
    assert _digest() == changed

    call_command("restore", "--database", ALIAS, "--noinput", str(archive))  # runs verify: no CommandError
    assert _files(media) == files_before
    assert verify(using=ALIAS).ok
    after = _digest()
    # Every table exactly as backed up ...
    assert after.keys() == before.keys()
    assert {t: d for t, d in after.items() if t != "audit_actionlog"} == {
        t: d for t, d in before.items() if t != "audit_actionlog"
    }
    # ... the log too (the rows written after the backup are gone), plus the one row saying it was restored.
    log_after = _log_rows()
    assert log_after[:-1] == log_before
    assert ActionLog.objects.using(ALIAS).get(pk=log_after[-1][0]).action == "system.restored"
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT name FROM organisations_organisation WHERE id = %s", [first_org])
        assert cursor.fetchone()[0] == first_name
    # Schema objects come back too: the append-only triggers still hold.
    _refused("DELETE FROM audit_actionlog")
    _refused("UPDATE audit_actionlog SET action = 'x'")
    assert _log_rows() == log_after


def test_default_backup_goes_to_var_backups_timestamp(live, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    path = backups.backup(alias=ALIAS)
    assert path.parent.parent == tmp_path / "var" / "backups"
    assert len(path.parent.name) == len("20261127T120000Z")
    assert path.name == backups.ARCHIVE_NAME and path.stat().st_size > 0
    assert list(path.parent.iterdir()) == [path]  # no staging left behind
    vendor = connections[ALIAS].vendor
    database = _database_in(path, tmp_path, vendor)
    assert _backup_contents(database, vendor) == _expected_backup_contents(vendor, live, _digest())


def test_restore_refuses_a_file_that_is_not_a_backup(live, tmp_path, media):
    before, files = _digest(), _files(media)
    junk = tmp_path / backups.ARCHIVE_NAME
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", "--database", ALIAS, "--noinput", str(junk))
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", "--database", ALIAS, "--noinput", str(tmp_path / "missing"))
    assert _digest() == before and _files(media) == files


def test_restore_refuses_an_archive_that_does_not_match_its_manifest(live, tmp_path, media):
    """One changed byte in one stored file: the manifest check refuses the archive before the database or a
    file is touched."""
    archive = backups.backup(tmp_path / "b", alias=ALIAS)
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("UPDATE organisations_organisation SET name = 'Etter backup' WHERE id = "
                       "(SELECT MIN(id) FROM organisations_organisation)")
    (media / "anchoring" / "2024" / "extra.pdf").write_bytes(b"written after the backup")
    before, files = _digest(), _files(media)
    forged = tmp_path / "forged.tar"
    with tarfile.open(archive) as source, tarfile.open(forged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("protokoll æøå.pdf"):
                data = data.replace(b"minutes", b"MINUTES")
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", "--database", ALIAS, "--noinput", str(forged))
    assert _digest() == before and _files(media) == files


def test_backup_then_wipe_the_database_and_the_files_then_restore_gives_everything_back(live, tmp_path, settings):
    """The disaster case: the database itself is gone (SQLite: its file deleted; PostgreSQL: dropped and created
    again empty, as a new server would have it) and so is MEDIA_ROOT. `restore` from the one archive brings back
    every table and every file exactly, the log's chain and triggers included, and verify is clean."""
    vendor = connections[ALIAS].vendor
    before, log_before = _digest(), _log_rows()
    media = Path(settings.MEDIA_ROOT)
    files_before = _files(media)
    call_command("backup", "--database", ALIAS, "--to", str(tmp_path / "b"))
    archive = tmp_path / "b" / backups.ARCHIVE_NAME

    connections[ALIAS].close()
    if vendor == "sqlite":
        Path(live).unlink()
    else:
        _pg_admin(connection.settings_dict, f'DROP DATABASE "{live}" WITH (FORCE)', f'CREATE DATABASE "{live}"')
    assert _digest() == {}  # nothing left: not a table
    shutil.rmtree(media)

    call_command("restore", "--database", ALIAS, "--noinput", str(archive))  # runs verify: no CommandError
    assert _files(media) == files_before
    after = _digest()
    assert {t: d for t, d in after.items() if t != "audit_actionlog"} == {
        t: d for t, d in before.items() if t != "audit_actionlog"}
    log_after = _log_rows()
    assert log_after[:-1] == log_before  # (the backup's own row was written after the copy, so it is not in it)
    assert ActionLog.objects.using(ALIAS).get(pk=log_after[-1][0]).action == "system.restored"
    assert verify(using=ALIAS).ok
    _refused("DELETE FROM audit_actionlog")


@pytest.mark.parametrize("member", ["link", "parent", "absolute"])
def test_an_archive_with_a_link_or_a_path_outside_is_refused_before_anything_is_written(tmp_path, member):
    """A restore writes only the files its manifest lists, and only after the whole archive was read: an archive
    holding a link or a name that leads out of the restore's directory is refused, on every Python 3.11 (whether
    or not its tarfile has the `filter` extraction came with in 3.11.4)."""
    archive = tmp_path / "crafted.tar"
    payload = b"written outside"
    with tarfile.open(archive, "w") as tar:
        entry = tarfile.TarInfo({"link": "media/x.pdf", "parent": "../outside.pdf", "absolute": "/srv/x.pdf"}[member])
        if member == "link":
            entry.type, entry.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(entry)
        else:
            entry.size = len(payload)
            tar.addfile(entry, io.BytesIO(payload))
    with pytest.raises(backups.BackupError, match="links, devices or unsafe paths"):
        backups.restore(archive, media_root=tmp_path / "media")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crafted.tar"]
