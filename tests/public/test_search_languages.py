"""Search in each language: a reader finds the records by the words their page shows them, the
editors' translation where there is one, the English original where there is none; on
PostgreSQL each language's words are stemmed in that language."""

from http import HTTPStatus

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, TextField, Value, When
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bench.data import add_decisions
from missions.models import Decision, Institution, Status
from missions.public.search import (
    SEARCHABLE_TYPES,
    TEXT_SEARCH_CONFIGURATIONS,
    postgres_document,
    postgres_match,
)
from tests.public.pages import Page
from tests.public.test_queries import grow

FRENCH_SUMMARY = "La formation de la police fédérale irakienne par des conseillers de l'OTAN."
ARABIC_SUMMARY = "تدريب الشرطة الاتحادية العراقية بمساعدة مستشاري الناتو."
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text-search configurations are PostgreSQL's"
)


def search(client, language, query):
    with translation.override(language):
        url = reverse("public:search")
    response = client.get(url, {"q": query})
    assert response.status_code == HTTPStatus.OK
    return response


def found(client, language, query):
    """The names of the records found, as the result headings show them."""
    page = Page(search(client, language, query).text)
    return [text for level, text in page.headings if level == 3]


@pytest.fixture
def decision(seeded):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    decision.summary_fr = FRENCH_SUMMARY
    decision.summary_ar = ARABIC_SUMMARY
    decision.save()
    return decision


def test_a_french_reader_finds_a_record_by_its_french_translation(client, decision):
    assert decision.name in found(client, "fr", "formation")
    assert decision.name in found(client, "fr", "fédérale")


def test_a_translation_is_searched_in_its_language_only(client, decision):
    assert decision.name not in found(client, "en", "formation")
    assert decision.name not in found(client, "ar", "formation")
    assert decision.name in found(client, "ar", "الشرطة")
    assert decision.name not in found(client, "fr", "الشرطة")


def test_a_record_is_no_longer_found_by_the_english_words_its_translation_replaced(
    client, decision
):
    english_only = "advisory"  # a word of the English summary and of no other text of it
    assert english_only in decision.summary_en.split()
    assert english_only not in f"{decision.name_en} {decision.description_en}"
    assert decision.name in found(client, "en", english_only)
    assert decision.name not in found(client, "fr", english_only)


def test_an_untranslated_record_is_found_by_the_english_original_a_reader_is_shown(client, seeded):
    institution = Institution.objects.get(slug="ministry-of-interior")
    assert not institution.engagement_fr
    assert institution.name in found(client, "fr", "Interior")
    assert institution.name in found(client, "ar", "Interior")


def test_the_passage_is_in_the_language_it_is_written_in(client, decision):
    html = search(client, "fr", "formation").text
    assert "La <mark>formation</mark> de la police fédérale irakienne" in html
    passage = html.split("<mark>formation</mark>")[0].rsplit("<p", 1)[1]
    assert passage.startswith(">"), "a French passage on a French page needs no lang"

    html = search(client, "fr", "Interior").text
    passage = html.split("<mark>Interior</mark>")[0].rsplit("<p", 1)[1]
    assert passage.startswith(' lang="en">'), "an English original is marked as English"


def test_a_translation_shows_in_search_at_once_and_a_draft_never(client, decision):
    assert decision.name not in found(client, "fr", "gendarmerie")
    decision.description_fr = "La gendarmerie est conseillée aussi."
    decision.save()
    assert decision.name in found(client, "fr", "gendarmerie")
    decision.status = Status.DRAFT
    decision.save()
    assert found(client, "fr", "gendarmerie") == []


def test_accents_do_not_matter(client, decision):
    assert decision.name in found(client, "fr", "federale")
    html = search(client, "fr", "federale").text
    assert "la police <mark>fédérale</mark> irakienne" in html


@on_postgresql
def test_postgresql_stems_french_and_arabic_words(client, decision):
    assert decision.name in found(client, "fr", "formations")
    assert decision.name in found(client, "ar", "شرطة")


@on_postgresql
def test_a_misspelled_french_word_gets_a_french_suggestion(client, decision):
    html = search(client, "fr", "formaton").text
    assert "formation</a>" in html.split("Vouliez-vous dire")[1].split("</p>")[0]


