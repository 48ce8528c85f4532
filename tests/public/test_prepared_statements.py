"""On PostgreSQL, the public pages' statements whose best plan is the same whatever their values
are prepared (``statements.cursor``): planned once per connection, then run by name. Those whose
values narrow a list (an institution's decisions) are planned for their values each time."""

from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from missions.models import Body
from missions.public import statements

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

INSTITUTION_PAGE = "/en/institutions/ministry-of-interior/"
THE_INSTITUTION = '"missions_institution"."slug" = $'
ITS_DECISIONS = '"missions_decision_institutions"."institution_id" = $'
PAGES = [
    "/en/",
    "/fr/missions/nmi/",
    "/en/decisions/",
    "/ar/institutions/ministry-of-interior/",
    "/en/sources/nato-mission-iraq/",
    "/en/search/?q=police",
    "/fr/search/?q=formation+police",
    "/en/search/?q=the",
]


@pytest.fixture
def no_prepared_statements(seeded):
    """The connection without the statements earlier tests prepared on it."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg forgets its own names for them too


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {statement for (statement,) in cursor.fetchall()}


def visit(client, url):
    assert client.get(url).status_code == HTTPStatus.OK


def test_a_page_prepares_its_lookups_once_and_plans_its_lists_each_time(
    client, no_prepared_statements
):
    visit(client, INSTITUTION_PAGE)
    prepared = prepared_statements()
    assert any(THE_INSTITUTION in statement for statement in prepared)
    assert not any(ITS_DECISIONS in statement for statement in prepared)

    cache.clear()  # the page again from the database, not from the page cache
    visit(client, INSTITUTION_PAGE)
    assert prepared_statements() == prepared


def test_search_prepares_its_statement_once_for_any_words(client, no_prepared_statements):
    """Its words are values of the one statement, parsed once for it."""
    for words in ("police", "training", "council"):
        visit(client, f"/en/search/?q={words}")
    matching = [s for s in prepared_statements() if "websearch_to_tsquery" in s]
    assert len(matching) == 1
    assert "(SELECT websearch_to_tsquery($" in matching[0]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_the_same_prepared_or_not(client, seeded, url):
    """Prepared, the statements run by the one plan PostgreSQL makes for any values, which it
    switches to after planning five runs for theirs."""
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        prepared = client.get(url).content
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")
    cache.clear()
    options = connection.settings_dict["OPTIONS"]
    threshold, options["prepare_threshold"] = options["prepare_threshold"], None
    try:
        planned = client.get(url).content
    finally:
        options["prepare_threshold"] = threshold
    assert prepared == planned


def test_nothing_is_prepared_with_prepared_statements_off(client, no_prepared_statements):
    options = connection.settings_dict["OPTIONS"]
    threshold, options["prepare_threshold"] = options["prepare_threshold"], None
    try:
        visit(client, INSTITUTION_PAGE)
    finally:
        options["prepare_threshold"] = threshold
    assert prepared_statements() == set()


def test_django_logs_every_statement_with_its_values(client, no_prepared_statements):
    with CaptureQueriesContext(connection) as queries:
        visit(client, INSTITUTION_PAGE)
    assert any("'ministry-of-interior'" in query["sql"] for query in queries)
    assert all(query["sql"] for query in queries)
    assert prepared_statements() == set()


@pytest.fixture
def read_body(transactional_db):
    """A body, and a reader of it by a statement prepared on its first run."""
    body = Body.objects.create(name="Council", slug="council", kind=Body.Kind.NATO)

    def read():
        return statements.records(
            "test: a body", lambda key: Body.objects.filter(pk=key), body.pk, prepared=True
        )

    assert read() == [body]
    return body, read


@contextmanager
def slug_column_retyped():
    """Another process's migration changes the type of a column the statement reads, and then
    changes it back."""
    slug = Body._meta.get_field("slug")
    alter = f"ALTER TABLE {Body._meta.db_table} ALTER COLUMN {slug.column} TYPE"
    migration = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with migration.cursor() as cursor:
            cursor.execute(f"{alter} text")
        yield
        with migration.cursor() as cursor:
            cursor.execute(f"{alter} varchar({slug.max_length})")
    finally:
        migration.close()


def test_a_statement_prepared_before_a_migration_changed_its_columns_runs_after_it(read_body):
    """The statement is prepared afresh rather than failing on every request of this
    connection."""
    body, read = read_body
    with slug_column_retyped():
        assert read() == [body]
        assert read() == [body]
    assert read() == [body]


def test_in_a_transaction_a_statement_prepared_before_a_migration_fails_once(read_body):
    """An editor's preview runs the public page in a transaction, which the failure ends: that
    request fails, and the next one, on a new connection, prepares the statement afresh."""
    body, read = read_body
    with slug_column_retyped():
        with pytest.raises(NotSupportedError), transaction.atomic():
            read()
        assert read() == [body]
    assert read() == [body]


@override_settings(USE_TZ=False)
def test_a_prepared_statement_reads_timestamps_as_django_s_cursors_do(seeded):
    """With time zones off since the connection was made, its timestamps are naive, as on
    Django's own cursors, which register a loader for the new setting."""
    prepared = statements.records("test: bodies", lambda: Body.objects.order_by("pk"))
    assert prepared[0].created_at == Body.objects.order_by("pk")[0].created_at
    assert prepared[0].created_at.tzinfo is None
