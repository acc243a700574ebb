"""Backups of the whole database: SQLite through its online backup API (safe while the app runs),
PostgreSQL through pg_dump's custom format. Files go to var/backups/<UTC timestamp>/."""

import datetime
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  pg_dump/pg_restore with fixed arguments, no shell  # nosec B404
from pathlib import Path

from django.conf import settings
from django.db import connections

SQLITE_NAME = "bygdevekst.sqlite3"
POSTGRES_NAME = "bygdevekst.pgdump"


class BackupError(Exception):
    pass


def backup_dir():
    return Path(settings.VAR_DIR) / "backups"


def _db(alias="default"):
    return connections[alias].settings_dict, connections[alias].vendor


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db):
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args + ["--dbname", str(db["NAME"])]


def _run_pg(args, db):
    """Run a PostgreSQL client tool; its error output becomes a BackupError."""
    try:
        subprocess.run(  # noqa: S603  fixed argument list, no shell  # nosec B603
            args, check=True, env=_pg_env(db), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        )
    except subprocess.CalledProcessError as exc:
        raise BackupError((exc.stderr or "").strip() or f"exit status {exc.returncode}") from exc


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed")
    return path


def backup(target_dir=None, alias="default"):
    """Write a consistent copy of the database and return its path."""
    db, vendor = _db(alias)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(target_dir) if target_dir else backup_dir() / stamp
    target.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        path = target / SQLITE_NAME
        source = sqlite3.connect(str(db["NAME"]), uri=str(db["NAME"]).startswith("file:"))
        dest = sqlite3.connect(str(path))
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return path
    if vendor == "postgresql":
        path = target / POSTGRES_NAME
        try:
            _run_pg([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *_pg_args(db)], db)
        except BackupError as exc:
            path.unlink(missing_ok=True)  # no half-written file that looks like a backup
            raise BackupError(f"pg_dump of {db['NAME']} failed: {exc}") from exc
        return path
    raise BackupError(f"No backup for the {vendor} database")


def restore(path, alias="default"):
    """Replace the database's contents with a backup made by backup()."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}")
    db, vendor = _db(alias)
    connections[alias].close()
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dest = sqlite3.connect(str(db["NAME"]), uri=str(db["NAME"]).startswith("file:"))
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not an intact SQLite database")
            source.backup(dest)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite backup: {exc}") from exc
        finally:
            dest.close()
            source.close()
        return
    if vendor == "postgresql":
        pg_restore = _tool("pg_restore")
        # Read the archive's table of contents first (no connection): a file that is not a pg_dump archive
        # is refused before the database is touched.
        try:
            _run_pg([pg_restore, "--list", str(path)], db)
        except BackupError as exc:
            raise BackupError(f"{path} is not a PostgreSQL backup: {exc}") from exc
        # One transaction: if any statement fails, the database is left as it was.
        try:
            _run_pg([pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                     *_pg_args(db), str(path)], db)
        except BackupError as exc:
            raise BackupError(f"Restore from {path} failed, nothing was changed: {exc}") from exc
        return
    raise BackupError(f"No restore for the {vendor} database")
