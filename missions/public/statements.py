"""SQL statements the ORM builds once and the public pages run again and again.

A page's queries cost more to build and compile (the ORM's query objects, then their SQL) than
to run: compiling alone took 13-22 ms of a search on PostgreSQL, running its statements 3-4.
Where a page's query differs from one request to the next only in a value (a source's key, a
reader's words), the ORM builds it once with a stand-in for that value, and the page runs its
SQL with the stand-in replaced (``compiled``). Rows read that way are converted as the ORM
converts them (``converted``). Records are made from them as the ORM makes them (``records``,
``count``; ``RecordList`` for a list's pages). Related records are read the same
way (``prefetch``), all of a page's relations by one statement (``_together``): Django's prefetch
builds, filters and compiles a query for each relation on every request, which cost a mission's
page 3.8 of its 14 ms. The statements whose best plan is
the same whatever their values are prepared on PostgreSQL (``cursor``).
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connection, connections
from django.db.models import F
from django.db.models.query import get_related_populators
from django.utils import translation
from psycopg.pq import Format

from missions.timestamps import TIMESTAMPTZ

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


@contextmanager
def cursor(prepared=False):
    """A cursor of the default database. With ``prepared``, on PostgreSQL (unless the setting
    ``DJANGO_PREPARED_STATEMENTS`` is off), the database parses and plans each statement once
    per connection, then runs it by name with each request's values: planning took more of the
    server's time than running the public pages' statements (the mission page's nine, as it had
    then: 2.8 -> 1.0 ms of the server's CPU a page at 10 decisions). Only for a statement whose
    best plan is the same whatever its values: one without values, or whose values are the keys
    or slugs of the records it reads, or of the records it reads for (a prefetch, a page's
    citations), and search's, written for it (``search._search_statement``). Where the values
    narrow a list (an institution's decisions, how many a mission has), one plan for every value
    is wrong for some: made once for an institution's 10,000 decisions, it read them all for an
    institution with one (0.6-0.8 -> 10.8 ms). While Django logs queries (DEBUG, a test counting
    them), none is prepared: psycopg keeps no text of them for Django's log.

    A prepared statement runs on psycopg's own server-binding cursor (Django's bind values on
    the client, which psycopg never prepares), with the checks Django's cursor makes before it
    runs a statement and its errors translated as Django translates them, but without Django's
    cursor wrapper, which nothing needs while queries are not logged: without it a small
    statement costs the page 62 µs of CPU instead of 77."""
    database = connections[DEFAULT_DB_ALIAS]
    if not _prepares(database, prepared) or database.execute_wrappers:
        with database.cursor() as unprepared:
            yield unprepared
        return
    from django.db.backends.postgresql.base import ServerBindingCursor
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    database.close_if_health_check_failed()
    database.ensure_connection()
    database.validate_thread_sharing()
    database.validate_no_broken_transaction()
    with database.wrap_database_errors, ServerBindingCursor(database.connection) as prepared:
        # As Django's cursors do: a time zone the connection's loader was not made for (a
        # setting changed since it connected) is the cursor's own.
        loader = database.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        if loader.timezone != database.timezone:
            register_tzloader(database.timezone, prepared)
        yield prepared


def _prepares(database, prepared):
    return (
        prepared
        and database.settings_dict["OPTIONS"].get("prepare_threshold") is not None
        and not database.queries_logged
    )


def fetched(sql, parameters, prepared=False):
    """The rows ``sql`` finds with ``parameters``; ``prepared``, see ``cursor``. A statement a
    connection prepared before a migration changed its columns' types fails ("cached plan must
    not change result type") until the connection forgets its prepared statements: it does so
    once, and runs the statement again. In a transaction (an editor's preview), which the
    failure has ended, the connection is closed instead, so that the next request prepares
    afresh on a new one."""
    try:
        return _fetched(sql, parameters, prepared)
    except NotSupportedError:
        if not _prepares(connections[DEFAULT_DB_ALIAS], prepared):
            raise
        if connection.in_atomic_block:
            connection.close()
            raise
        with connection.cursor() as database:
            database.execute("DEALLOCATE ALL")  # psycopg forgets them too
        return _fetched(sql, parameters, prepared)


def _fetched(sql, parameters, prepared):
    with cursor(prepared) as database:
        database.execute(sql, parameters)
        return database.fetchall()


def shared(sql, parameters):
    """``sql`` with one named placeholder for each distinct value of ``parameters`` (its
    ``%s``, in order), and ``{name: value}``: where a statement repeats a value (a search's
    words), PostgreSQL then sees one parameter, as it would see one constant."""
    names, values = {}, iter(parameters)

    def named(placeholder):
        if placeholder.group() == "%%":
            return "%%"
        value = next(values)
        name = names.setdefault((type(value), value), f"p{len(names)}")
        return f"%({name})s"

    sql = _PLACEHOLDERS.sub(named, sql)
    return sql, {name: value for (_, value), name in names.items()}


# A placeholder, or a per cent sign written as one ("%%") in SQL with placeholders.
_PLACEHOLDERS = re.compile("%%|%s")


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


@dataclass(frozen=True)
class RecordStatement:
    """A queryset compiled once: its SQL and parameters, with stand-ins for the values that
    change from one request to the next, and how the ORM makes model instances of its rows."""

    sql: str
    parameters: list
    stand_ins: dict
    compiler: object
    converters: dict
    model: type
    columns: slice
    attnames: list
    related_populators: list
    annotations: dict

    @classmethod
    def of(cls, queryset, stand_ins):
        """``queryset``'s statement; each of ``stand_ins`` must be one of its parameters."""
        compiler = queryset.query.get_compiler(connection.alias)
        sql, parameters = compiler.as_sql()
        parameters = _checked(list(parameters), stand_ins, queryset.model)
        klass_info = compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return cls(
            sql=sql,
            parameters=parameters,
            stand_ins={stand_in: index for index, stand_in in enumerate(stand_ins)},
            compiler=compiler,
            converters=compiler.get_converters([column for column, _, _ in compiler.select]),
            model=klass_info["model"],
            columns=slice(first, last),
            attnames=[column.target.attname for column, _, _ in compiler.select[first:last]],
            related_populators=get_related_populators(
                klass_info, compiler.select, connection.alias
            ),
            annotations=compiler.annotation_col_map,
        )

    def records(self, values, rows=None, prepared=False):
        """The records the queryset finds with ``values`` in its stand-ins' places, made as the
        ORM makes them (related records selected with them, annotations set); with ``rows`` (a
        slice), only those the queryset sliced so would find; ``prepared``, see ``cursor``."""
        return self.made(fetched(*self.statement(values, rows), prepared))

    def statement(self, values, rows=None):
        """The SQL and parameters that find the records of ``records``."""
        sql = self.sql
        if rows is not None:
            sql = f"{sql} {connection.ops.limit_offset_sql(rows.start, rows.stop)}"
        return sql, _bound(self.parameters, self.stand_ins, values)

    def parts(self):
        """The statement's select list, the rest up to its ``ORDER BY``, and its ordering, as
        SQL; None where the SQL is not written as the compiler's parts say."""
        quote_name = connection.ops.quote_name
        columns = ", ".join(
            f"{sql} AS {quote_name(alias)}" if alias else sql
            for _, (sql, _parameters), alias in self.compiler.select
        )
        ordering = self.compiler.get_order_by()
        order = ", ".join(sql for _, (sql, _parameters, _is_ref) in ordering)
        head, tail = f"SELECT {columns} FROM ", f" ORDER BY {order}" if order else ""
        plain = not any(
            parameters or is_ref for _, (_sql, parameters, is_ref) in ordering
        ) and not any(parameters for _, (_sql, parameters), _ in self.compiler.select)
        if not (plain and self.sql.startswith(head) and self.sql.endswith(tail)):
            return None
        return columns, self.sql[len(head) : len(self.sql) - len(tail)], order

    def made(self, found):
        """The records of the rows ``found``, made as the ORM makes them."""
        if self.converters:
            found = self.compiler.apply_converters(found, self.converters)
        alias = connection.alias
        records = []
        for row in found:
            record = self.model.from_db(alias, self.attnames, row[self.columns])
            for populator in self.related_populators:
                populator.populate(row, record)
            for name, position in self.annotations.items():
                setattr(record, name, row[position])
            records.append(record)
        return records


def _checked(parameters, stand_ins, model):
    """``parameters``, once each of ``stand_ins`` is found among them exactly once."""
    if sorted(value for value in parameters if value in stand_ins) != sorted(stand_ins):
        raise ValueError(f"{model.__name__}'s query names its values otherwise.")
    return parameters


def _bound(parameters, stand_ins, values):
    """``parameters`` with each stand-in (``{stand-in: position}``) replaced by its value."""
    return [
        values[stand_ins[value]] if type(value) in (int, str) and value in stand_ins else value
        for value in parameters
    ]


def _stand_ins(values):
    """A stand-in for each value, of its type (a key or a slug), that no record holds: for the
    values of ``records`` and ``count``, and the keys of the records ``prefetch`` reads for."""
    return [
        -7_200_001 - index if type(value) is int else f"nmi-stand-in-{index}"
        for index, value in enumerate(values)
    ]


def records(name, queryset, *values, rows=None, prepared=False):
    """The records ``queryset(*values)`` finds, made as the ORM makes them; with ``rows`` (a
    slice), only those ``queryset(*values)[rows]`` finds, from the same statement whatever the
    slice. The query is the same for every request under ``name`` but for ``values`` (keys or
    slugs): its statement is built once per name, language and database (``compiled``), with
    stand-ins in the values' places, where a page built and compiled it on every request. It is
    prepared (``cursor``) when it has no values, or when the caller says its best plan is the same
    whatever they are (``prepared``)."""
    stand_ins = _stand_ins(values)
    statement = compiled(
        "records",
        lambda *_: RecordStatement.of(queryset(*stand_ins), stand_ins),
        name,
        translation.get_language(),
    )
    return statement.records(values, rows, prepared=prepared or not values)


def count(name, queryset, *values):
    """How many records ``queryset(*values)`` finds, its statement built once as ``records``
    builds its own, and prepared as ``records`` prepares its own when it has no values."""
    stand_ins = _stand_ins(values)

    def build(*_):
        counted = queryset(*stand_ins)
        sql, parameters = sql_of(counted.order_by().values("pk"))
        parameters = _checked(parameters, stand_ins, counted.model)
        return f"SELECT COUNT(*) FROM ({sql}) counted", parameters

    sql, parameters = compiled("count", build, name, translation.get_language())
    positions = {stand_in: index for index, stand_in in enumerate(stand_ins)}
    return fetched(sql, _bound(parameters, positions, values), prepared=not values)[0][0]


class RecordList:
    """The records of the queryset ``queryset()`` makes, as Django's paginator reads them:
    counted, then sliced a page at a time, by statements built once under ``name`` (``count``,
    ``records``), where the paginator built and compiled both queries on every request. A page
    that knows how many there are already (``known_count``) is spared the count."""

    def __init__(self, name, queryset, known_count=None):
        self.name = name
        self.queryset = queryset
        self.known_count = known_count

    def count(self):
        if self.known_count is not None:
            return self.known_count
        return count(self.name, self.queryset)

    def __getitem__(self, rows):
        return records(self.name, self.queryset, rows=rows)


def record_by_slug(name, queryset, slug):
    """The record of the queryset ``queryset()`` makes with ``slug``, or None: a record's page,
    which built and compiled its query, with the related records it selects, on every
    request (``records``)."""
    found = records(name, lambda stand_in: queryset().filter(slug=stand_in), slug, prepared=True)
    return found[0] if found else None


def select_once(records, *names, name, known=()):
    """What ``select_related(*names)`` gives each of ``records`` (foreign keys), with each
    related record made once for all of them: those among ``known`` (records the page has read
    already, as the timeline's filter has its bodies) as they are, the others by one statement
    for each related model, built once (``records_by_key``, under ``name``). A join made the
    related record again for every row: a page of the timeline made its few bodies a hundred
    times at 10,000 decisions."""
    if not records:
        return
    fields = [type(records[0])._meta.get_field(field_name) for field_name in names]
    found = {field.related_model: {} for field in fields}
    for record in known:
        if type(record) in found:
            found[type(record)][record.pk] = record
    for model, by_key in found.items():
        keys = {
            getattr(record, field.attname)
            for field in fields
            if field.related_model is model
            for record in records
        }
        missing = sorted(keys - by_key.keys() - {None})
        if missing:
            by_key.update((record.pk, record) for record in records_by_key(name, model, missing))
    for field in fields:
        by_key = found[field.related_model]
        for record in records:
            field.set_cached_value(record, by_key.get(getattr(record, field.attname)))


def records_by_key(name, model, keys):
    """The records of ``model`` with ``keys``, drafts too, as a foreign key reads them: by a
    statement built once for each model and number of keys."""
    return records(
        f"{name}: {model.__name__} ({len(keys)})",
        lambda *stand_ins: model._base_manager.filter(pk__in=stand_ins),
        *keys,
        prepared=True,
    )


# The annotation that says which record a related record was read for.
_OWNER = "prefetch_owner"


def prefetch(records, *lookups, name):
    """What Django's ``prefetch_related_objects(records, *lookups)`` does, for ``Prefetch``
    lookups of one relation (a reverse foreign key, or many-to-many either way), with the
    statement of each built once (``compiled``, under ``name``: the page's) for as many records
    in each language. A relation read into the record's cache holds an empty queryset filled with
    the records found, as Django's holds its own: ``.all()`` gives them; filtering it further
    finds nothing rather than every record of the table."""
    if not records:
        return
    model = type(records[0])
    keys = [record.pk for record in records]
    language = translation.get_language()
    statements = [
        compiled("prefetch", _related_statement, name, model, lookup, len(keys), language)
        for lookup in lookups
    ]
    together = compiled("prefetch together", _together, name, model, lookups, len(keys), language)
    if together is None:
        rows = [fetched(*statement.statement(keys), prepared=True) for statement, _ in statements]
    else:
        rows = together.rows(keys)
    for lookup, (statement, back), found_rows in zip(lookups, statements, rows, strict=True):
        found = {}
        reverse_foreign_key = model._meta.get_field(lookup.prefetch_through).one_to_many
        for related in statement.made(found_rows):
            found.setdefault(getattr(related, _OWNER), []).append(related)
        for record in records:
            related = found.get(record.pk, [])
            if reverse_foreign_key:
                for each in related:
                    setattr(each, back, record)
            if lookup.to_attr:
                setattr(record, lookup.to_attr, related)
            else:
                held = lookup.queryset.none()
                held._result_cache, held._prefetch_done = related, True
                cache = record.__dict__.setdefault("_prefetched_objects_cache", {})
                cache[lookup.prefetch_to] = held


def _related_statement(name, model, lookup, count, language):
    """The statement reading ``lookup``'s records for ``count`` records of ``model``, filtered
    as Django's prefetch filters them. A sliced queryset (each record's first related records)
    is refused: ranking every related record of every record, as Django's prefetch does, read
    all 10,000 decisions of one institution for its first; a record's page reads them with
    ``records`` (a plain ``LIMIT``), a list from a table derived from the record (``derived``)."""
    relation = model._meta.get_field(lookup.prefetch_through)
    if lookup.queryset is None or not (relation.one_to_many or relation.many_to_many):
        raise ValueError(
            f"{name}: {model.__name__}.{lookup.prefetch_through} needs a Prefetch with a queryset"
            " of a reverse foreign key or a many-to-many relation."
        )
    if lookup.queryset.query.is_sliced:
        raise ValueError(
            f"{name}: {model.__name__}.{lookup.prefetch_through} is sliced; read each record's"
            " first related records from a table derived from the record instead."
        )
    back = relation.field.name if relation.auto_created else relation.related_query_name()
    stand_ins = _stand_ins(range(count))
    related = lookup.queryset.filter(**{f"{back}__in": stand_ins}).annotate(**{_OWNER: F(back)})
    return RecordStatement.of(related, stand_ins), back


@dataclass(frozen=True)
class RelatedTogether:
    """The statements of a page's prefetches as one (``_together``): each one's rows numbered in
    its own order and padded with NULLs to columns of its own, one statement after the other."""

    sql: str
    statements: list
    columns: list  # (first, last) column of each statement's rows

    def rows(self, keys):
        """Each statement's rows for the records with ``keys``, as it would have read them."""
        parameters = [
            value for statement in self.statements for value in statement.statement(keys)[1]
        ]
        found = [[] for _ in self.statements]
        for row in fetched(self.sql, parameters, prepared=True):
            first, last = self.columns[row[0]]
            found[row[0]].append(row[first:last])
        return found


def _together(name, model, lookups, count, language):
    """The prefetches ``lookups`` of ``count`` records of ``model`` read by one statement, where
    each cost the page a statement of its own: a mission's five, 80-110 µs of its CPU each. Each
    prefetch's rows are numbered in its own order (``ROW_NUMBER``) and kept in columns of its
    own (the others NULL), so that one statement reads them all, in their order. None for a
    single lookup, or where a statement's SQL is not written as expected (each then reads its
    own)."""
    if len(lookups) < 2:
        return None
    statements = [
        compiled("prefetch", _related_statement, name, model, lookup, count, language)[0]
        for lookup in lookups
    ]
    parts = [statement.parts() for statement in statements]
    if None in parts:
        return None
    # Each statement's columns as NULLs of their types, for the others' rows: PostgreSQL
    # matches a union's columns by type.
    nulls = [
        [
            f"CAST(NULL AS {expression.output_field.cast_db_type(connection)})"
            for expression, _, _ in statement.compiler.select
        ]
        for statement in statements
    ]
    branches, columns, start = [], [], 2
    for index, (select, rest, order) in enumerate(parts):
        padded = ", ".join(
            [*(null for others in nulls[:index] for null in others), select]
            + [null for others in nulls[index + 1 :] for null in others]
        )
        branches.append(
            f"SELECT {index}, ROW_NUMBER() OVER (ORDER BY {order or 1}), {padded} FROM {rest}"
        )
        columns.append((start, start + len(nulls[index])))
        start += len(nulls[index])
    sql = f"{' UNION ALL '.join(branches)} ORDER BY 1, 2"
    return RelatedTogether(sql, statements, columns)
