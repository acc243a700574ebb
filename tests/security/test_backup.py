"""make backup / make restore: back up, change data, restore, and the data is identical again.

The commands run in-process against a throwaway SQLite file registered as an extra database alias
(a copy of the demo database), never against the test database itself."""

import hashlib
import os
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from bygdevekst.audit import backup as backups

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the SQLite path is tested here; on PostgreSQL the same commands run pg_dump/pg_restore",
)
ALIAS = "backup_test"


def _digest(path):
    """A hash per table of every row in rowid order (sqlite_sequence aside: counters may move on)."""
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {}
    for table in tables:
        if table != "sqlite_sequence":
            rows = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608  names from sqlite_master
            out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    db.close()
    return out


@pytest.fixture
def live_db(tmp_path, db):
    """A 'live' file database the commands back up and restore (the in-memory test database is inside
    the test's transaction, so a backup of it would wait for ever)."""
    path = tmp_path / "live.sqlite3"
    live = sqlite3.connect(path)
    live.executescript(
        "CREATE TABLE organisation (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);"
        "CREATE TABLE pilot (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER CHECK (amount >= 0));"
        "CREATE TABLE log (id INTEGER PRIMARY KEY, action TEXT);"
        "CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
    )
    live.executemany("INSERT INTO organisation (name) VALUES (?)", [(f"Gáivuotna – Kåfjord {i} æøå",) for i in range(500)])
    live.executemany("INSERT INTO pilot VALUES (?, ?, ?)", [(i, f"Pilot {i}", i * 1000) for i in range(50)])
    live.executemany("INSERT INTO log (action) VALUES (?)", [(f"agreement.step{i}",) for i in range(200)])
    live.commit()
    live.close()
    connections.settings[ALIAS] = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
    yield path
    connections[ALIAS].close()
    del connections.settings[ALIAS]
    if hasattr(connections._connections, ALIAS):
        delattr(connections._connections, ALIAS)


def test_backup_change_restore_gives_identical_data(live_db, tmp_path, monkeypatch):
    call_command("backup", "--database", ALIAS, "--to", str(tmp_path / "b"))
    backup_file = tmp_path / "b" / backups.SQLITE_NAME
    before = _digest(backup_file)
    assert before == _digest(live_db)
    assert before["organisation"][0] == 500 and before["log"][0] == 200

    db = sqlite3.connect(live_db)
    db.execute("UPDATE organisation SET name = 'Endret' WHERE id = 1")
    db.execute("DELETE FROM pilot WHERE id > 10")
    db.execute("INSERT INTO log (action) VALUES ('after.backup')")
    db.commit()
    db.close()
    assert _digest(live_db) != before

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", "--database", ALIAS, str(backup_file))
    assert _digest(live_db) != before

    call_command("restore", "--database", ALIAS, "--noinput", str(backup_file))
    assert _digest(live_db) == before
    db = sqlite3.connect(live_db)
    assert db.execute("SELECT name FROM organisation WHERE id = 1").fetchone()[0] == "Gáivuotna – Kåfjord 0 æøå"
    # Schema objects come back too: the append-only trigger still holds.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM log")
    db.close()


def test_default_backup_goes_to_var_backups_timestamp(live_db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    path = backups.backup(alias=ALIAS)
    assert path.parent.parent == tmp_path / "var" / "backups"
    assert len(path.parent.name) == len("20261127T120000Z") and path.is_file()


def test_restore_refuses_a_file_that_is_not_a_backup(live_db, tmp_path):
    before = _digest(live_db)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError, match="not"):
        call_command("restore", "--database", ALIAS, "--noinput", str(junk))
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", "--database", ALIAS, "--noinput", str(tmp_path / "missing"))
    assert _digest(live_db) == before
