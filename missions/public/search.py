"""Searching the published record: names, summaries and descriptions of every content type.

On PostgreSQL, full-text search (``django.contrib.postgres.search``) with English stemming, ranked
so that a match in a name outweighs one in a summary, and that one a match in a description; a
search that finds few records is offered a "did you mean" (``suggestion``). On SQLite (the
embedded default), SQLite's full-text index (FTS5 with the Porter stemmer: migration 0006, kept
in ``search_index``): every word in any form, a match in the name ranked first.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from missions.models import Status

from . import search_index
from .registry import PUBLIC_TYPES

RESULTS_PER_TYPE = 50
# A search with fewer results than this is offered a "did you mean" (PostgreSQL's stemming may
# find a few records for a misspelled word: "trainning" is stemmed as "training" is).
FEW_RESULTS = 5
# A result's passage: this many words, starting this many before the first word found.
PASSAGE_WORDS = 40
PASSAGE_WORDS_BEFORE = 8


@dataclass(frozen=True)
class SearchableType:
    """One content type: its label, and its text fields from most to least telling.

    ``on_mission_page``: its records are shown on their mission's page only, so they are public
    while that mission is.
    """

    model: type
    label: str
    name_fields: tuple
    summary_fields: tuple
    description_fields: tuple
    on_mission_page: bool

    def result(self, record, words):
        """The record with the first of its texts where the query's ``words`` are (or, when
        they are in its name only, the first that says what it is), and its passage."""
        texts = [
            getattr(record, field)
            for field in (*self.summary_fields, *self.description_fields)
            if getattr(record, field)
        ]
        text = next((text for text in texts if words.search(text)), texts[0] if texts else "")
        return Result(record, text, passage(text, words))

    def queryset(self):
        queryset = self.model.objects.published()
        if hasattr(self.model, "mission"):
            # Principles, key facts and decisions show (and link to) their mission.
            queryset = queryset.select_related("mission")
        if self.on_mission_page:
            queryset = queryset.filter(mission__status=Status.PUBLISHED)
        return queryset


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


def query_words(query):
    """A pattern that finds the words of ``query`` in a text as the search matched them: every
    word that contains one, or (as PostgreSQL stems "trained" to "train") its stem, a common
    English ending taken off."""
    stems = set()
    for word in re.findall(r"\w+", query.lower()):
        stem = re.sub(r"(ing|ed|es|s)$", "", word)
        stems.add(stem if len(stem) >= 3 else word)
    if not stems:
        return re.compile(r"(?!)")  # no word: nothing to find
    alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    return re.compile(rf"\w*(?:{alternatives})\w*", re.IGNORECASE)


def passage(text, words):
    """PASSAGE_WORDS words of ``text`` around the first of the query's ``words`` in it (its
    start when none is), as HTML, each occurrence of the words marked with <mark>."""
    tokens = text.split()
    first = next((index for index, token in enumerate(tokens) if words.search(token)), 0)
    start = max(0, first - PASSAGE_WORDS_BEFORE) if first >= PASSAGE_WORDS else 0
    shown = " ".join(tokens[start : start + PASSAGE_WORDS])
    parts, position = [], 0
    for match in words.finditer(shown):
        parts.append(escape(shown[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
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
    """Published records matching ``query``, grouped by type; types without a match are left out."""
    if connection.vendor == "postgresql":
        match = postgres_match
    else:
        search_index.keep_current(SEARCHABLE_TYPES)
        match = sqlite_match
    groups = []
    words = query_words(query)
    for searchable in SEARCHABLE_TYPES:
        results = [
            searchable.result(record, words)
            for record in match(searchable, query)[:RESULTS_PER_TYPE]
        ]
        if results:
            groups.append(ResultGroup(searchable.label, results))
    return groups


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


def postgres_match(searchable, query):
    """Full-text match; for decisions, migration 0003 indexes exactly this vector."""
    vector = None
    for fields, weight in (
        (searchable.name_fields, "A"),
        (searchable.summary_fields, "B"),
        (searchable.description_fields, "C"),
    ):
        for field in fields:
            part = SearchVector(field, weight=weight, config="english")
            vector = part if vector is None else vector + part
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        searchable.queryset()
        .annotate(document=vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", searchable.name_fields[0])
    )


def sqlite_match(searchable, query):
    """Every word of ``query``, in any form the Porter stemmer gives it, in one of the fields,
    through SQLite's full-text index; a record whose names hold every word ranks first."""
    expression = search_index.match_expression(query)
    if not expression:
        return searchable.queryset().none()
    name_matches = Q(pk__in=search_index.matching_names(searchable, expression))
    return (
        searchable.queryset()
        .filter(pk__in=search_index.matching(searchable, expression))
        .annotate(
            rank=Case(
                When(name_matches, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-rank", searchable.name_fields[0])
    )
