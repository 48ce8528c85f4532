"""Fixtures shared by the whole suite."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import translation

from missions.pagecache import generation, redis


@pytest.fixture
def seeded(db):
    """The database as `make run` leaves it: the seed fixture loaded.

    Two thirds of the suite ask for it, and loaddata (500 queries: each record checked and given
    its history) takes 0.2 s on SQLite and 0.5 s on PostgreSQL. So the first test loads it and
    keeps the rows of every table it changed, and each later test in a rolled-back transaction
    that finds those tables as the first one did writes the rows back instead (SeedRows). A test
    that commits (``transaction=True``) loads the seed itself, for what commits set off."""
    rows = SEED_ROWS.get(connection.settings_dict["NAME"])
    if connection.in_atomic_block and rows is not None and rows.can_write():
        rows.write()
        return
    keep = connection.in_atomic_block and rows is None
    before = SeedRows.read() if keep else None
    call_command("loaddata", "nmi", verbosity=0)
    if keep:
        SEED_ROWS[connection.settings_dict["NAME"]] = SeedRows.read().changed_since(before)


class SeedRows:
    """The rows of the database's tables, by table; for the seed, the rows of the tables it
    changed (``rows``) and what they held before (``before``)."""

    def __init__(self, rows, before=None):
        self.rows = rows
        self.before = before

    @classmethod
    def read(cls):
        tables = connection.introspection.django_table_names(only_existing=True)
        return cls({table: read_table(table) for table in tables})

    def changed_since(self, earlier):
        """The tables whose rows differ from ``earlier``'s, with what they held then."""
        changed = {t: rows for t, rows in self.rows.items() if rows != earlier.rows[t]}
        return SeedRows(changed, {t: earlier.rows[t] for t in changed})

    def can_write(self):
        """Whether the tables the seed changes hold what they held before it was first loaded
        (no row of the seed refers to another table): a test's own records there, or a flushed
        database, send it to loaddata."""
        return all(read_table(table) == rows for table, rows in self.before.items())

    def write(self):
        """Replace the rows of each table the seed changed by the seed's, and move PostgreSQL's
        sequences past them, as loaddata does."""
        for table, rows in self.rows.items():
            write_table(table, rows)
        models = [
            m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in self.rows
        ]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def read_table(table):
    """A table's rows, as PostgreSQL's COPY writes them (every type as text, exactly) or as
    SQLite's plain values."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                return b"".join(bytes(chunk) for chunk in copy)
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        return cursor.fetchall()


def write_table(table, rows):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(table)}")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                copy.write(rows)
        elif rows:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {quote(table)} VALUES ({placeholders})", rows)


# The seed's rows, by database name, once a test has loaded it (see ``seeded``).
SEED_ROWS = {}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by one test must not answer another.

    (Rolling a test's transaction back sends no signal, so the cache would not know.)
    """
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: LocaleMiddleware leaves the language of the last
    request active in the thread, so a test's reverse() after another test's French request would
    give a French address."""
    yield
    translation.deactivate()


class Clock:
    """A monotonic clock that stands still until a test moves it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(autouse=True)
def page_cache_clock(monkeypatch):
    """The clock of the page cache and of its Redis client, moved by the tests that need time
    to pass.

    Standing still, it keeps the periodic check of the content version (one query) from landing
    on a request whose queries a test counts; each test starts just after such a check, with no
    Redis paused after a failure.
    """
    clock = Clock()
    monkeypatch.setattr(generation, "clock", clock)
    monkeypatch.setattr(redis, "clock", clock)
    monkeypatch.setattr(redis, "paused_until", {})
    monkeypatch.setattr(generation, "version_check", generation.VersionCheck())
    generation.version_check.done()
    return clock
