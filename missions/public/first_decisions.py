"""Each institution's first public decision, as the list of institutions shows it ("since July
2018, by the decision ..."), read from a table kept true lazily (migration 0010).

Finding it on each request meant ranking every published decision of the page's institutions
to keep the first of each: at 10,000 decisions of one institution, PostgreSQL read and sorted
them all (14-17 ms of a 19 ms page). A plain ``LIMIT`` for each institution reads an index
instead, but costs PostgreSQL about 0.1 ms to plan each, more than the ranking on a small record
(``bench/README.md``). So the answer for every institution is worked out once per content
version, in one ``INSERT ... SELECT``, as search keeps its indexes (``search_index``): every
change to the record replaces the content version in its own transaction, whether a save, a
restore, a bulk write that sends ``content_replaced`` or a migration; the table names the version
it was worked out from, and the list compares the two in the query that reads it. The price is
that the first list of institutions after each change works the table out again (one statement
for every institution; at 10,000 decisions as long as the ranking took for one page).
"""

from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from missions.models import Decision

from .citing import NAME_COLUMNS
from .search_index import CURRENT_VERSION, stale
from .statements import compiled, converted, sql_of

FIRST_DECISIONS = "missions_first_decision"
BUILT_FROM = "missions_first_decision_built_from"
# Oldest first: the order of "since when, by which decision" (ties by key, so that two decisions
# of the same date and name give the same first every time the table is worked out).
OLDEST_FIRST = ("date", "name_en")
# What the list shows of the decision: its date, its address and its name in every language;
# in the model's order, which ``Model.from_db`` takes them in.
SHOWN_FIELDS = [
    field.attname
    for field in Decision._meta.concrete_fields
    if field.attname in ("id", "slug", "date", "date_precision", *NAME_COLUMNS)
]
_DATE = Decision._meta.get_field("date")


def set_first_decisions(institutions):
    """Give each of ``institutions`` its first public decision as ``public_decisions`` (a list
    of it, or an empty one), in one query while the table is current."""
    if not institutions:
        return
    rows = _read([institution.pk for institution in institutions])
    if rows[0][0]:  # Worked out from another content version.
        rebuild()
        rows = _read([institution.pk for institution in institutions])
    alias, date = connection.alias, SHOWN_FIELDS.index("date")
    found = {}
    for _stale, institution, *values in rows:
        if institution is None:  # The row saying only whether the table is current.
            continue
        values[date] = converted(_DATE, values[date])
        found[institution] = [Decision.from_db(alias, SHOWN_FIELDS, values)]
    for institution in institutions:
        institution.public_decisions = found.get(institution.pk, [])


def _read(keys):
    """Whether the table is stale, with each of ``keys``'s first decisions, or with NULLs where
    none of them has one: one row at least, so that the answer always comes."""
    decision_columns = ", ".join(f'd."{name}"' for name in SHOWN_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT built.stale, first.* FROM (SELECT {stale()} AS stale FROM {BUILT_FROM}) built"
            f" LEFT JOIN (SELECT f.institution_id, {decision_columns} FROM {FIRST_DECISIONS} f"
            f" JOIN {Decision._meta.db_table} d ON d.id = f.decision_id"
            f" WHERE f.institution_id IN ({', '.join(['%s'] * len(keys))})) first ON 1 = 1",
            keys,
        )
        return cursor.fetchall()


def rebuild():
    """Work out every institution's first public decision afresh, unless another process,
    waiting for the same write lock, did so from the current version meanwhile."""
    sql, parameters = compiled("first decisions", _first_decisions_statement)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {BUILT_FROM} SET version = {CURRENT_VERSION} WHERE {stale()}")
        if not cursor.rowcount:
            return
        cursor.execute(f"DELETE FROM {FIRST_DECISIONS}")
        cursor.execute(
            f"INSERT INTO {FIRST_DECISIONS} (institution_id, decision_id) {sql}", parameters
        )


def _first_decisions_statement():
    """Each institution's oldest published decision, as (institution, decision) rows."""
    links = Decision.institutions.through.objects.filter(
        decision__in=Decision.objects.published()
    ).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("institution"),
            order_by=[F(f"decision__{name}").asc() for name in OLDEST_FIRST] + [F("decision")],
        )
    )
    return sql_of(links.filter(rank=1).values_list("institution", "decision").order_by())
