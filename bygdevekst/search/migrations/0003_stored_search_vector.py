"""The index stored in the engine, over the keys of title and text (search/text.py), plain readable text
beside them for the engine's excerpts.

PostgreSQL: a generated `tsvector` column `search_vector` (title weight A, text weight B) with a GIN
index, a small one `rank_vector` (title, the text's opening) for ts_rank, and a text-search configuration `search_norwegian` (the `norwegian` stemmer, after `unaccent`
where that extension can be created) for ts_headline. SQLite: the FTS5 table `search_fts` with the
document table as external content (the keys are stored once), and the small contentless `search_rank`
(title, the text's opening) for bm25, both kept in step by triggers; excerpts come from a small FTS5
table of the page's hits made at query time (query.py). Existing documents are rewritten here (plain text, anchors, keys) so no reindex is needed.
"""

from django.db import migrations, models

# Ranking reads the text's opening: its first 1500 characters of keys.

SQLITE_DROP_OLD = [
    "DROP TRIGGER IF EXISTS search_rank_update",
    "DROP TRIGGER IF EXISTS search_rank_delete",
    "DROP TRIGGER IF EXISTS search_rank_insert",
    "DROP TABLE IF EXISTS search_rank",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
# The keys are folded already and spell å as "aa", so the tokenizer leaves them as they are.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(index_title, index_text, "
    "content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, index_title, index_text) VALUES (new.id, new.index_title, new.index_text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, index_title, index_text) "
    "VALUES ('delete', old.id, old.index_title, old.index_text); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF index_title, index_text ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, index_title, index_text) "
    "VALUES ('delete', old.id, old.index_title, old.index_text); "
    "INSERT INTO search_fts(rowid, index_title, index_text) VALUES (new.id, new.index_title, new.index_text); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    # bm25 decodes every hit's positions: over whole long texts that is 40-100 ms for 2,000 matches.
    # Ranking reads this small contentless table instead (the title and the text's opening).
    "CREATE VIRTUAL TABLE search_rank USING fts5(index_title, index_lead, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_rank_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_rank(rowid, index_title, index_lead) "
    "VALUES (new.id, new.index_title, substr(new.index_text, 1, 1500)); END",
    "CREATE TRIGGER search_rank_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_rank(search_rank, rowid, index_title, index_lead) "
    "VALUES ('delete', old.id, old.index_title, substr(old.index_text, 1, 1500)); END",
    "CREATE TRIGGER search_rank_update AFTER UPDATE OF index_title, index_text ON search_searchdocument BEGIN "
    "INSERT INTO search_rank(search_rank, rowid, index_title, index_lead) "
    "VALUES ('delete', old.id, old.index_title, substr(old.index_text, 1, 1500)); "
    "INSERT INTO search_rank(rowid, index_title, index_lead) "
    "VALUES (new.id, new.index_title, substr(new.index_text, 1, 1500)); END",
    "INSERT INTO search_rank(rowid, index_title, index_lead) "
    "SELECT id, index_title, substr(index_text, 1, 1500) FROM search_searchdocument",
]

POSTGRES_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, index_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, index_text), 'B')) STORED",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    # Ranking reads the vector of every match: a small one (the title and the text's opening) stays in
    # the row, where the full one of a long text would be fetched and decompressed from TOAST each time.
    "ALTER TABLE search_searchdocument ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, index_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, left(index_text, 1500)), 'B')) STORED",
    "CREATE TEXT SEARCH CONFIGURATION search_norwegian (COPY = pg_catalog.norwegian)",
    # When a word is in most documents the planner prefers reading the table to the GIN index, not
    # counting that @@ must then fetch and decompress every long vector from TOAST (100 ms at 2,000
    # documents of 60 kB, against 1 ms through the index). The matches come from here, where it may not.
    "CREATE FUNCTION search_matches(query tsquery) RETURNS SETOF bigint LANGUAGE sql STABLE "
    "SET enable_seqscan = off AS $$ SELECT id FROM search_searchdocument WHERE search_vector @@ query $$",
]
POSTGRES_DROP = [
    "DROP FUNCTION IF EXISTS search_matches(tsquery)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_norwegian",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS rank_vector",
]


def drop_old_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP_OLD:
            schema_editor.execute(sql)


def rewrite_documents(apps, schema_editor):
    from bygdevekst.search.indexers import document_fields

    SearchDocument = apps.get_model("search", "SearchDocument")
    for doc in SearchDocument.objects.all().iterator(chunk_size=200):
        parts = [(anchor, part) for anchor, part in (doc.parts or [])] or [("", doc.body)]
        for name, value in document_fields(doc.title, parts).items():
            setattr(doc, name, value)
        doc.save(update_fields=["title", "body", "anchors", "first_offsets", "index_title", "index_text"])


def _fold_accents_in_headlines(schema_editor):
    """unaccent before the stemmer, if the extension exists or this role may create it (it is a trusted
    extension: a database owner may); otherwise headlines highlight only the exact accented form."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT search_unaccent")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except Exception:  # the database refused: headlines work without folding
            cursor.execute("ROLLBACK TO SAVEPOINT search_unaccent")
            return
        cursor.execute("RELEASE SAVEPOINT search_unaccent")
        cursor.execute(
            "ALTER TEXT SEARCH CONFIGURATION search_norwegian ALTER MAPPING FOR hword, hword_part, word "
            "WITH unaccent, norwegian_stem"
        )


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)
        _fold_accents_in_headlines(schema_editor)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP_OLD:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts5")]

    operations = [
        migrations.RunPython(drop_old_fts, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchdocument", name="anchors", field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="searchdocument", name="index_title", field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument", name="first_offsets",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(rewrite_documents, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchdocument", name="parts"),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["audience", "kind", "pilot", "agreement", "round", "object_ref"],
                               name="search_document_visibility"),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
