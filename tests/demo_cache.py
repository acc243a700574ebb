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
`BYGDEVEKST_TEST_DB_CACHE=0` turns the cache off.

On a miss the copy is made in a second process (`start_building`, called as pytest starts): `python -m
tests.demo_cache` migrates and loads the demo exactly as the session would and saves the copy, while the session
collects its tests; the session (every xdist worker too) waits for it under a lock on <key>.lock before it looks
for the copy, and makes the database itself as before if the builder left none (its output is in <key>.log)."""

import datetime
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404  our own interpreter and module, no shell
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections, models

try:
    import fcntl  # the builder's lock (POSIX); without it the session makes its database itself
except ImportError:
    fcntl = None

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


BUILDER = [sys.executable, "-m", "tests.demo_cache"]
_builder = None  # the process making the copy (kept referenced until it ends; it finishes even if the session does not wait)


def _on_sqlite():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def applies(config):
    """Whether this session's test database can come from the copy: SQLite, migrated afresh (neither
    --nomigrations nor a database kept by --reuse-db), the cache on. The session and the builder both ask this."""
    reused = config.getoption("reuse_db", False) and not config.getoption("create_db", False)
    return _on_sqlite() and enabled() and not config.getoption("nomigrations", False) and not reused


def make_test_database(aliases, serialized_aliases=(), verbosity=0, **setup_args):
    """Django's test databases, migrated, with the demo loaded: what the session makes when there is no copy, and
    what the builder makes to keep as one."""
    from django.test.utils import setup_databases

    from bygdevekst.demo.loader import load_demo

    db_cfg = setup_databases(verbosity=verbosity, interactive=False, aliases=aliases,
                             serialized_aliases=serialized_aliases, **setup_args)
    load_demo()
    return db_cfg


def start_building(config):
    """On a miss, start the second process that makes the copy (the xdist controller or a serial session; never
    a worker, which waits like the session does). Returns the process, or None when there is nothing to make."""
    if fcntl is None:  # (no flock: the session makes its database itself)
        return None
    if os.environ.get("PYTEST_XDIST_WORKER") or config.option.collectonly or not applies(config):
        return None
    cache = Cache()
    if cache.hit():
        return None
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(cache.lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # (held: another session is making this very copy)
    except BlockingIOError:
        os.close(lock)
        return None
    global _builder
    try:
        with open(cache.log, "wb") as log:
            # The child inherits the locked descriptor: the lock is held until the child exits, however it ends.
            _builder = subprocess.Popen(  # noqa: S603  our own interpreter and module, no shell
                BUILDER, cwd=settings.BASE_DIR, stdout=log,
                stderr=subprocess.STDOUT, pass_fds=(lock,),
                env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE})
    finally:
        os.close(lock)
    return _builder


class Cache:
    def __init__(self, alias="default"):
        self.alias = alias
        self.path = _directory() / key(alias)
        self.database = self.path / "db.sqlite3"
        self.media = self.path / "media"
        self.lock = self.path.parent / f"{self.path.name}.lock"
        self.log = self.path.parent / f"{self.path.name}.log"

    def hit(self):
        return self.database.is_file()

    def wait_for_builder(self):
        """Block until no process holds this key's lock (a builder making the copy); False if the builder's
        output says it failed, so the session says where to read why."""
        if fcntl is None or not self.lock.exists():
            return True
        with open(self.lock, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            fcntl.flock(handle, fcntl.LOCK_UN)
        return self.hit() or not self.log.exists()

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
        # A key's lock and builder log go with its copy (or, for a builder that left none, at the next save);
        # never those of a builder still at work on another key.
        for lock in self.path.parent.glob("*.lock"):
            if lock.stem != self.path.name and not (self.path.parent / lock.stem).is_dir() and not _held(lock):
                lock.unlink(missing_ok=True)
                (self.path.parent / f"{lock.stem}.log").unlink(missing_ok=True)


def _held(lock):
    if fcntl is None:
        return False
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def build():
    """The second process: the test database as the session makes it (`make_test_database`, in the test
    environment pytest-django sets up), saved as the copy. The lock inherited from the session is held until this
    process exits."""
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    make_test_database({"default"})
    Cache().save()


if __name__ == "__main__":
    build()
