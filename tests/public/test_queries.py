"""Every public page renders in the same number of queries with 10 or with 200 decisions, in each
language, and the mission page reads its latest decisions from an index rather than sorting them
all."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missions.models import Body, Citation, Decision, Institution, Mission, Partner, Status
from missions.pagecache.generation import record_content_change
from missions.public.views import DECISIONS_ON_RECORD_PAGE
from tests.public.pages import OTHER_URLS, PAGE_TYPES, Page, in_language


def grow(decisions):
    """Add records until there are ``decisions`` decisions, 6 + half as many institutions and
    3 + a quarter as many partners, linked and cited like the seed; every seventh is a draft."""
    nmi = Mission.objects.get(slug="nmi")
    council = Body.objects.get(slug="north-atlantic-council")
    citations = list(Citation.objects.all())
    start = Decision.objects.count()
    new_decisions = Decision.objects.bulk_create(
        Decision(
            name=f"Police decision {number:03}",
            slug=f"police-decision-{number:03}",
            status=Status.DRAFT if number % 7 == 0 else Status.PUBLISHED,
            mission=nmi,
            date=datetime.date(2018 + number % 8, 1 + number % 12, 1),
            date_precision="month",
            decided_by=council,
            action=Decision.Action.EXPAND_SCOPE,
            summary=f"Summary of police decision {number}.",
            description="What it changed.",
        )
        for number in range(start, decisions)
    )
    new_institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Police institution {number:03}",
            slug=f"police-institution-{number:03}",
            status=Status.DRAFT if number % 7 == 0 else Status.PUBLISHED,
            engagement=f"NATO advises police institution {number}.",
        )
        for number in range(Institution.objects.count(), 6 + decisions // 2)
    )
    new_partners = Partner.objects.bulk_create(
        Partner(
            name=f"Police partner {number:03}",
            slug=f"police-partner-{number:03}",
            status=Status.DRAFT if number % 7 == 0 else Status.PUBLISHED,
            engagement=f"NMI works with police partner {number}.",
        )
        for number in range(Partner.objects.count(), 3 + decisions // 4)
    )
    institutions = list(Institution.objects.all())
    Decision.institutions.through.objects.bulk_create(
        Decision.institutions.through(decision=decision, institution=institution)
        for index, decision in enumerate(new_decisions)
        for institution in {institutions[index % len(institutions)], institutions[-1]}
    )
    for model, records in (
        (Decision, new_decisions),
        (Institution, new_institutions),
        (Partner, new_partners),
    ):
        through = model.citations.through
        field = model._meta.model_name
        through.objects.bulk_create(
            through(**{field: record, "citation": citations[(index + offset) % len(citations)]})
            for index, record in enumerate(records)
            for offset in (0, 7)
        )
    nmi.institutions.add(*new_institutions)
    nmi.partners.add(*new_partners)
    record_content_change()  # as every write in bulk records its change


URLS = [*PAGE_TYPES.values(), *OTHER_URLS]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
@pytest.mark.parametrize("url", URLS)
def test_a_page_costs_the_same_queries_with_10_or_200_decisions(
    client, seeded, django_assert_num_queries, url, language
):
    url = in_language(url, language)
    with translation.override(settings.LANGUAGE_CODE):  # the records' names are English
        grow(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == HTTPStatus.OK
    with translation.override(settings.LANGUAGE_CODE):
        grow(200)
    assert Decision.objects.count() == 200
    assert Institution.objects.count() == 106
    assert Partner.objects.count() == 53
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == HTTPStatus.OK
    assert len(large) == len(small) + counting_more(small, large)


def counting_more(small, large):
    """1 where a detail page counts its decisions with 200 and did not need to with 10: it
    counts them only when it shows as many as it may (``DECISIONS_ON_RECORD_PAGE``)."""
    counts = [
        sum(query["sql"].startswith(DECISION_COUNT) for query in queries.captured_queries)
        for queries in (small, large)
    ]
    assert counts[1] - counts[0] in (0, 1), counts
    return counts[1] - counts[0]


DECISION_COUNT = 'SELECT COUNT(*) FROM (SELECT "missions_decision"."id"'


def test_a_detail_page_counts_its_decisions_only_when_it_may_have_more(client, seeded):
    """The mission page shows its latest DECISIONS_ON_RECORD_PAGE decisions: with fewer, it
    shows them all and needs no statement to count them; with more, it counts them and says
    how many there are."""
    grow(10)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/en/missions/nmi/")
    assert not [query for query in few.captured_queries if query["sql"].startswith(DECISION_COUNT)]
    assert "decisions of NMI on the timeline" not in Page(response.content.decode()).text
    grow(200)
    published = Decision.objects.published().filter(mission__slug="nmi").count()
    assert published > DECISIONS_ON_RECORD_PAGE
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/missions/nmi/")
    assert [query for query in many.captured_queries if query["sql"].startswith(DECISION_COUNT)]
    assert (
        f"The latest {DECISIONS_ON_RECORD_PAGE} of its {published} decisions"
        in Page(response.content.decode()).text
    )


@pytest.mark.parametrize(
    "url", ["/en/decisions/?page=4", "/en/institutions/?page=2", "/en/partners/police-partner-041/"]
)
def test_later_pages_cost_the_same_queries_as_the_first(
    client, seeded, django_assert_num_queries, url
):
    grow(200)
    first_url = url.split("?")[0] if "?" in url else "/en/partners/european-union/"
    # The first page in French first, which derives the tables derived from the record (the
    # institutions' first decisions) once after the change.
    assert client.get(in_language(first_url, "fr")).status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as first:
        client.get(first_url)
    with django_assert_num_queries(len(first)):
        assert client.get(url).status_code == HTTPStatus.OK


def test_a_staff_preview_costs_the_same_queries_whatever_the_data(
    admin_client, seeded, django_assert_num_queries
):
    grow(10)
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get("/en/decisions/police-decision-007/").status_code == HTTPStatus.OK
    grow(200)
    with django_assert_num_queries(len(small)):
        assert admin_client.get("/en/decisions/police-decision-007/").status_code == HTTPStatus.OK


def plan(sql):
    """How the database would run ``sql``: PostgreSQL's plan with sequential scans and sorts
    priced out (so a small test table still shows whether an index can give the order), or
    SQLite's query plan."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_the_mission_page_reads_its_latest_decisions_in_order_from_an_index(client, seeded):
    """So that the page costs the same with 10 or 100,000 decisions: no sort of them all."""
    grow(200)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/missions/nmi/").status_code == HTTPStatus.OK
    latest = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "missions_decision"."id"')
        and f"LIMIT {DECISIONS_ON_RECORD_PAGE}" in query["sql"]
    ]
    assert len(latest) == 1
    shown = plan(latest[0])
    assert "decision_mission_date_name" in shown
    assert "Sort" not in shown
    assert "TEMP B-TREE" not in shown


