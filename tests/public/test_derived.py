"""The tables public pages read that are derived from the whole record
(``missions.public.derived``) are derived on the first such page after a change, and read by the
pages after it without deriving them again."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public.pages import in_language
from tests.public.test_first_decisions import decision

SOURCE_URL = "/en/sources/nato-mission-iraq/"


def derives(queries, table):
    """Whether ``queries`` derived ``table`` from the record."""
    return any(query["sql"].startswith(f"INSERT INTO {table} ") for query in queries)


def reads(queries, table):
    """Whether ``queries`` read ``table``."""
    return any(
        query["sql"].startswith("SELECT derived.stale") and table in query["sql"]
        for query in queries
    )


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/en/institutions/", "missions_first_decision"),
        (SOURCE_URL, "missions_citing_record"),
        ("/en/sources/", "missions_citing_record"),
        ("/en/decisions/", "missions_decision_period"),
    ],
    ids=["first decisions", "citing records", "cited counts", "decision periods"],
)
def test_a_table_is_derived_on_the_first_page_after_a_change_only(client, seeded, url, table):
    """Each visit in another language, so that none is answered by the page cache."""
    decision("new-decision", datetime.date(2024, 1, 1))
    visits = []
    for language in ("en", "fr"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(in_language(url, language)).status_code == HTTPStatus.OK
        visits.append(queries)
    decision("changed-decision", datetime.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as after_a_change:
        assert client.get(in_language(url, "ar")).status_code == HTTPStatus.OK
    first, second = visits
    assert derives(first, table)
    assert reads(first, table)
    assert reads(second, table)
    assert not derives(second, table)
    assert derives(after_a_change, table)
