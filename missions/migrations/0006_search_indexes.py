"""The indexes search keeps of the published texts: stemmed words on SQLite, spellings on PostgreSQL.

SQLite: an FTS5 table with the ``porter`` tokenizer ("trained" and "training" are both indexed
and searched as "train") holding one row per record of each searchable kind: ``kind`` (its
model's label), ``pk``, and its texts in three columns, names, summaries and descriptions, as
`missions/public/search.py` reads them. PostgreSQL, whose own full-text search stems already: the
pg_trgm extension and a table of every word of the published texts with a trigram index, from
which a misspelled word gets its "did you mean" (GiST, not GIN: PostgreSQL searches it for the
closest words, where it read the whole table rather than a GIN index). Both: a one-row table naming the content
version (``ContentVersion``) the index was built from; search rebuilds the index when that is no
longer the database's (`missions/public/search_index.py`). The tables name no searched field, so
a change to the search fields of `missions/public/registry.py` needs no migration here.
"""

from django.db import migrations

BUILT_FROM = [
    "CREATE TABLE IF NOT EXISTS missions_search_index_built_from (version varchar(32))",
    # No content version is '': the first search builds the index.
    "INSERT INTO missions_search_index_built_from (version) VALUES ('')",
]
CREATE = {
    "sqlite": [
        """CREATE VIRTUAL TABLE IF NOT EXISTS missions_search_index USING fts5(
            kind UNINDEXED, pk UNINDEXED, names, summaries, descriptions,
            tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
        *BUILT_FROM,
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE TABLE IF NOT EXISTS missions_search_word (word text PRIMARY KEY)",
        "CREATE INDEX IF NOT EXISTS missions_search_word_trigrams "
        "ON missions_search_word USING gist (word gist_trgm_ops)",
        *BUILT_FROM,
    ],
}
DROP = {
    "sqlite": [
        "DROP TABLE IF EXISTS missions_search_index_built_from",
        "DROP TABLE IF EXISTS missions_search_index",
    ],
    "postgresql": [
        "DROP TABLE IF EXISTS missions_search_index_built_from",
        "DROP TABLE IF EXISTS missions_search_word",
    ],
}


def for_each_engine(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("missions", "0005_revisions")]

    operations = [migrations.RunPython(for_each_engine(CREATE), for_each_engine(DROP))]
