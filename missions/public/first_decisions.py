"""Each institution's first public decision, as the list of institutions shows it ("since July
2018, by the decision ..."), read from a table derived from the record (``derived``): finding it
on each request ranked every public decision of the page's institutions, 14-17 ms of a 19 ms page
on PostgreSQL at 10,000 decisions of one institution; deriving the table after a change takes as
long, once."""

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from missions.models import Decision

from .citing import NAME_COLUMNS
from .derived import DerivedTable
from .statements import converted, sql_of

# Oldest first: the order of "since when, by which decision" (ties by key, so that two decisions
# of the same date and name give the same first every time the table is derived).
OLDEST_FIRST = ("date", "name_en")
# What the list shows of the decision: its date, its address and its name in every language;
# in the model's order, which ``Model.from_db`` takes them in.
SHOWN_FIELDS = [
    field.attname
    for field in Decision._meta.concrete_fields
    if field.attname in ("id", "slug", "date", "date_precision", *NAME_COLUMNS)
]
_DATE = Decision._meta.get_field("date")


def _derive():
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


FIRST_DECISIONS = DerivedTable(
    "missions_first_decision", ("institution_id", "decision_id"), _derive
)


def set_first_decisions(institutions):
    """Give each of ``institutions`` its first public decision as ``public_decisions`` (a list
    of it, or an empty one), in one query while the table is current."""
    if not institutions:
        return
    keys = [institution.pk for institution in institutions]
    decision_columns = ", ".join(f'd."{name}"' for name in SHOWN_FIELDS)
    rows = FIRST_DECISIONS.read(
        f"SELECT f.institution_id, {decision_columns} FROM {FIRST_DECISIONS.name} f"
        f" JOIN {Decision._meta.db_table} d ON d.id = f.decision_id"
        f" WHERE f.institution_id IN ({', '.join(['%s'] * len(keys))})",
        keys,
        prepared=True,
    )
    alias, date = connection.alias, SHOWN_FIELDS.index("date")
    found = {}
    for institution, *values in rows:
        values[date] = converted(_DATE, values[date])
        found[institution] = [Decision.from_db(alias, SHOWN_FIELDS, values)]
    for institution in institutions:
        institution.public_decisions = found.get(institution.pk, [])
