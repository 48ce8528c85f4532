"""SQL statements the ORM builds once and the public pages run again and again.

A page's queries cost more to build and compile (the ORM's query objects, then their SQL) than
to run: compiling alone took 13-22 ms of a search on PostgreSQL, running its statements 3-4.
Where a page's query differs from one request to the next only in a value (a source's key, a
reader's words), the ORM builds it once with a stand-in for that value, and the page runs its
SQL with the stand-in replaced (``compiled``). Rows read that way are converted as the ORM
converts them (``converted``).
"""

from django.db import connection

# (name, key..., database alias, vendor) -> (SQL, parameters).
_STATEMENTS = {}


def compiled(name, build, *key):
    """The (SQL, parameters) ``build(*key)`` returns, built once for ``name`` and ``key`` on
    each database connection (the SQL differs between PostgreSQL and SQLite)."""
    cache_key = (name, *key, connection.alias, connection.vendor)
    statement = _STATEMENTS.get(cache_key)
    if statement is None:
        statement = _STATEMENTS[cache_key] = build(*key)
    return statement


def sql_of(queryset):
    """A queryset's (SQL, parameters) on the default connection, without running it."""
    sql, parameters = queryset.query.get_compiler(connection.alias).as_sql()
    return sql, list(parameters)


def converted(field, value):
    """A column's ``value`` as the ORM gives it for ``field`` (SQLite gives dates as text)."""
    column = field.get_col(field.model._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
        value = converter(value, column, connection)
    return value
