"""Searching the published record: names, summaries and descriptions of every content type.

On PostgreSQL, full-text search (``django.contrib.postgres.search``) with English stemming, ranked
so that a match in a name outweighs one in a summary, and that one a match in a description. Other
databases (SQLite in development and tests) get a plain case-insensitive match of every word.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from missions.models import Citation, Status

from .registry import PUBLIC_TYPES

RESULTS_PER_TYPE = 50


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

    def result(self, record):
        """The record with the first of its texts that says what it is."""
        for field in (*self.summary_fields, *self.description_fields):
            if getattr(record, field):
                return Result(record, getattr(record, field))
        return Result(record, "")

    def queryset(self):
        queryset = self.model.objects.published().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source"))
        )
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


@dataclass(frozen=True)
class ResultGroup:
    label: str
    results: list

    @property
    def is_full(self):
        return len(self.results) == RESULTS_PER_TYPE


def search(query):
    """Published records matching ``query``, grouped by type; types without a match are left out."""
    match = postgres_match if connection.vendor == "postgresql" else simple_match
    groups = []
    for searchable in SEARCHABLE_TYPES:
        results = [
            searchable.result(record) for record in match(searchable, query)[:RESULTS_PER_TYPE]
        ]
        if results:
            groups.append(ResultGroup(searchable.label, results))
    return groups


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


def simple_match(searchable, query):
    """Every word in one of the fields, case-insensitively; a name match ranks first."""
    fields = searchable.name_fields + searchable.summary_fields + searchable.description_fields
    words = query.split()
    matches_every_word = Q()
    for word in words:
        matches_every_word &= Q.create([(f"{field}__icontains", word) for field in fields], "OR")
    name_matches = Q()
    for word in words:
        name_matches &= Q.create(
            [(f"{field}__icontains", word) for field in searchable.name_fields], "OR"
        )
    return (
        searchable.queryset()
        .filter(matches_every_word)
        .annotate(
            rank=Case(
                When(name_matches, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-rank", searchable.name_fields[0])
    )
