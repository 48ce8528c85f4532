"""SQLite's full-text index of the searchable texts (migration 0006), kept true lazily.

Every change to the record replaces the content version (``missions.models.ContentVersion``) in
its own transaction, as the page cache requires. The index names the content version it was built
from; each search compares the two in one query and, when they differ, rebuilds the whole index
in a fixed number of queries (one ``INSERT ... SELECT`` per searchable kind: no row goes through
Python). So nothing that changes content can leave the index behind, whether a save, a restore,
a bulk write that sends ``content_replaced`` or a migration, and the public site needs no signal
of its own; the price is a rebuild on the first search after each change. A search within a
transaction that changed content sees the change, as the version it reads is the transaction's.

The index holds drafts too: search filters on the records' status in their own tables, so
publishing or unpublishing is seen at once, as every other change is.
"""

import re

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from missions.models import ContentVersion

INDEX = "missions_search_index"
BUILT_FROM = "missions_search_index_built_from"
CURRENT_VERSION = f"(SELECT version FROM {ContentVersion._meta.db_table} WHERE id = 1)"


def kind(searchable):
    return searchable.model._meta.label_lower


def keep_current(searchable_types):
    """Rebuild the index if content changed since it was built (one query when it did not)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version IS NOT {CURRENT_VERSION} FROM {BUILT_FROM}")
        (stale,) = cursor.fetchone()
    if stale:
        rebuild(searchable_types)


def rebuild(searchable_types):
    """Index every record of ``searchable_types`` afresh, unless another process, waiting for
    the same write lock, rebuilt it from the current version meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {BUILT_FROM} SET version = {CURRENT_VERSION} "
            f"WHERE version IS NOT {CURRENT_VERSION}"
        )
        if not cursor.rowcount:
            return
        cursor.execute(f"DELETE FROM {INDEX}")
        for searchable in searchable_types:
            cursor.execute(insert_rows(searchable), [kind(searchable)])


def insert_rows(searchable):
    """The statement that indexes every record of one kind: its names, summaries and
    descriptions, each the fields of the group joined by spaces."""
    meta = searchable.model._meta

    def texts(fields):
        columns = [f"COALESCE(\"{meta.get_field(field).column}\", '')" for field in fields]
        return " || ' ' || ".join(columns) or "''"

    return (
        f"INSERT INTO {INDEX} (kind, pk, names, summaries, descriptions) "
        f'SELECT %s, "{meta.pk.column}", {texts(searchable.name_fields)}, '
        f"{texts(searchable.summary_fields)}, {texts(searchable.description_fields)} "
        f'FROM "{meta.db_table}"'
    )


def match_expression(query):
    """The FTS5 query for every word of ``query`` (each quoted, so that no word is read as an
    operator), or "" when it has none."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", query))


def matching(searchable, expression):
    """The primary keys of the kind's records the index matches ``expression`` with."""
    return RawSQL(
        f"SELECT pk FROM {INDEX} WHERE {INDEX} MATCH %s AND kind = %s",
        (expression, kind(searchable)),
    )


def matching_names(searchable, expression):
    """The same, the words all found in the records' names."""
    return matching(searchable, f"{{names}} : ({expression})")
