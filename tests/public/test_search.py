"""/en/search/: published records by name, summary and description, grouped by type."""

import unicodedata
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from bench.data import add_decisions
from missions.languages import CONTENT_LANGUAGES
from missions.models import Decision, Institution, Status
from missions.public import search_index
from missions.public.search import (
    FEW_RESULTS,
    SEARCHABLE_TYPES,
    passage,
    postgres_match,
    query_words,
    records_by_key,
    without_accents,
)
from tests.public.pages import Page


def results(client, query):
    response = client.get("/en/search/", {"q": query})
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


def institution(name, engagement, status=Status.PUBLISHED):
    return Institution.objects.create(
        name=name, slug=slugify(name), status=status, engagement=engagement
    )


def test_search_groups_results_by_type(client, seeded):
    groups = results(client, "Federal Police")
    assert "Federal Police Command" in groups["Institutions"]
    assert "North Atlantic Council expands the scope of NMI" in groups["Decisions"]


def test_results_are_read_by_key_whatever_their_number(seeded):
    decisions = next(kind for kind in SEARCHABLE_TYPES if kind.model is Decision)
    Decision.objects.filter(slug="nmi-scope-expanded").update(status=Status.DRAFT)
    add_decisions(12)
    keys = list(Decision.objects.order_by("pk").values_list("pk", flat=True))
    published = set(Decision.objects.published().values_list("pk", flat=True))
    for number in range(1, len(keys) + 1):
        found = records_by_key(decisions, keys[:number])
        assert sorted(found) == [key for key in keys[:number] if key in published]
        assert all(found[key].pk == key for key in found)


def test_search_finds_words_in_descriptions_and_statements(client, seeded):
    assert "Sovereignty and territorial integrity" in results(client, "sovereignty")["Principles"]
    assert "2020 Global Terrorism Index: Iraq" in results(client, "casualties")["Key facts"]
    assert "European Union" in results(client, "coordinates")["Partners"]


def test_a_match_in_the_name_ranks_first(client, seeded):
    institution("Training Directorate", "Not related.")
    Institution.objects.filter(slug="ministry-of-defence").update(
        engagement_en="Ministry staff attend training."
    )
    assert results(client, "training")["Institutions"][0] == "Training Directorate"


def test_search_leaves_out_drafts(client, seeded):
    Institution.objects.filter(slug="federal-police-command").update(status=Status.DRAFT)
    assert "Federal Police Command" not in results(client, "police").get("Institutions", [])


def test_every_word_must_match(client, seeded):
    groups = results(client, "federal unicorn")
    assert groups == {}


def test_search_matches_word_forms(client, seeded):
    assert "Ministry of Interior" in results(client, "counselling ministries")["Institutions"]


@pytest.mark.parametrize("query", ["trained", "training", "TRAINS"])
def test_a_word_finds_the_records_saying_another_form_of_it(client, seeded, query):
    institution("Border Guard Directorate", "Advisers train its officers.")
    assert results(client, query)["Institutions"] == ["Border Guard Directorate"]


def test_a_change_shows_in_search_at_once(client, seeded):
    assert "Institutions" not in results(client, "customs")
    police = Institution.objects.get(slug="federal-police-command")
    police.engagement = "Advice to customs officers."
    police.save()
    assert results(client, "customs")["Institutions"] == ["Federal Police Command"]
    police.status = Status.DRAFT
    police.save()
    assert "Institutions" not in results(client, "customs")
    police.status = Status.PUBLISHED
    police.name = "Federal Customs Command"
    police.save()
    assert results(client, "customs")["Institutions"] == ["Federal Customs Command"]


def test_a_draft_is_never_found(client, seeded):
    institution("Secret Customs Directorate", "Customs advice.", Status.DRAFT)
    assert results(client, "customs") == {}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text index")
