"""/search/: published records by name, summary and description, grouped by type."""

from http import HTTPStatus

import pytest
from django.db import connection

from bench.data import add_decisions
from missions.models import Decision, Institution, Status
from missions.public.search import SEARCHABLE_TYPES, postgres_match
from tests.public.pages import Page


def results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    page = Page(response.text)
    groups, current = {}, None
    for level, text in page.headings:
        if level == 2 and text != "Sources":
            current = text.split(" (")[0]
            groups[current] = []
        elif level == 3 and current:
            groups[current].append(text)
    return groups


def test_search_groups_results_by_type(client, seeded):
    groups = results(client, "Federal Police")
    assert "Federal Police Command" in groups["Institutions"]
    assert "North Atlantic Council expands the scope of NMI" in groups["Decisions"]


def test_search_finds_words_in_descriptions_and_statements(client, seeded):
    assert "Sovereignty and territorial integrity" in results(client, "sovereignty")["Principles"]
    assert "2020 Global Terrorism Index: Iraq" in results(client, "casualties")["Key facts"]
    assert "European Union" in results(client, "coordinates")["Partners"]


def test_a_match_in_the_name_ranks_first(client, seeded):
    Institution.objects.create(
        name="Training Directorate",
        slug="training-directorate",
        status=Status.PUBLISHED,
        engagement="Not related.",
    )
    Institution.objects.filter(slug="ministry-of-defence").update(
        engagement="Ministry staff attend training."
    )
    assert results(client, "training")["Institutions"][0] == "Training Directorate"


def test_search_leaves_out_drafts(client, seeded):
    Institution.objects.filter(slug="federal-police-command").update(status=Status.DRAFT)
    assert "Federal Police Command" not in results(client, "police").get("Institutions", [])


def test_every_word_must_match(client, seeded):
    groups = results(client, "federal unicorn")
    assert groups == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgresql_search_matches_word_forms(client, seeded):
    assert "Ministry of Interior" in results(client, "counselling ministries")["Institutions"]


def test_an_empty_search_shows_the_form_only(client, seeded):
    response = client.get("/search/", {"q": "   "})
    page = Page(response.text)
    assert response.status_code == HTTPStatus.OK
    assert [level for level, _ in page.headings] == [1]
    assert '<input type="search" name="q" id="id_q" maxlength="200"' in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_postgresql_searches_decisions_through_their_index(seeded):
    add_decisions(2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE missions_decision")
    searchable = next(kind for kind in SEARCHABLE_TYPES if kind.model is Decision)
    plan = postgres_match(searchable, "police").explain()
    assert "Bitmap Index Scan on decision_search" in plan
