"""Database triggers that refuse UPDATE and DELETE on the action log, so that "cannot be edited or
deleted" holds even for raw SQL, a shell or a bug outside the ORM. PostgreSQL also refuses TRUNCATE.

Installed by migration 0002 unless settings.AUDIT_DB_TRIGGERS is False (the SQLite test settings, where
a transactional test's flush deletes every row; tests/security installs and checks them itself)."""

TABLE = "audit_actionlog"
MESSAGE = "audit_actionlog is append-only"

SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

POSTGRESQL = [
    f"CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]
STATEMENTS = {"sqlite": (SQLITE, SQLITE_DROP), "postgresql": (POSTGRESQL, POSTGRESQL_DROP)}


def install(connection):
    create, _drop = STATEMENTS.get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for sql in create:
            cursor.execute(sql)


def uninstall(connection):
    _create, drop = STATEMENTS.get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