@on_postgresql
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_postgresql_searches_decisions_through_their_index_in_each_language(seeded, language):
    add_decisions(2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE missions_decision")
    searchable = next(kind for kind in SEARCHABLE_TYPES if kind.model is Decision)
    plan = postgres_match(searchable, "police", language).explain()
    assert f"Bitmap Index Scan on decision_search_document_{language} " in plan


def weighted_document(searchable, language):
    """The weighted vector of a record as a reader of ``language`` reads it, built by Django's
    ``SearchVector``: each translation stemmed in its language, each English original not yet
    translated (and each text never translated) stemmed as English; names weigh A, summaries
    B, descriptions C. What migrations 0009 and 0011 store for each kind."""
    parts = []
    for fields, weight in (
        (searchable.name_fields, "A"),
        (searchable.summary_fields, "B"),
        (searchable.description_fields, "C"),
    ):
        for shown, original in searchable.columns(fields, language):
            if original is None:
                parts.append(SearchVector(shown, config="english", weight=weight))
                continue
            config = TEXT_SEARCH_CONFIGURATIONS[language]
            untranslated = Case(
                When(**{shown: ""}, then=F(original)), default=Value(""), output_field=TextField()
            )
            parts.append(SearchVector(shown, config=config, weight=weight))
            parts.append(SearchVector(untranslated, config="english", weight=weight))
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def documents(searchable, language, document):
    """Each record of the kind with ``document`` (a function of the kind and language)."""
    return dict(
        searchable.model.objects.annotate(document=document(searchable, language)).values_list(
            "pk", "document"
        )
    )


@on_postgresql
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_postgresql_stores_each_decisions_document_as_search_builds_it(decision, language):
    """Migration 0009's column of each language holds the document search ranks by, for a
    decision translated and for one not (the seed's), and follows a change at once."""
    searchable = next(kind for kind in SEARCHABLE_TYPES if kind.model is Decision)
    before = documents(searchable, language, postgres_document)
    assert before == documents(searchable, language, weighted_document)
    assert all(before.values())
    decision.description_fr = "Une mission de conseil auprès des écoles de la police."
    decision.save()
    stored = documents(searchable, language, postgres_document)
    assert stored == documents(searchable, language, weighted_document)
    assert (stored[decision.pk] != before[decision.pk]) == (language == "fr")
    # Ranking reads the stored document: no decision's is computed by a search.
    assert "to_tsvector" not in str(postgres_match(searchable, "police", language).query)


@on_postgresql
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize(
    "searchable",
    [kind for kind in SEARCHABLE_TYPES if kind.model is not Decision],
    ids=lambda kind: kind.model.__name__,
)
def test_postgresql_stores_every_kinds_document_as_search_builds_it(seeded, searchable, language):
    """Migration 0011's columns hold each other kind's document, every text of it in its
    place, for the seed's records, and follow a change at once: a record's texts translated
    into French (or into the language searched) change that language's document only."""
    before = documents(searchable, language, postgres_document)
    assert before
    assert all(before.values())
    assert before == documents(searchable, language, weighted_document)
    record = searchable.model.objects.order_by("pk").first()
    translation = "fr" if language == "en" else language
    for name in searchable.translated:
        setattr(record, f"{name}_{translation}", "Gendarmerie")
    record.save()
    stored = documents(searchable, language, postgres_document)
    assert stored == documents(searchable, language, weighted_document)
    changed = stored[record.pk] != before[record.pk]
    assert changed == (language != "en" and bool(searchable.translated))
    assert "to_tsvector" not in str(postgres_match(searchable, "police", language).query)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_search_costs_the_same_queries_with_10_or_200_decisions_in_each_language(
    client, seeded, django_assert_num_queries, language
):
    def index_current_and_page_not_stored():
        """As a search after the first one after a change: no rebuild of the index, and the
        page not stored (which would answer without a query)."""
        search(client, language, "police")
        cache.clear()

    with translation.override("en"):  # the records' names are given in English
        grow(10)
    index_current_and_page_not_stored()
    with CaptureQueriesContext(connection) as queries:
        search(client, language, "police")
    small = len(queries)  # read now: the next request empties the connection's log
    with translation.override("en"):
        grow(200)
    index_current_and_page_not_stored()
    with django_assert_num_queries(small):
        search(client, language, "police")
