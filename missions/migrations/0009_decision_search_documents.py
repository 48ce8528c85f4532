"""The search documents of decisions stored, rather than indexed as expressions (PostgreSQL only).

Migrations 0003 and 0008 indexed the weighted vector `missions/public/search.py` builds for
decisions in each language, so that /search/ found the matching decisions through an index; but
search ranks every match, and PostgreSQL computed the vector of each matching decision again to
rank it: a search for a word in every one of 10,000 decisions cost the database 258 ms. Here
each language's vector is a stored generated column (``search_document_en``, ``_fr``, ``_ar``),
which PostgreSQL computes when a decision is written, with a GIN index each in place of the
expression indexes; ranking reads it (16 ms for the same search). Each index takes a decision's
words in as it is written (``fastupdate = off``, about 16 rather than 3 microseconds a decision
written, per index): otherwise they wait in a list every search reads through until autovacuum
merges them, and after a few thousand writes PostgreSQL judged reading the whole table cheaper
than the index.

The columns are not fields of the model: fixtures, backups and the admin never see them.
``tests/public/test_search_languages.py`` checks that each column holds the document search.py
builds, which changes with the searched fields of decisions (`missions/public/registry.py`).
PostgreSQL will not change the type of a column a generated column reads: a migration that does
so drops these columns first and adds them again after.
"""

import importlib

from django.db import migrations

# The French and Arabic documents as migration 0008 indexed them.
decision_document = importlib.import_module(
    "missions.migrations.0008_search_in_each_language"
).decision_document
TRANSLATIONS = {"fr": "nmi_french", "ar": "arabic"}
WEIGHTS = {"name": "A", "summary": "B", "description": "C"}


def document(language):
    if language in TRANSLATIONS:
        return decision_document(language, TRANSLATIONS[language])
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, COALESCE({text}_en, '')), '{weight}')"
        for text, weight in WEIGHTS.items()
    )


def old_index(language):
    return "decision_search" if language == "en" else f"decision_search_{language}"


LANGUAGES = ("en", *TRANSLATIONS)
CREATE = [
    statement
    for language in LANGUAGES
    for statement in (
        f"ALTER TABLE missions_decision ADD COLUMN search_document_{language} tsvector "
        f"GENERATED ALWAYS AS ({document(language)}) STORED",
        f"CREATE INDEX decision_search_document_{language} ON missions_decision "
        f"USING gin (search_document_{language}) WITH (fastupdate = off)",
        f"DROP INDEX IF EXISTS {old_index(language)}",
    )
]
DROP = [
    statement
    for language in LANGUAGES
    for statement in (
        f"CREATE INDEX IF NOT EXISTS {old_index(language)} ON missions_decision "
        f"USING gin (({document(language)}))",
        f"ALTER TABLE missions_decision DROP COLUMN search_document_{language}",
    )
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("missions", "0008_search_in_each_language")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
