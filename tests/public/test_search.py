"""/search/: published records by name, summary and description, grouped by type."""

from http import HTTPStatus

import pytest
from django.db import connection

from bench.data import add_decisions
from missions.models import Decision, Institution, Status
from missions.public.search import SEARCHABLE_TYPES, passage, postgres_match, query_words
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


def test_each_result_shows_the_passage_that_matched_with_the_words_marked(client, seeded):
    Institution.objects.create(
        name="Border Guard Directorate",
        slug="border-guard-directorate",
        status=Status.PUBLISHED,
        engagement=" ".join(["Advice on staffing and logistics."] * 12)
        + " The directorate trains customs & border officers at the crossings."
        + " More advice follows."
        + " Then more words after it." * 10,
    )
    response = client.get("/search/", {"q": "customs Officers"})
    assert response.status_code == HTTPStatus.OK
    assert (
        "… Advice on staffing and logistics. The directorate trains "
        "<mark>customs</mark> &amp; border <mark>officers</mark> at the crossings."
    ) in response.text
    assert "Then more words after it.…" not in response.text
    assert response.text.count("<mark>") == 2


def test_a_passage_marks_the_words_search_stems_and_escapes_the_rest():
    assert passage("Training <b>staff</b>", query_words("trained")) == (
        "<mark>Training</mark> &lt;b&gt;staff&lt;/b&gt;"
    )
    assert passage("Police and policing", query_words("POLICE")) == (
        "<mark>Police</mark> and policing"
    )
    assert passage("Nothing to mark here", query_words("-- !")) == "Nothing to mark here"
    long_text = " ".join(f"word{number}" for number in range(100))
    assert passage(long_text, query_words("nothing")) == " ".join(long_text.split()[:40]) + "…"
