"""Tables derived from the whole record, which public pages read rather than work out on each
request, kept true lazily (migration 0010).

Some of what a page shows depends on every record, not only on the page's: each institution's
first public decision, the first records citing each sentence of a source and their number, the
decisions of each month the timeline's drawing marks.
Working it out on each request meant ranking every related record: at 10,000 decisions, 14-17
ms of PostgreSQL for the institution list and 23-30 ms for a source's page. A plain ``LIMIT``
for each record reads an index instead, but costs PostgreSQL about 0.1 ms to plan each, more than
the ranking on a small record (``bench/README.md``). So each such answer is kept in a table of
its own, derived from the record in one ``INSERT ... SELECT``, and names the content version it
was derived from (a row of ``missions_derived_from``), as search keeps its indexes
(``search_index``): every change to the record replaces the content version in its own
transaction, whether a save, a restore, a bulk write that sends ``content_replaced`` or a
migration, so no change can leave a table behind. A page reads a table with a query that also
says whether it is still current; when it is not, the table is derived again and read again.
The price is that the first such page after each change derives the table (once: a page waiting
for another process's derivation of the same version reads its result).

The tables are not models: fixtures, backups and the admin never see them, and a restore or a
migration derives them again.
"""

from django.db import connection, transaction

from .search_index import CURRENT_VERSION, stale
from .statements import compiled

DERIVED_FROM = "missions_derived_from"


class DerivedTable:
    """A table ``name`` of ``columns``, derived by the SELECT ``derive()`` returns as (SQL,
    parameters), built once per database connection (``statements.compiled``)."""

    def __init__(self, name, columns, derive):
        self.name = name
        self.columns = columns
        self.derive = derive

    def read(self, sql, parameters):
        """The rows the SELECT ``sql`` finds in the table, once it is current: one query while
        it is. The first column of ``sql`` is never NULL."""
        rows = self._read(sql, parameters)
        if rows[0][0]:  # Derived from another content version.
            self.derive_again()
            rows = self._read(sql, parameters)
        return [row[1:] for row in rows if row[1] is not None]

    def _read(self, sql, parameters):
        """Whether the table is stale, with each row ``sql`` finds, or with NULLs where it finds
        none: one row at least, so that the answer always comes."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT derived.stale, found.* FROM (SELECT {stale()} AS stale"
                f" FROM {DERIVED_FROM} WHERE name = %s) derived LEFT JOIN ({sql}) found ON 1 = 1",
                [self.name, *parameters],
            )
            return cursor.fetchall()

    def derive_again(self):
        """Derive the table afresh, unless another process, waiting for the same write lock,
        derived it from the current version meanwhile."""
        sql, parameters = compiled("derived table", lambda _name: self.derive(), self.name)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DERIVED_FROM} SET version = {CURRENT_VERSION}"
                f" WHERE name = %s AND {stale()}",
                [self.name],
            )
            if not cursor.rowcount:
                return
            cursor.execute(f"DELETE FROM {self.name}")
            cursor.execute(f"INSERT INTO {self.name} ({', '.join(self.columns)}) {sql}", parameters)