# A source's pages list its citations themselves: citations are their content, not footnotes.
CITING_PAGES = [url for url in PAGE_TYPES.values() if not url.startswith("/en/sources/")]


@pytest.mark.parametrize("url", CITING_PAGES)
def test_a_page_reads_the_sources_it_cites_in_one_query(client, seeded, url):
    """However many kinds of record a page shows (the mission page shows seven), their cited
    sentences come in one query, each sentence once (missions.public.footnotes.load_citations)."""
    grow(10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    reading_citations = [
        query["sql"] for query in queries.captured_queries if '"missions_citation"' in query["sql"]
    ]
    assert len(reading_citations) <= 1, reading_citations


def test_the_timeline_reads_each_list_of_choices_once(client, seeded):
    """Its filters check the chosen records and list the choices from one read of each list,
    which the timeline's drawing shares (the missions), with no server-side cursor."""
    filters = "mission=nmi&institution=federal-police-command&body=north-atlantic-council"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/decisions/?{filters}").status_code == HTTPStatus.OK
    statements = [query["sql"] for query in queries.captured_queries]
    for table in ("missions_mission", "missions_institution", "missions_body"):
        reads = [sql for sql in statements if f'FROM "{table}"' in sql]
        assert len(reads) == 1, reads
    assert not [sql for sql in statements if sql.startswith("DECLARE")]
