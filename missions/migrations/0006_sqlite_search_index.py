"""SQLite's full-text index of the searchable texts, so that search on SQLite stems words too.

SQLite only, as 0003 is PostgreSQL only: an FTS5 table with the ``porter`` tokenizer ("trained"
and "training" are both indexed and searched as "train") holding one row per record of each
searchable kind, ``kind`` (its model's label), ``pk``, and its texts in three columns, names,
summaries and descriptions, as `missions/public/search.py` reads them. A one-row table beside it
names the content version (``ContentVersion``) the index was built from: search rebuilds the
index when that is no longer the database's (`missions/public/search_index.py`). The tables hold
no fields of their own, so a change to the searched fields of `missions/public/registry.py` needs
no migration here.
"""

from django.db import migrations

INDEX = "missions_search_index"
BUILT_FROM = "missions_search_index_built_from"
CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5(
        kind UNINDEXED, pk UNINDEXED, names, summaries, descriptions,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    f"CREATE TABLE IF NOT EXISTS {BUILT_FROM} (version varchar(32))",
    # No content version is '': the first search builds the index.
    f"INSERT INTO {BUILT_FROM} (version) VALUES ('')",
]
DROP = [f"DROP TABLE IF EXISTS {BUILT_FROM}", f"DROP TABLE IF EXISTS {INDEX}"]


def on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("missions", "0005_revisions")]

    operations = [migrations.RunPython(on_sqlite(CREATE), on_sqlite(DROP))]
