"""Throwaway copies of the test database (demo loaded, the log's triggers installed) for tests that must commit
or run several connections at once — a restore, a race — without touching the test database itself, whose open
test transaction they would block (and whose data the rest of the session needs):
- `pristine`, once per session and before any test transaction: SQLite — a file copied from the in-memory test
  database with the online backup API; PostgreSQL — a database `<test database>_pristine` seeded with a plain-SQL
  pg_dump of the test database through psql;
- `fresh_copy(suffix, tmp_path)`, per test: a copy of it (a file copy; CREATE DATABASE … TEMPLATE the pristine one).
Register a copy under an alias with `_register(alias, name)` (in a thread, as "default": that thread's code then
works on the copy)."""

import shutil
import sqlite3
import subprocess  # nosec B404  fixed argument lists, no shell

import psycopg
import pytest
from django.db import connection, connections
from django.db.utils import load_backend

from bygdevekst.audit import backup as backups
from bygdevekst.audit import triggers


def _pg(tool, db, *args, **kwargs):
    """A PostgreSQL client tool, connected to the database `db` (a settings dict) unless db is None."""
    connect = backups._pg_args(db) if db is not None else []
    return subprocess.run(  # noqa: S603  fixed argument list, no shell  # nosec B603
        [backups._tool(tool), *args, *connect], check=True, env=backups._pg_env(db or {}), **kwargs
    )


def _pg_admin(db, *statements):
    """Statements that cannot run in a transaction (CREATE/DROP DATABASE), on the server's postgres database."""
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
        for sql in statements:
            admin.execute(sql)


def _register(alias, name):
    """A connection to another database on the test database's server, under `alias`. Set on the handler, not
    in its settings: Django's test case allows such a dynamically created connection (an alias in the settings
    would have to be one of the test's declared databases, and pytest-django would set up a test copy of it)."""
    settings_dict = {**connection.settings_dict, "NAME": name, "TEST": {}}
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


def _unregister(alias):
    connections[alias].close()
    del connections[alias]


@pytest.fixture(scope="session")
def pristine(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the test database (demo loaded) with the log's triggers installed, made once per session and
    before any test transaction starts (a session fixture is set up before a test's `db`): SQLite's online
    backup waits for ever on a connection inside a transaction. Yields the copy's file or database name."""
    with django_db_blocker.unblock():
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            name = str(tmp_path_factory.mktemp("backup") / "pristine.sqlite3")
            connection.ensure_connection()
            copy = sqlite3.connect(name)
            try:
                connection.connection.backup(copy)
                copy.executescript(";\n".join(triggers.SQLITE) + ";")
            finally:
                copy.close()
            yield name
            return
        # Never the development database: pytest-django has renamed the alias to test_app(_gwN).
        if not source["NAME"].startswith("test_"):
            raise RuntimeError(f"not a test database: {source['NAME']}")
        name = f"{source['NAME']}_pristine"
        _pg_admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        try:
            # (a lock held by a stray session fails the seeding after a minute instead of hanging it)
            dump = _pg("pg_dump", source, "--format=plain", "--no-owner", "--lock-wait-timeout=60000",
                       capture_output=True).stdout
            # (the dump empties search_path; the trigger statements name the table unqualified, as the migration does)
            script = dump + b"SET search_path = public;\n" + ";\n".join(triggers.POSTGRESQL).encode() + b";\n"
            _pg("psql", {**source, "NAME": name}, "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1",
                "--single-transaction", input=script, stdout=subprocess.DEVNULL)
            yield name
        finally:
            _pg_admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')




def fresh_copy(pristine, suffix, tmp_path):
    """A copy of `pristine` for one test; returns its file or database name (drop it with `drop_copy`)."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(tmp_path / f"{suffix}.sqlite3")
        shutil.copyfile(pristine, name)
        return name
    name = f"{source['NAME']}_{suffix}"
    _pg_admin(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{pristine}"')
    return name


def drop_copy(name):
    if connection.vendor == "postgresql":
        _pg_admin(connection.settings_dict, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
