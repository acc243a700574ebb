"""The session's SQLite test database, migrated and with the demo loaded, kept between runs.

Migrating (34 migrations, the log's triggers, the search index's FTS5 tables) and loading the demo (PDF/A renders,
the case log, the search index) cost about 9 s per run and give the same database for the same code. So the
first run saves the result (a copy through SQLite's online backup API, plus the media files the demo stored) under
var/test-cache/<key>/, and a later run with the same key copies it into its fresh in-memory test database
instead of migrating and loading: the same schema, triggers and rows, made by the same migrations.

The key is a SHA-256 of everything the result depends on: every file under bygdevekst/ (code, migrations,
templates, catalogues, the register data), the environment variables settings.py reads, the Python, Django and
SQLite versions, and today's date (the demo stamps rows with the time it ran). Any change gives a new key, so a
stale copy is never used; only the newest few copies are kept. PostgreSQL runs migrate and load as before.
`BYGDEVEKST_TEST_DB_CACHE=0` turns the cache off."""

import datetime
import hashlib
import os
import re
import shutil
import sqlite3
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections, models

FORMAT = "1"  # bump when what is stored changes
KEEP = 3  # copies kept (other checkouts' keys, yesterday's)
_ENV_NAME = re.compile(r"""(?:env(?:_bool|_list)?|os\.environ\.get)\(\s*["']([A-Z0-9_]+)["']""")


def enabled():
    return os.environ.get("BYGDEVEKST_TEST_DB_CACHE", "1").lower() not in ("0", "false", "no", "off")


def _source_files():
    root = Path(settings.BASE_DIR) / "bygdevekst"
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".pyo")):
                yield Path(dirpath) / name


def key(alias="default"):
    digest = hashlib.sha256(FORMAT.encode())
    base = Path(settings.BASE_DIR)
    for path in _source_files():
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    settings_source = (base / "bygdevekst" / "settings.py").read_text(encoding="utf-8")
    for name in sorted(set(_ENV_NAME.findall(settings_source))):
        digest.update(f"{name}={os.environ.get(name)!r}\0".encode())
    db = settings.DATABASES[alias]
    digest.update(
        repr(
            (sys.version, django.__version__, sqlite3.sqlite_version, db["ENGINE"], datetime.date.today().isoformat())
        ).encode()
    )
    return digest.hexdigest()[:32]


def _directory():
    return Path(settings.VAR_DIR) / "test-cache"


def _stored_files():
    """Every file name a FileField of any model holds in the database (relative to MEDIA_ROOT)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    n
                    for n in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    if n
                )
    return sorted(names)


class Cache:
    def __init__(self, alias="default"):
        self.alias = alias
        self.path = _directory() / key(alias)
        self.database = self.path / "db.sqlite3"
        self.media = self.path / "media"

    def hit(self):
        return self.database.is_file()

    @contextmanager
    def migrate_from_copy(self):
        """While Django creates the test database, its `migrate` becomes: copy the saved database in."""
        from django.core import management

        original = management.call_command

        def call_command(command_name, *args, **options):
            if command_name == "migrate" and options.get("database", "default") == self.alias:
                self.restore()
                return None
            return original(command_name, *args, **options)

        management.call_command = call_command
        try:
            yield
        finally:
            management.call_command = original

    def restore(self):
        connection = connections[self.alias]
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        media_root = Path(settings.MEDIA_ROOT)
        for stored in self.media.rglob("*"):
            if stored.is_file():
                target = media_root / stored.relative_to(self.media)
                if not target.is_file() or target.stat().st_size != stored.stat().st_size:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(stored, target)

    def save(self):
        """Store the test database as it is now (migrated, demo loaded, no test transaction open)."""
        connection = connections[self.alias]
        self.path.mkdir(parents=True, exist_ok=True)
        tag = uuid.uuid4().hex
        media_root = Path(settings.MEDIA_ROOT)
        staged_media = self.path / f"media.{tag}"
        for name in _stored_files():
            source = media_root / name
            if not source.is_file():  # (a demo row may name a file on purpose missing)
                continue
            target = staged_media / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        staged_db = self.path / f"db.{tag}.sqlite3"
        copy = sqlite3.connect(staged_db)
        try:
            connection.ensure_connection()
            connection.connection.backup(copy)
        finally:
            copy.close()
        # (the media first and the database last: a database file means the copy is complete; a parallel
        # worker that saved the same key meanwhile saved the same content)
        if self.media.exists():
            shutil.rmtree(staged_media, ignore_errors=True)
        else:
            staged_media.mkdir(exist_ok=True)
            try:
                os.replace(staged_media, self.media)
            except OSError:
                shutil.rmtree(staged_media, ignore_errors=True)
        os.replace(staged_db, self.database)
        self._prune()

    def _prune(self):
        copies = sorted(
            (p for p in self.path.parent.iterdir() if p.is_dir() and p != self.path),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in copies[KEEP - 1 :]:
            shutil.rmtree(old, ignore_errors=True)
