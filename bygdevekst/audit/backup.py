"""Backups of everything the service stores, as one archive: the database (SQLite through its online backup
API, safe while the app runs; PostgreSQL through pg_dump's custom format), every file under MEDIA_ROOT (registry
PDFs, uploaded minutes, signed copies) and a manifest of their SHA-256s. Archives go to
var/backups/<UTC timestamp>/bygdevekst-backup.tar.

A restore reads the whole archive against its manifest before it touches anything, then restores the database,
then swaps the media directory in (the old one is kept until the new one is in place)."""

import datetime
import io
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  pg_dump/pg_restore with fixed arguments, no shell  # nosec B404
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

from bygdevekst.core.integrity import file_hash

SQLITE_NAME = "bygdevekst.sqlite3"
POSTGRES_NAME = "bygdevekst.pgdump"
ARCHIVE_NAME = "bygdevekst-backup.tar"
MANIFEST = "MANIFEST.sha256"
DATABASE_DIR = "database"
MEDIA_DIR = "media"


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


def backup_database(target, alias="default"):
    """Write a consistent copy of the database into the directory `target` and return its path."""
    db, vendor = _db(alias)
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


def restore_database(path, alias="default"):
    """Replace the database's contents with a database copy made by backup_database()."""
    path = Path(path)
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


def _stamp():
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _media_files(media_root):
    root = Path(media_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(target_dir=None, alias="default", media_root=None):
    """Write one archive (database + every stored file + manifest) and return its path."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(target_dir) if target_dir else backup_dir() / _stamp()
    target.mkdir(parents=True, exist_ok=True)
    archive = target / ARCHIVE_NAME
    with tempfile.TemporaryDirectory(dir=target) as staging:
        database = backup_database(Path(staging), alias)
        entries = [(f"{DATABASE_DIR}/{database.name}", database)]
        entries += [(f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path) for path in _media_files(media_root)]
        lines = []
        for name, path in entries:
            with path.open("rb") as handle:
                lines.append(f"{file_hash(handle)}  {name}\n")
        manifest = "".join(lines).encode("utf-8")
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(manifest), int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(manifest))
            for name, path in entries:
                tar.add(str(path), arcname=name, recursive=False)
        partial.replace(archive)  # no half-written archive under the real name
    return archive


def _safe_name(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name not in ("", ".")


def check_archive(path):
    """Read the whole archive against its manifest; returns {name: sha256}. Nothing is written."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}")
    try:
        with tarfile.open(path, "r:") as tar:
            members = tar.getmembers()
            names = [m.name for m in members if m.isfile()]
            if any(not (m.isfile() or m.isdir()) or not _safe_name(m.name) for m in members):
                raise BackupError(f"{path} holds entries a backup never has (links, devices or unsafe paths)")
            if MANIFEST not in names:
                raise BackupError(f"{path} is not a backup archive: it has no {MANIFEST}")
            manifest = {}
            for line in tar.extractfile(MANIFEST).read().decode("utf-8").splitlines():
                digest, _sep, name = line.partition("  ")
                manifest[name] = digest
            listed, present = set(manifest), set(names) - {MANIFEST}
            if listed != present:
                raise BackupError(f"{path} does not match its manifest: missing {sorted(listed - present)[:5]}, "
                                  f"unlisted {sorted(present - listed)[:5]}")
            for name in sorted(present):
                if file_hash(tar.extractfile(name)) != manifest[name]:
                    raise BackupError(f"{path}: {name} does not match its SHA-256 in the manifest")
    except (tarfile.TarError, UnicodeDecodeError, EOFError) as exc:
        raise BackupError(f"{path} is not a backup archive: {exc}") from exc
    databases = [n for n in manifest if n.startswith(f"{DATABASE_DIR}/")]
    if len(databases) != 1:
        raise BackupError(f"{path} is not a backup archive: it holds {len(databases)} databases")
    return manifest


def _extract(path, manifest, target):
    """Write the files the manifest lists (and check_archive has read) under `target`, as plain files.

    Nothing else in the archive is written, and no owner, mode or time from it is applied. Python's own safe
    extraction (`extractall(filter="data")`) came in 3.11.4, so on Debian 12's Python 3.11.2 a restore failed
    before it changed anything."""
    with tarfile.open(path, "r:") as tar:
        for name in sorted(manifest):
            destination = target.joinpath(*PurePosixPath(name).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(name) as source, destination.open("xb") as copy:
                shutil.copyfileobj(source, copy)


def restore(path, alias="default", media_root=None):
    """Replace the database's contents and the stored files with a backup made by backup(). The archive is
    checked against its manifest first: a damaged or foreign archive is refused before anything changes."""
    path = Path(path)
    manifest = check_archive(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Extracted beside the media directory (one file system: the swap below is two renames).
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as staging:
        _extract(path, manifest, Path(staging))
        database = next(n for n in manifest if n.startswith(f"{DATABASE_DIR}/"))
        restore_database(Path(staging) / database, alias)
        new_media = Path(staging) / MEDIA_DIR
        new_media.mkdir(exist_ok=True)
        old_media = Path(staging) / "replaced-media"
        if media_root.exists():
            media_root.rename(old_media)
        new_media.rename(media_root)
    return manifest
