"""The indexes search keeps of the texts (migrations 0006 and 0008), kept true lazily: on
SQLite, full-text indexes of every searchable record's texts, one per language as its readers
read them (``INDEXES``); on PostgreSQL, the words of the published texts in every language with a
trigram index, for "did you mean".

They are derived from the record as the tables of ``derived`` are, under the name
``search_indexes``: each search asks whether they were built from the current content version in
one query and, when not, rebuilds them whole in a fixed number of queries (one
``INSERT ... SELECT`` per searchable kind: no row goes through Python).

SQLite's index holds drafts too: search filters on the records' status in their own tables, so
publishing or unpublishing is seen at once, as every other change is. PostgreSQL's words are
the published texts' only, so that no suggestion reveals a word of a draft.
"""

import re

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models.expressions import RawSQL

from missions.languages import CONTENT_LANGUAGES, ORIGINAL

from .derived import Derived

# SQLite's full-text indexes: English texts stemmed by the Porter stemmer (an English one);
# French and Arabic texts, as their readers read them, word by word (accents aside), one row per
# record and language.
INDEX = "missions_search_index"
TRANSLATIONS_INDEX = "missions_search_index_translated"
WORDS = "missions_search_word"
# Their name among what is derived from the record (``missions_derived_from``).
DERIVED_NAME = "search_indexes"


def kind(searchable):
    """What SQLite's index names a record's kind by: its model's label."""
    return searchable.model._meta.label_lower


def keep_current(searchable_types):
    """Rebuild the indexes of ``searchable_types`` if the record changed since they were built
    (one query when it did not)."""
    Derived(DERIVED_NAME, lambda cursor: rebuild(cursor, searchable_types)).keep_current()


def rebuild(cursor, searchable_types):
    """Index every record of ``searchable_types`` afresh."""
    if connection.vendor == "postgresql":
        cursor.execute(f"DELETE FROM {WORDS}")
        for searchable in searchable_types:
            cursor.execute(*insert_words(searchable))
    else:
        cursor.execute(f"DELETE FROM {INDEX}")
        cursor.execute(f"DELETE FROM {TRANSLATIONS_INDEX}")
        for searchable in searchable_types:
            for language in CONTENT_LANGUAGES:
                cursor.execute(*insert_rows(searchable, language))


def insert_rows(searchable, language):
    """The statement (and its parameters) that indexes every record of one kind as a reader of
    ``language`` reads it: its names, summaries and descriptions, each the fields of the group
    joined by spaces, a translation where there is one and the English original where not."""
    meta = searchable.model._meta

    def quoted(name):
        return f'"{meta.get_field(name).column}"'

    def texts(fields):
        columns = [
            f"COALESCE(NULLIF({quoted(shown)}, ''), {quoted(original)}, '')"
            if original
            else f"COALESCE({quoted(shown)}, '')"
            for shown, original in searchable.columns(fields, language)
        ]
        return " || ' ' || ".join(columns) or "''"

    texts_sql = (
        f"{texts(searchable.name_fields)}, {texts(searchable.summary_fields)}, "
        f"{texts(searchable.description_fields)}"
    )
    if language == ORIGINAL:
        return (
            f"INSERT INTO {INDEX} (kind, pk, names, summaries, descriptions) "
            f'SELECT %s, "{meta.pk.column}", {texts_sql} FROM "{meta.db_table}"',
            [kind(searchable)],
        )
    return (
        f"INSERT INTO {TRANSLATIONS_INDEX} (kind, pk, language, names, summaries, descriptions) "
        f'SELECT %s, "{meta.pk.column}", %s, {texts_sql} FROM "{meta.db_table}"',
        [kind(searchable), language],
    )


def insert_words(searchable):
    """The statement (and its parameters) that adds to the words every word of at least three
    letters in the kind's published texts, in every language, as PostgreSQL's "simple"
    configuration splits them (lowercase, not stemmed: a suggestion is a word a reader would
    type; a misspelled French word finds a French one, as Latin and Arabic letters share no
    trigram with each other)."""
    names = searchable.name_fields + searchable.summary_fields + searchable.description_fields
    fields = list(
        dict.fromkeys(
            shown
            for language in CONTENT_LANGUAGES
            for shown, _original in searchable.columns(names, language)
        )
    )
    published = (
        searchable.queryset()
        .annotate(document=SearchVector(*fields, config="simple"))
        .values_list("document")
    )
    sql, params = published.query.sql_with_params()
    return (
        f"INSERT INTO {WORDS} (word) SELECT DISTINCT word FROM "
        f"(SELECT unnest(tsvector_to_array(document)) AS word FROM ({sql}) AS records) AS words "
        "WHERE word ~ '^[[:alpha:]]{3,}$' ON CONFLICT DO NOTHING",
        params,
    )


# A typed word (each %s): itself when the published texts have it, else the most similar word
# they have (through the trigram index: ``%%`` is pg_trgm's "similar", a similarity of at least
# ``pg_trgm.similarity_threshold``, 0.3 unless set; ``<->`` is 1 - similarity), else NULL. The
# word is given as a value, not a column of another table, so that PostgreSQL plans the search
# of the index for it.
CLOSEST_WORD = (
    f"CASE WHEN EXISTS (SELECT FROM {WORDS} WHERE word = %s) THEN %s ELSE ("
    f"SELECT word FROM {WORDS} WHERE word %% %s ORDER BY word <-> %s, word LIMIT 1"
    ") END"
)


def closest_words(words):
    """``CLOSEST_WORD`` for each of ``words`` (lowercase), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join([CLOSEST_WORD] * len(words)),
            [word for word in words for _ in range(CLOSEST_WORD.count("%s"))],
        )
        return list(cursor.fetchone())


def match_expression(query):
    """The FTS5 query for every word of ``query`` (each quoted, so that no word is read as an
    operator), or "" when it has none."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", query))


def matching(searchable, expression, language=ORIGINAL):
    """The primary keys of the kind's records the index of ``language`` matches
    ``expression`` with."""
    if language == ORIGINAL:
        return RawSQL(
            f"SELECT pk FROM {INDEX} WHERE {INDEX} MATCH %s AND kind = %s",
            (expression, kind(searchable)),
        )
    return RawSQL(
        f"SELECT pk FROM {TRANSLATIONS_INDEX} WHERE {TRANSLATIONS_INDEX} MATCH %s "
        "AND kind = %s AND language = %s",
        (expression, kind(searchable), language),
    )


def matching_names(searchable, expression, language=ORIGINAL):
    """The same, the words all found in the records' names."""
    return matching(searchable, f"{{names}} : ({expression})", language)
