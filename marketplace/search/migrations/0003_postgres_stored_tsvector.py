"""PostgreSQL: a stored tsvector column (generated from folded_text), so matching reads the vector
instead of re-parsing each candidate's text. SQLite keeps its FTS5 table and needs nothing here."""

from django.db import migrations

DOC = "marketplace_search_searchdocument"

FORWARD = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    f"ALTER TABLE {DOC} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded_text)) STORED",
    f"CREATE INDEX IF NOT EXISTS search_doc_vector ON {DOC} USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_vector",
    f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS search_vector",
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {DOC} USING gin (to_tsvector('simple'::regconfig, folded_text))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("marketplace_search", "0002_fulltext_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
