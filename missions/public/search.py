"""Searching the published record: names, summaries and descriptions of every content type, in
the page's language.

A reader searches the texts as the page in their language shows them: a record's translation
where an editor wrote one, its English original where none did. On PostgreSQL, full-text search
(``django.contrib.postgres.search``) stems each text with its own language's configuration
(``TEXT_SEARCH_CONFIGURATIONS``: English, French, Arabic), ranked so that a match in a name
outweighs one in a summary, and that one a match in a description; a search that finds few
records is offered a "did you mean" (``suggestion``). On SQLite (the embedded default), SQLite's
full-text index (migrations 0006 and 0008, kept in ``search_index``): English with the Porter
stemmer, every word in any form; French and Arabic word by word; a match in the name ranked first.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from missions.languages import ORIGINAL, active_language, column, is_translated, translated_texts
from missions.models import Status

from . import search_index
from .registry import PUBLIC_TYPES
from .statements import compiled, fetched, records, shared, sql_of

RESULTS_PER_TYPE = 50
# A search with fewer results than this is offered a "did you mean" (PostgreSQL's stemming may
# find a few records for a misspelled word: "trainning" is stemmed as "training" is).
FEW_RESULTS = 5
# A result's passage: this many words, starting this many before the first word found.
PASSAGE_WORDS = 40
PASSAGE_WORDS_BEFORE = 8
# PostgreSQL's text-search configuration for each of the record's languages: how its words are
# stemmed (French accents aside: migration 0008's ``nmi_french``). Texts that are not translated
# (an acronym, a source's text) are read as English.
TEXT_SEARCH_CONFIGURATIONS = {"en": "english", "fr": "nmi_french", "ar": "arabic"}


@dataclass(frozen=True)
class SearchableType:
    """One content type: its label, and its texts from most to least telling.

    ``on_mission_page``: its records are shown on their mission's page only, so they are public
    while that mission is. ``translated``: the names of its texts editors translate, which
    search reads in the page's language.
    """

    model: type
    label: str
    name_fields: tuple
    summary_fields: tuple
    description_fields: tuple
    on_mission_page: bool
    translated: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "translated", frozenset(translated_texts(self.model)))

    def columns(self, fields, language):
        """The columns of ``fields`` a reader of ``language`` reads, each with the column of its
        English original when that is a translation (None otherwise): ``[("name_fr",
        "name_en"), ("acronym", None)]``."""
        return [
            (column(name, language), column(name, ORIGINAL) if language != ORIGINAL else None)
            if name in self.translated
            else (name, None)
            for name in fields
        ]

    def shown_text(self, record, name):
        """The text ``name`` of ``record`` as the page shows it, with its language and the
        English original (which its citations quote)."""
        text = getattr(record, name)
        if name not in self.translated:
            return ShownText(text, getattr(record, "language", "") or ORIGINAL, text)
        language = active_language() if is_translated(record, name) else ORIGINAL
        return ShownText(text, language, getattr(record, column(name, ORIGINAL)))

    def result(self, record, words):
        """The record with the first of its texts where the query's ``words`` are (or, when
        they are in its name only, the first that says what it is), and its passage."""
        texts = [
            shown
            for name in (*self.summary_fields, *self.description_fields)
            if (shown := self.shown_text(record, name)).text
        ]
        found = next((shown for shown in texts if words.search(without_accents(shown.text))), None)
        shown = found or (texts[0] if texts else ShownText("", ORIGINAL, ""))
        return Result(
            record, shown.text, passage(shown.text, words), shown.language, shown.original
        )

    def queryset(self):
        queryset = self.model.objects.published()
        if hasattr(self.model, "mission"):
            # Principles, key facts and decisions show (and link to) their mission.
            queryset = queryset.select_related("mission")
        if self.on_mission_page:
            queryset = queryset.filter(mission__status=Status.PUBLISHED)
        return queryset

    def order(self, language):
        """What results of equal rank are listed by: the name as the reader reads it."""
        ((name, original),) = self.columns(self.name_fields[:1], language)
        return Coalesce(NullIf(name, Value("")), original) if original else F(name)


@dataclass(frozen=True)
class ShownText:
    """A record's text as a page shows it, in the language it is written in."""

    text: str
    language: str
    # The English original of a translated text, which citations are matched with.
    original: str


# Every kind of record the public registry gives search fields, in its order.
SEARCHABLE_TYPES = [
    SearchableType(
        kind.model,
        kind.label,
        kind.search.names,
        kind.search.summaries,
        kind.search.descriptions,
        on_mission_page=kind.shown_on == "public:mission-detail",
    )
    for kind in PUBLIC_TYPES
    if kind.search is not None
]


@dataclass(frozen=True)
class Result:
    record: object
    text: str
    # The part of ``text`` a reader is shown, the query's words marked.
    passage: str
    # The language ``text`` is in: the page's, or English for a text not yet translated.
    language: str
    # Its English original, which the citations of the record are matched with.
    original: str


