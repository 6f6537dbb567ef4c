"""Full-text indexes, per database: PostgreSQL tsvector + trigram GIN indexes; SQLite an FTS5 table.

The text is folded in Python before it is stored, so PostgreSQL's 'simple' configuration and FTS5's
default tokenizer see the same ASCII words.
"""

from django.db import migrations

DOC = "marketplace_search_searchdocument"
TERM = "marketplace_search_searchterm"
FTS = "marketplace_search_fts"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {DOC} USING gin (to_tsvector('simple'::regconfig, folded_text))",
    f"CREATE INDEX IF NOT EXISTS search_doc_title_trgm ON {DOC} USING gin (folded_title gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS search_term_word_trgm ON {TERM} USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_doc_title_trgm",
    "DROP INDEX IF EXISTS search_doc_tsv",
]
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(folded_text, content='{DOC}', content_rowid='id')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {DOC} BEGIN
        INSERT INTO {FTS}(rowid, folded_text) VALUES (new.id, new.folded_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {DOC} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, folded_text) VALUES ('delete', old.id, old.folded_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE ON {DOC} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, folded_text) VALUES ('delete', old.id, old.folded_text);
        INSERT INTO {FTS}(rowid, folded_text) VALUES (new.id, new.folded_text);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("marketplace_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
