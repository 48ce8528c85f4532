"""Which records the public sees cite each sentence of a source: what a source's page names.

A sentence of a source page names the first ``CITED_BY_SHOWN`` public records citing it, kind by
kind in the registry's order and each kind in its model's order, then says how many more do.
Which they are, and how many of each kind cite each sentence, is a table derived from the record
(``CITING_RECORDS``, ``derived``): each kind's query, ranking its records per cited sentence with
window functions, built by the ORM once per database (``statements.compiled``) and joined to the
others with UNION ALL. Each row also names its record as the page shows it (its slug, its
mission's slug, its name in each language) and the sentence's source, so that a source's page
reads the rows of its sentences from this one table, in one query: joined to the sentences and
to each kind's table, that statement took PostgreSQL longer to plan than to run (1.8 against 0.8
ms, every request). Ranking the records citing the source's sentences on each
request cost PostgreSQL 23-30 ms at 10,000 decisions citing one sentence; the page used to run a
count subquery and a prefetch per kind before that, and building and compiling those dozen ORM
queries cost more than running them (the seed's NMI source: 20 ms in process, ten queries)."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import RowNumber

from missions.languages import CONTENT_LANGUAGES, column
from missions.models import Mission, Record, Source, Status

from .derived import DerivedTable
from .registry import PUBLIC_TYPES
from .statements import sql_of

# A sentence of a source page names at most this many of the records citing it, then says how
# many more do: at 10,000 decisions citing the same sentences, naming them all made a page of
# 800 KB that took a second to render.
CITED_BY_SHOWN = 10

# What a named record needs: its address and its name in every language.
NAME_COLUMNS = tuple(column("name", language) for language in CONTENT_LANGUAGES)
# The columns of a citing record a source's page reads.
_CITING_COLUMNS = ("id", "slug", *NAME_COLUMNS)


# The kinds of record that cite sources, in the registry's order (a source cites none).
CITING_KINDS = tuple(kind for kind in PUBLIC_TYPES if issubclass(kind.model, Record))
# Each kind's citing columns in its model's order, which ``Model.from_db`` takes them in.
_IN_MODEL_ORDER = {
    kind.model: [
        field.attname
        for field in kind.model._meta.concrete_fields
        if field.attname in _CITING_COLUMNS
    ]
    for kind in CITING_KINDS
}


def public_citing_records():
    """For each kind of record, the records the public sees where they are shown: published,
    and, for those shown on their mission's page only, with that mission published. As
    (model, queryset) pairs, in the registry's order."""
    for kind in CITING_KINDS:
        queryset = kind.model.objects.published()
        if hasattr(kind.model, "mission"):
            queryset = queryset.select_related("mission")
        if kind.shown_on == "public:mission-detail":
            queryset = queryset.filter(mission__status=Status.PUBLISHED)
        yield kind.model, queryset


@dataclass(frozen=True)
class Citing:
    """The public records citing one sentence: the first ``CITED_BY_SHOWN``, and how many more."""

    records: list
    more: int


def _derive():
    """Every kind's first ``CITED_BY_SHOWN`` public records citing each sentence, ranked, with
    their number, the sentence's source and what names each record, joined with UNION ALL."""
    selects, parameters = [], []
    for index, (model, queryset) in enumerate(public_citing_records()):
        sql, params = _ranked(model, queryset)
        selects.append(
            f"SELECT cited, {index} AS kind, rank, record, total, source, slug, mission_slug,"
            f" {', '.join(NAME_COLUMNS)} FROM ({sql}) ranked WHERE rank <= %s"
        )
        parameters += [*params, CITED_BY_SHOWN]
    return " UNION ALL ".join(selects), parameters


def _ranked(model, queryset):
    """One kind's records citing each sentence, as (citation, pk, rank among that sentence's
    citers of the kind, their number, the citation's source, slug, mission's slug, names),
    ranked in the model's order as the ORM orders them (a mission by its own order)."""
    order_by = [
        expression for expression, _ in queryset.query.get_compiler(connection.alias).get_order_by()
    ]
    has_mission = hasattr(model, "mission")
    ranked = (
        queryset.filter(citations__isnull=False)
        .annotate(
            cited=F("citations"),
            record=F("pk"),
            rank=Window(RowNumber(), partition_by=F("citations"), order_by=order_by),
            total=Window(Count("pk"), partition_by=F("citations")),
            source=F("citations__source"),
            mission_slug=F("mission__slug") if has_mission else Value(None, CharField()),
        )
        .order_by()
        .values_list(
            "cited", "record", "rank", "total", "source", "slug", "mission_slug", *NAME_COLUMNS
        )
    )
    return sql_of(ranked)


# A kind is named by its place in the registry (``CITING_KINDS``), which a deploy may change;
# every deploy's ``migrate`` derives the table again.
CITING_RECORDS = DerivedTable(
    "missions_citing_record",
    (
        "citation_id",
        "kind",
        "rank",
        "record_id",
        "total",
        "source_id",
        "slug",
        "mission_slug",
        *NAME_COLUMNS,
    ),
    _derive,
)

# Each row of a source's sentences: (kind, citation, pk, rank, total, slug, mission's slug, names).
_READING = (
    "SELECT kind, citation_id, record_id, rank, total, slug, mission_slug,"
    f" {', '.join(NAME_COLUMNS)} FROM {CITING_RECORDS.name} WHERE source_id = %s"
)


def cited_counts():
    """How many sentences of each published source records the public sees cite:
    ``{source pk: count}``, which the page of sources shows for each: from the table of citing
    records, in one query while it is current."""
    return dict(
        CITING_RECORDS.read(
            f"SELECT r.source_id, COUNT(DISTINCT r.citation_id) FROM {CITING_RECORDS.name} r"
            f" JOIN {Source._meta.db_table} s ON s.id = r.source_id"
            " WHERE s.status = %s GROUP BY r.source_id",
            [Status.PUBLISHED],
            prepared=True,
        )
    )


def citing_records(source_pk):
    """``{citation pk: Citing}`` for the citations of the source ``source_pk`` that public
    records cite, in one query while the table is current."""
    rows = CITING_RECORDS.read(_READING, [source_pk])
    rows.sort(key=lambda row: (row[1], row[0], row[3]))  # citation, kind, rank
    found = {}
    for kind, citation, pk, _rank, total, slug, mission_slug, *names in rows:
        # Made as the ORM makes a record it reads (the other columns deferred, never read):
        # setting every column's default for each of a page's citing records took a third of it.
        model = CITING_KINDS[kind].model
        values = dict(zip(_CITING_COLUMNS, (pk, slug, *names), strict=True))
        record = model.from_db(
            None, _CITING_COLUMNS, [values[name] for name in _IN_MODEL_ORDER[model]]
        )
        if mission_slug is not None:
            record.mission = Mission(slug=mission_slug)
        records, counts = found.setdefault(citation, ([], {}))
        records.append(record)
        counts[kind] = total
    citing = {}
    for citation, (records, counts) in found.items():
        shown = records[:CITED_BY_SHOWN]
        citing[citation] = Citing(shown, sum(counts.values()) - len(shown))
    return citing
