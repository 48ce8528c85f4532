"""The search documents of every searched kind stored, as migration 0009 stores decisions'
(PostgreSQL only).

Search computed the weighted vector of every other kind's records on each search: a mission's
six texts, each institution's, and the whole text of every source, read as English. At the seed
that was most of a search's time in PostgreSQL: of 2.5 ms running its statement, 1.2 ms in the
one source's text, and planning a statement of seven such vectors took 1.1 ms more. Each kind's
vector in each language is now a stored generated column (``search_document_en``, ``_fr``,
``_ar``), computed when a record is written, with a GIN index each, as decisions' are.

The documents are written out here as ``missions/public/search.py`` builds them
(``weighted_document``) from the searched texts of each kind in ``missions/public/registry.py``
today: a kind's searched texts or their order changing needs a migration that writes these
columns again. ``tests/public/test_search_languages.py`` checks that each column of each kind
holds the document search builds. As for decisions, the columns are not fields of the models, and
PostgreSQL will not change the type of a column a generated column reads: a migration that does
so drops these columns first and adds them again after.
"""

import importlib

from django.db import migrations

# Decisions' documents: each translation's text-search configuration, the languages, and
# running statements on PostgreSQL only.
decisions = importlib.import_module("missions.migrations.0009_decision_search_documents")
TRANSLATIONS, LANGUAGES, on_postgresql = (
    decisions.TRANSLATIONS,
    decisions.LANGUAGES,
    decisions.on_postgresql,
)

# Each kind's table: its searched texts by weight, in search's order, and those editors translate.
KINDS = {
    "missions_mission": (
        {"A": ("name", "acronym"), "B": ("summary",), "C": ("description", "aims", "area")},
        {"name", "summary", "description", "aims", "area"},
    ),
    "missions_institution": (
        {"A": ("name", "kind"), "C": ("engagement", "description")},
        {"name", "engagement", "description"},
    ),
    "missions_partner": (
        {"A": ("name",), "C": ("engagement", "description")},
        {"name", "engagement", "description"},
    ),
    "missions_focusarea": ({"A": ("name",), "C": ("description",)}, {"name", "description"}),
    "missions_principle": ({"A": ("name",), "B": ("statement",)}, {"name", "statement"}),
    "missions_keyfact": ({"A": ("name", "figure"), "B": ("statement",)}, {"name", "statement"}),
    "missions_source": ({"A": ("title",), "B": ("publisher",), "C": ("text",)}, set()),
}


def vector(config, text, weight):
    return f"setweight(to_tsvector('{config}'::regconfig, COALESCE({text}, '')), '{weight}')"


def document(texts, translated, language):
    """A record's vector as a reader of ``language`` reads it: each translation stemmed in its
    language, each English original not yet translated (and each text never translated) as
    English."""
    parts = []
    for weight, names in texts.items():
        for name in names:
            if name not in translated:
                parts.append(vector("english", name, weight))
            elif language == "en":
                parts.append(vector("english", f"{name}_en", weight))
            else:
                shown, original = f"{name}_{language}", f"{name}_en"
                parts.append(vector(TRANSLATIONS[language], shown, weight))
                untranslated = f"CASE WHEN {shown} = '' THEN {original} ELSE '' END"
                parts.append(vector("english", untranslated, weight))
    return " || ".join(parts)


def index(table, language):
    return f"{table.removeprefix('missions_')}_search_document_{language}"


CREATE = [
    statement
    for table, (texts, translated) in KINDS.items()
    for language in LANGUAGES
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN search_document_{language} tsvector "
        f"GENERATED ALWAYS AS ({document(texts, translated, language)}) STORED",
        f"CREATE INDEX {index(table, language)} ON {table} "
        f"USING gin (search_document_{language}) WITH (fastupdate = off)",
    )
]
DROP = [
    f"ALTER TABLE {table} DROP COLUMN search_document_{language}"
    for table in KINDS
    for language in LANGUAGES
]


class Migration(migrations.Migration):
    dependencies = [("missions", "0010_derived_tables")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
