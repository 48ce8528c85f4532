"""What public pages read that is derived from the whole record rather than worked out on each
request, kept true lazily: search's indexes (migrations 0006 and 0008, ``search_index``) and
tables of answers (migrations 0010 and 0012), each naming in ``missions_derived_from`` (0010,
0013) the content version it was derived from.

Some of what a page shows depends on every record, not only on the page's: each institution's first
public decision, the first records citing each sentence of a source and their number, the decisions
of each month the timeline's drawing marks, the words a search finds. Working it out on each request
meant ranking every related record: at 10,000 decisions, 14-17 ms of PostgreSQL for the institution
list and 23-30 ms for a source's page. A plain ``LIMIT`` for each record reads an index instead, but
costs PostgreSQL about 0.1 ms to plan each, more than the ranking on a small record
(``bench/README.md``). So each is kept in tables of its own, derived from the record in a fixed
number of statements (a table of answers in one ``INSERT ... SELECT``), and names the content
version it was derived from: every change to the record replaces the content version in its own
transaction, whether a save, a restore, a bulk write that sends ``content_replaced`` or a migration,
so no change can leave one behind. A page reads a table of answers with a query that also says
whether it is still current, and search asks first; when it is not, it is derived again and read
again. The price is that the first such page after each change derives it (once: a page waiting for
another process's derivation of the same version reads its result). A read within a transaction that
changed the record sees the change, as the version it compares is the transaction's.

None of them is a model: fixtures, backups and the admin never see them, and a restore or a
migration derives them again.
"""

from django.db import connection, transaction

from missions.models import ContentVersion

from .statements import compiled, fetched

DERIVED_FROM = "missions_derived_from"
CURRENT_VERSION = f"(SELECT version FROM {ContentVersion._meta.db_table} WHERE id = 1)"


def stale():
    """The condition that a row of ``missions_derived_from`` names another content version than
    the database's (either may be NULL: the database's is before the first change)."""
    different = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"version {different} {CURRENT_VERSION}"


class Derived:
    """Tables derived from the record together, named ``name`` in ``missions_derived_from``,
    which ``replace(cursor)`` writes afresh."""

    def __init__(self, name, replace):
        self.name = name
        self.replace = replace

    def keep_current(self):
        """Derive them again if the record changed since they were (one query when it did not)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {stale()} FROM {DERIVED_FROM} WHERE name = %s", [self.name])
            (derived_from_another,) = cursor.fetchone()
        if derived_from_another:
            self.derive_again()

    def derive_again(self):
        """Derive them afresh, unless another process, waiting for the same write lock, derived
        them from the current version meanwhile."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DERIVED_FROM} SET version = {CURRENT_VERSION}"
                f" WHERE name = %s AND {stale()}",
                [self.name],
            )
            if cursor.rowcount:
                self.replace(cursor)


class DerivedTable(Derived):
    """A table ``name`` of ``columns``, derived by the SELECT ``derive()`` returns as (SQL,
    parameters), built once per database connection (``statements.compiled``), which pages read
    (``read``)."""

    def __init__(self, name, columns, derive):
        super().__init__(name, self._insert)
        self.columns = columns
        self.derive = derive

    def read(self, sql, parameters, prepared=False):
        """The rows the SELECT ``sql`` finds in the table, once it is current: one query while
        it is. The first column of ``sql`` is never NULL. ``prepared``: see
        ``statements.cursor``."""
        rows = self._read(sql, parameters, prepared)
        if rows[0][0]:  # Derived from another content version.
            self.derive_again()
            rows = self._read(sql, parameters, prepared)
        return [row[1:] for row in rows if row[1] is not None]

    def _read(self, sql, parameters, prepared):
        """Whether the table is stale, with each row ``sql`` finds, or with NULLs where it finds
        none: one row at least, so that the answer always comes."""
        return fetched(
            f"SELECT derived.stale, found.* FROM (SELECT {stale()} AS stale"
            f" FROM {DERIVED_FROM} WHERE name = %s) derived LEFT JOIN ({sql}) found ON 1 = 1",
            [self.name, *parameters],
            prepared,
        )

    def _insert(self, cursor):
        """The table's rows afresh: its SELECT's, built once per database connection."""
        sql, parameters = compiled("derived table", lambda _name: self.derive(), self.name)
        cursor.execute(f"DELETE FROM {self.name}")
        cursor.execute(f"INSERT INTO {self.name} ({', '.join(self.columns)}) {sql}", parameters)