def test_sqlite_searches_through_its_full_text_index_rebuilt_only_after_a_change(client, seeded):
    with CaptureQueriesContext(connection) as first:
        results(client, "police")
    cache.clear()  # the page as stored would answer without a query
    with CaptureQueriesContext(connection) as second:
        results(client, "police")
    rebuilds = [query for query in first.captured_queries if "INSERT INTO" in query["sql"]]
    assert len(rebuilds) == len(SEARCHABLE_TYPES) * len(CONTENT_LANGUAGES)
    index_queries = [
        query["sql"] for query in second.captured_queries if "search_index" in query["sql"]
    ]
    # Whether the index is current, then every kind's matches in one statement.
    assert [sql.split()[0] for sql in index_queries] == ["SELECT", "SELECT"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {index_queries[1]}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan


def test_an_empty_search_shows_the_form_only(client, seeded):
    response = client.get("/en/search/", {"q": "   "})
    page = Page(response.text)
    assert response.status_code == HTTPStatus.OK
    assert [level for level, _ in page.headings] == [1]
    assert '<input type="search" name="q" id="id_q" maxlength="200"' in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_postgresql_searches_decisions_through_their_index(client, seeded):
    add_decisions(2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE missions_decision")
    searchable = next(kind for kind in SEARCHABLE_TYPES if kind.model is Decision)
    plan = postgres_match(searchable, "police").explain()
    assert "Bitmap Index Scan on decision_search_document_en " in plan
    # And so does the statement the page runs, every kind's matches at once.
    with CaptureQueriesContext(connection) as queries:
        results(client, "police")
    (statement,) = [
        q["sql"]
        for q in queries.captured_queries
        if "UNION ALL" in q["sql"] and "search_document_en" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on decision_search_document_en " in plan


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
    response = client.get("/en/search/", {"q": "customs Officers"})
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


def suggestion(client, query):
    page = Page(client.get("/en/search/", {"q": query}).text)
    return (
        page.text.split("Did you mean: ")[1].split("?")[0] if "Did you mean" in page.text else None
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_a_misspelled_word_gets_a_did_you_mean_from_the_published_texts(client, seeded):
    assert results(client, "trainnig") == {}
    assert suggestion(client, "trainnig") == "training"
    response = client.get("/en/search/", {"q": "trainnig"})
    assert '<a href="/en/search/?q=training">training</a>' in response.text
    # Stemmed as "training" is, it finds a few records: the suggestion is offered still.
    assert 0 < sum(map(len, results(client, "trainning").values())) < FEW_RESULTS
    assert suggestion(client, "trainning") == "training"
    institution("Border Guard Directorate", "Advisers give training to its officers.")
    assert suggestion(client, "Border trainnig") == "border training"
    assert suggestion(client, "training") is None
    assert suggestion(client, "xqzzv") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_a_suggestion_follows_changes_and_never_offers_a_word_of_a_draft(client, seeded):
    institution("Secret Directorate", "Advice on cryptography.", Status.DRAFT)
    assert suggestion(client, "cryptograpy") is None
    directorate = Institution.objects.get(slug="secret-directorate")
    directorate.status = Status.PUBLISHED
    directorate.save()
    assert suggestion(client, "cryptograpy") == "cryptography"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_finds_the_closest_word_through_the_trigram_index(seeded):
    search_index.keep_current(SEARCHABLE_TYPES)
    letters = "abcdefghijklmnopqrstuvwxyz"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {search_index.WORDS} (word) SELECT unnest(%s::text[])",
            [[a + b + c + "word" for a in letters for b in letters for c in letters[:10]]],
        )
        cursor.execute(f"ANALYZE {search_index.WORDS}")
        cursor.execute("EXPLAIN SELECT " + search_index.CLOSEST_WORD, ["trainnig"] * 4)
        plan = " ".join(row for (row,) in cursor.fetchall())
    assert "Index Scan using missions_search_word_trigrams" in plan
    assert "Index Cond: (word % 'trainnig'::text)" in plan


def test_accents_are_taken_off_letter_for_letter():
    """So that a word found in the bare text is marked at the same place in the text shown."""
    assert without_accents("La police fédérale, naïve — Ærø") == "La police federale, naive — Ærø"
    texts = ["", "police", "Fédérale fédérale", "أمن الشرطة الاتحادية", "Ωμέγα \u2019 \u2013 …"]
    for text in texts:
        bare = "".join(unicodedata.normalize("NFD", letter)[0] for letter in text)
        assert without_accents(text) == bare
        assert len(without_accents(text)) == len(text)
