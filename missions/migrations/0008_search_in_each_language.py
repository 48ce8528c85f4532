"""Search in each of the record's languages (`missions/public/search.py`).

PostgreSQL: the text-search configuration ``nmi_french``, PostgreSQL's French one with accents
taken off before stemming (the unaccent extension), so that "federale" finds "fédérale" as
readers type it; and a GIN index per translation on the search document of decisions as a reader
of that language reads them, each translation stemmed in its language (French, Arabic) and each
English original not yet translated stemmed as English; the English document keeps migration
0003's index. SQLite: a second FTS5 table, of the French and Arabic texts as their readers read
them (a translation, or the English original where there is none), matched word by word, as
SQLite has no French or Arabic stemmer. Both: the indexes are rebuilt by the first search, so that they
hold the translations too.
"""

import importlib

from django.db import migrations

# Runs each engine's statements: the helper of migration 0006, whose indexes this one extends.
for_each_engine = importlib.import_module("missions.migrations.0006_search_indexes").for_each_engine

# The text-search configuration of each translation, as missions/public/search.py names them.
TRANSLATIONS = {"fr": "nmi_french", "ar": "arabic"}
WEIGHTS = {"name": "A", "summary": "B", "description": "C"}


def decision_document(language, config):
    parts = []
    for text, weight in WEIGHTS.items():
        shown, original = f"{text}_{language}", f"{text}_en"
        parts.append(
            f"setweight(to_tsvector('{config}'::regconfig, COALESCE({shown}, '')), '{weight}')"
        )
        parts.append(
            "setweight(to_tsvector('english'::regconfig, COALESCE("
            f"CASE WHEN {shown} = '' THEN {original} ELSE '' END, '')), '{weight}')"
        )
    return " || ".join(parts)


REBUILD = "UPDATE missions_search_index_built_from SET version = ''"
CREATE = {
    "sqlite": [
        """CREATE VIRTUAL TABLE IF NOT EXISTS missions_search_index_translated USING fts5(
            kind UNINDEXED, pk UNINDEXED, language UNINDEXED, names, summaries, descriptions,
            tokenize = 'unicode61 remove_diacritics 2'
        )""",
        REBUILD,
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH CONFIGURATION nmi_french (COPY = pg_catalog.french)",
        "ALTER TEXT SEARCH CONFIGURATION nmi_french ALTER MAPPING "
        "FOR hword, hword_part, word WITH unaccent, french_stem",
        *(
            f"CREATE INDEX IF NOT EXISTS decision_search_{language} ON missions_decision "
            f"USING gin (({decision_document(language, config)}))"
            for language, config in TRANSLATIONS.items()
        ),
        REBUILD,
    ],
}
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS missions_search_index_translated", REBUILD],
    "postgresql": [
        *(f"DROP INDEX IF EXISTS decision_search_{language}" for language in TRANSLATIONS),
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS nmi_french",
        REBUILD,
    ],
}


class Migration(migrations.Migration):
    dependencies = [("missions", "0007_translations")]

    operations = [migrations.RunPython(for_each_engine(CREATE), for_each_engine(DROP))]
