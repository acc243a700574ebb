"""Database triggers that refuse UPDATE and DELETE (PostgreSQL also TRUNCATE) on tables whose rows are written
once: the action log, and the frozen agreement versions (`agreements/migrations`, `VERSION_TABLE`). So
"cannot be edited or deleted" holds even for raw SQL, a shell or a bug outside the ORM.

Installed by migrations unless settings.AUDIT_DB_TRIGGERS is False (the SQLite test settings, where a
transactional test's flush deletes every row; tests/security installs and checks them itself). The app's
database role should not own these tables, or it can drop the triggers: see docs/deployment.md.
On SQLite a migration that alters such a table rebuilds it and so drops its triggers: install them again at its
end (as audit 0003 does)."""


def statements(table, message):
    """{vendor: (create statements, drop statements)} for one write-once table."""
    sqlite = [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]
    sqlite_drop = [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    postgresql = [
        f"CREATE OR REPLACE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()",
    ]
    postgresql_drop = [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_refuse()",
    ]
    return {"sqlite": (sqlite, sqlite_drop), "postgresql": (postgresql, postgresql_drop)}


TABLE = "audit_actionlog"
MESSAGE = "audit_actionlog is append-only"
STATEMENTS = statements(TABLE, MESSAGE)
SQLITE, SQLITE_DROP = STATEMENTS["sqlite"]
POSTGRESQL, POSTGRESQL_DROP = STATEMENTS["postgresql"]

VERSION_TABLE = "agreements_agreementversion"
VERSION_MESSAGE = "agreement versions are frozen"
VERSION_STATEMENTS = statements(VERSION_TABLE, VERSION_MESSAGE)


def install(connection, table_statements=None):
    create, _drop = (table_statements or STATEMENTS).get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for sql in create:
            cursor.execute(sql)


def uninstall(connection, table_statements=None):
    _create, drop = (table_statements or STATEMENTS).get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