def query_words(query):
    """A pattern that finds the words of ``query`` in a text as the search matched them: every
    word that contains one, or (as PostgreSQL stems "trained" to "train") its stem, a common
    English ending taken off."""
    stems = set()
    for word in re.findall(r"\w+", without_accents(query.lower())):
        stem = re.sub(r"(ing|ed|es|s)$", "", word)
        stems.add(stem if len(stem) >= 3 else word)
    if not stems:
        return re.compile(r"(?!)")  # no word: nothing to find
    alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    return re.compile(rf"\w*(?:{alternatives})\w*", re.IGNORECASE)


def without_accents(text):
    """``text`` with each letter's accents taken off, letter for letter (so that a match in it
    is at the same place in ``text``): search finds "fédérale" for "federale", and marks it.
    Only the runs of letters outside ASCII, which have accents to take off, are looked at:
    decomposing every letter of every text a search shows took a third of its time."""
    return _BEYOND_ASCII.sub(lambda run: _bases(run.group()), text)


# A run of letters outside ASCII.
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _bases(run):
    """Each letter of ``run`` without its accents: the first of its canonical decomposition."""
    return "".join(unicodedata.normalize("NFD", letter)[0] for letter in run)


def passage(text, words):
    """PASSAGE_WORDS words of ``text`` around the first of the query's ``words`` in it (its
    start when none is), as HTML, each occurrence of the words marked with <mark>, accents
    aside."""
    tokens = text.split()
    found = words.search(without_accents(text))  # within a word: the words match no space
    first = 0
    if found:
        before = text[: found.start()]
        # The words before it, less the start of its own.
        first = len(before.split()) - (1 if before and not before[-1].isspace() else 0)
    start = max(0, first - PASSAGE_WORDS_BEFORE) if first >= PASSAGE_WORDS else 0
    shown = " ".join(tokens[start : start + PASSAGE_WORDS])
    parts, position = [], 0
    for match in words.finditer(without_accents(shown)):
        parts.append(escape(shown[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", shown[match.start() : match.end()]))
        position = match.end()
    parts.append(escape(shown[position:]))
    before = "… " if start else ""
    after = "…" if start + PASSAGE_WORDS < len(tokens) else ""
    return mark_safe(before + "".join(parts) + after)  # each part escaped


@dataclass(frozen=True)
class ResultGroup:
    label: str
    results: list

    @property
    def is_full(self):
        return len(self.results) == RESULTS_PER_TYPE


def search(query):
    """Published records matching ``query`` in the page's language, grouped by type; types
    without a match are left out.

    Which records match, best first, comes from one statement for every kind (each kind's
    ``postgres_match`` or ``sqlite_match``, at most ``RESULTS_PER_TYPE``, joined with UNION ALL),
    built once per language and database (``statements.compiled``) with ``_WORDS`` for the
    reader's words: building and compiling PostgreSQL's weighted vectors for seven kinds cost
    more than running them (13-22 ms a search, in process). The records are then read by key,
    a query for each kind found (``records_by_key``)."""
    if connection.vendor == "postgresql":
        placeholder, words = _WORDS, query
    else:
        search_index.keep_current(SEARCHABLE_TYPES)
        placeholder = search_index.match_expression(_WORDS)
        words = search_index.match_expression(query)
        if not words:
            return []
    language = active_language()
    sql, parameters = compiled("search", _search_statement, language)
    if connection.vendor == "postgresql":
        values = {name: _with(value, placeholder, words) for name, value in parameters.items()}
        found = fetched(sql, values, prepared=True)
    else:
        found = fetched(sql, [_with(value, placeholder, words) for value in parameters])
    found.sort(key=lambda row: (row[0], row[2]))  # by kind, then by place among its results
    keys = {}
    for kind, key, _place in found:
        keys.setdefault(kind, []).append(key)
    groups = []
    word_pattern = query_words(query)
    for kind, searchable in enumerate(SEARCHABLE_TYPES):
        if kind not in keys:
            continue
        found = records_by_key(searchable, keys[kind])
        results = [
            searchable.result(found[key], word_pattern) for key in keys[kind] if key in found
        ]
        if results:
            groups.append(ResultGroup(searchable.label, results))
    return groups


def records_by_key(searchable, keys):
    """``{key: record}`` for the published records of ``searchable`` with ``keys``, by a
    statement built once per kind, language and number of keys (``statements.records``). The
    keys are made up to the next power of two by repeating the first, which ``IN`` ignores, so
    a kind needs a few statements rather than one for each number of results."""
    size = 1 << (len(keys) - 1).bit_length()
    found = records(
        f"search: {searchable.model.__name__}, {size} keys",
        lambda *stand_ins: searchable.queryset().filter(pk__in=stand_ins),
        *keys,
        *[keys[0]] * (size - len(keys)),
        prepared=True,
    )
    return {record.pk: record for record in found}


# Stands for the reader's words while the search statement is compiled; replaced in its
# parameters.
_WORDS = "nmisearchwords"


def _with(value, placeholder, words):
    """A statement's parameter ``value`` with the reader's ``words`` in ``placeholder``'s place."""
    return value.replace(placeholder, words) if isinstance(value, str) else value


def _search_statement(language):
    """Every kind's best matches for ``_WORDS``: rows of (kind's index in SEARCHABLE_TYPES,
    key, place among the kind's results). On PostgreSQL a prepared statement: the words parsed
    once (``ParsedOnce``), and one named placeholder for each value however often it comes
    (``statements.shared``), so that PostgreSQL's generic plan sorts a kind's ranked rows once,
    as it does for constants, not once to number them and again to order them, as it must for
    two placeholders that may differ. So planned once, the statement of a search for a word in
    every one of 10,000 decisions takes what it did planned for its words (6-7 ms), for a rarer
    word 0.3-0.6 ms where it took 1.4-2.1."""
    match = postgres_match if connection.vendor == "postgresql" else sqlite_match
    selects, parameters = [], []
    for index, searchable in enumerate(SEARCHABLE_TYPES):
        matched = match(searchable, _WORDS, language)
        ordering = [
            expression
            for expression, _ in matched.query.get_compiler(connection.alias).get_order_by()
        ]
        best = matched.annotate(place=Window(RowNumber(), order_by=ordering)).values_list(
            "pk", "place"
        )[:RESULTS_PER_TYPE]
        sql, params = sql_of(best)
        selects.append(f"SELECT {index} AS kind, best.* FROM ({sql}) best")
        parameters += params
    if connection.vendor == "postgresql":
        return shared(" UNION ALL ".join(selects), parameters)
    return " UNION ALL ".join(selects), parameters


def suggestion(query):
    """On PostgreSQL, ``query`` with each word the published texts do not have replaced by the
    most similar word they have ("trainning": "training"), or None when there is none to offer.
    For a search that found nothing or few records (``FEW_RESULTS``); SQLite offers none."""
    if connection.vendor != "postgresql":
        return None
    words = [word.lower() for word in re.findall(r"\w+", query)]
    if not words:
        return None
    search_index.keep_current(SEARCHABLE_TYPES)
    closest = search_index.closest_words(words)
    suggested = [close or word for word, close in zip(words, closest, strict=True)]
    return " ".join(suggested) if suggested != words else None


def postgres_document(searchable, language):
    """The document search matches and ranks a record by as a reader of ``language`` reads it:
    the column PostgreSQL stores for each kind and language (``search_document_fr``: migration
    0009 for decisions, 0011 for the other kinds), each translation stemmed in its language,
    each English original not yet translated (and each text never translated) as English, a
    match in a name weighing most (A), then in a summary (B), then in a description (C).
    Computed on each search, the documents cost more than the rest of it: ranking a search that
    matched 10,000 decisions computed each one's again (258 ms), and the seed's one source's
    text alone took 1.2 ms of every search."""
    table = searchable.model._meta.db_table
    stored = f"search_document_{language}"
    return RawSQL(f'"{table}"."{stored}"', [], output_field=SearchVectorField())


class ParsedOnce(SearchQuery):
    """A reader's query, parsed once for the statement (a scalar subquery, which PostgreSQL runs
    once, before the rest): in a prepared statement's generic plan the words are not known when
    it is planned, and ``websearch_to_tsquery`` ran again for every row matched and ranked. The
    statement of a search for a word in every one of 10,000 decisions, prepared, took 27-33 ms;
    12-13 with the words parsed once; 5.8-6.6 with one placeholder for them too
    (``statements.shared``), against 7.0-7.3 planned for its words."""

    template = "(SELECT %(function)s(%(expressions)s))"


def postgres_query(query, language):
    """The query in the reader's language, or in English, for texts shown in the original."""
    english = ParsedOnce(query, search_type="websearch", config="english")
    if language == ORIGINAL:
        return english
    config = TEXT_SEARCH_CONFIGURATIONS[language]
    return ParsedOnce(query, search_type="websearch", config=config) | english


def postgres_match(searchable, query, language=ORIGINAL):
    """Full-text match in the reader's language, best ranked first."""
    vector = postgres_document(searchable, language)
    search_query = postgres_query(query, language)
    return (
        searchable.queryset()
        .annotate(document=vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", searchable.order(language))
    )


def sqlite_match(searchable, query, language=ORIGINAL):
    """Every word of ``query`` in one of the texts a reader of ``language`` reads, through
    SQLite's full-text index: in English in any form the Porter stemmer gives it, in French and
    Arabic as written (accents aside); a record whose names hold every word ranks first."""
    expression = search_index.match_expression(query)
    if not expression:
        return searchable.queryset().none()
    name_matches = Q(pk__in=search_index.matching_names(searchable, expression, language))
    return (
        searchable.queryset()
        .filter(pk__in=search_index.matching(searchable, expression, language))
        .annotate(
            rank=Case(
                When(name_matches, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-rank", searchable.order(language))
    )
