"""SQLite only: an FTS5 table over SearchDocument.index_text, kept in step by triggers.

PostgreSQL needs nothing here: it searches title and body with the `norwegian` configuration.
`remove_diacritics 0` keeps æ, ø, å and the Sami letters as they are.
"""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(index_text, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, index_text) VALUES (new.id, new.index_text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "INSERT INTO search_fts(rowid, index_text) VALUES (new.id, new.index_text); END",
    "INSERT INTO search_fts(rowid, index_text) SELECT id, index_text FROM search_searchdocument",
]
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
