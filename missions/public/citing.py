"""Which records the public sees cite each sentence of a source: what a source's page names.

A sentence of a source page names the first ``CITED_BY_SHOWN`` public records citing it, kind by
kind in the registry's order and each kind in its model's order, then says how many more do.
Every kind is read in one statement (``citing_records``): each kind's query, ranking its records
per cited sentence with a window function, is built by the ORM once per database
(``statements.compiled``), then joined to the others with UNION ALL. The page used to run a
count subquery and a prefetch per kind, and building and compiling those dozen ORM queries cost
more than running them (the seed's NMI source: 20 ms in process, ten queries).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import RowNumber

from missions.languages import CONTENT_LANGUAGES, column
from missions.models import Citation, Mission, Record, Status

from .registry import PUBLIC_TYPES
from .statements import compiled, sql_of

# A sentence of a source page names at most this many of the records citing it, then says how
# many more do: at 10,000 decisions citing the same sentences, naming them all made a page of
# 800 KB that took a second to render.
CITED_BY_SHOWN = 10

# What a named record needs: its address and its name in every language.
NAME_COLUMNS = tuple(column("name", language) for language in CONTENT_LANGUAGES)
# The columns of a citing record a source's page reads.
_CITING_COLUMNS = ("id", "slug", *NAME_COLUMNS)
# Stands for the source's key while a kind's query is compiled; replaced in its parameters.
_SOURCE = -7_000_001


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


def cited_counts():
    """How many sentences of each published source records the public sees cite:
    ``{source pk: count}``, in one statement built once (``statements.compiled``): the page of
    sources shows it for each, and its subquery a kind cost more to build and compile than to
    run."""
    sql, parameters = compiled("cited counts", _cited_counts_statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return dict(cursor.fetchall())


def _cited_counts_statement():
    """The cited sentences are those each kind's public records cite, joined with UNION: an
    EXISTS a kind, joined with OR, took PostgreSQL 2.7 ms to plan on the seed, this 0.9."""
    cited = [queryset.order_by().values("citations") for _, queryset in public_citing_records()]
    counts = (
        Citation.objects.filter(
            pk__in=cited[0].union(*cited[1:], all=True), source__status=Status.PUBLISHED
        )
        .values_list("source")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return sql_of(counts)


@dataclass(frozen=True)
class Citing:
    """The public records citing one sentence: the first ``CITED_BY_SHOWN``, and how many more."""

    records: list
    more: int


def citing_records(source_pk):
    """``{citation pk: Citing}`` for the citations of the source ``source_pk`` that public
    records cite, in one query."""
    sql, parameters = compiled("citing records", _citing_statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, [source_pk if p == _SOURCE else p for p in parameters])
        rows = cursor.fetchall()
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


def _citing_statement():
    """Every kind's records citing a sentence of the source ``_SOURCE`` stands for, ranked."""
    selects, parameters = [], []
    for index, (model, queryset) in enumerate(public_citing_records()):
        sql, params = _ranked(model, queryset)
        selects.append(f"SELECT {index} AS kind, ranked.* FROM ({sql}) ranked WHERE rank <= %s")
        parameters += [*params, CITED_BY_SHOWN]
    return " UNION ALL ".join(selects), parameters


def _ranked(model, queryset):
    """One kind's records citing a sentence of the source ``_SOURCE`` stands for, as (citation,
    pk, rank among that sentence's citers of the kind, their number, slug, mission's slug,
    names), ranked in the model's order as the ORM orders them (a mission by its own order)."""
    order_by = [
        expression for expression, _ in queryset.query.get_compiler(connection.alias).get_order_by()
    ]
    mission_slug = (
        F("mission__slug") if hasattr(model, "mission") else Value(None, output_field=CharField())
    )
    ranked = (
        queryset.filter(citations__source_id=_SOURCE)
        .annotate(
            cited=F("citations"),
            rank=Window(RowNumber(), partition_by=F("citations"), order_by=order_by),
            total=Window(Count("pk"), partition_by=F("citations")),
            mission_slug=mission_slug,
        )
        .order_by()
        .values_list("cited", "pk", "rank", "total", "slug", "mission_slug", *NAME_COLUMNS)
    )
    sql, params = sql_of(ranked)
    if params.count(_SOURCE) != 1:
        raise ValueError(f"{model.__name__}'s citing query names the source other than once.")
    return sql, params
