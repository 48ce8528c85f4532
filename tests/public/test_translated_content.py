"""Records on pages in French and Arabic: the editors' translations where there are some, else
the English original marked as English (WCAG 3.1.2) with a discreet note, once a record's block;
quoted sentences in their source's language, with the editors' translation beside them."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from missions.models import Decision, Mission

FRENCH_SUMMARY = "Le Conseil de l'Atlantique Nord élargit le champ d'action de la NMI."
ARABIC_NAME = "مجلس شمال الأطلسي يوسّع نطاق البعثة"


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def page(client, language, name, **kwargs):
    """The page ``name`` rendered in ``language``. The page cache is emptied first: these tests
    ask for one address in several languages, which must not be answered with another
    language's stored page however the cache keys them."""
    cache.clear()
    with translation.override(language):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == HTTPStatus.OK
    return response.text


def decision_page(client, decision, language):
    return page(client, language, "public:decision-detail", slug=decision.slug)


def test_english_pages_mark_nothing_as_untranslated(client, decision):
    text = decision_page(client, decision, "en")
    main = text.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="en"' not in main
    assert "untranslated" not in text


def test_an_untranslated_record_shows_its_english_marked_as_english_with_one_note(client, decision):
    text = decision_page(client, decision, "fr")
    assert f'<h1><span lang="en">{decision.name}</span></h1>' in text
    assert f'<span lang="en">{decision.summary_en}</span>' in text
    assert text.count('<small class="untranslated">') == 1


def test_a_translated_text_is_shown_in_the_pages_language(client, decision):
    decision.summary_fr = FRENCH_SUMMARY
    decision.save()
    text = decision_page(client, decision, "fr")
    assert f'<p class="lead">{escape(FRENCH_SUMMARY)}<sup' in text
    assert decision.summary_en not in text
    # The name is still English, so its block keeps its note.
    assert f'<h1><span lang="en">{decision.name}</span></h1>' in text
    assert text.count('<small class="untranslated">') == 1


def test_a_fully_translated_record_has_no_note(client, decision):
    decision.name_ar, decision.summary_ar, decision.description_ar = ARABIC_NAME, "ملخص.", "وصف."
    decision.save()
    text = decision_page(client, decision, "ar")
    assert f"<h1>{ARABIC_NAME}</h1>" in text
    assert '<h1><span lang="en"' not in text
    assert "</h1><small" not in text


def test_on_a_right_to_left_page_english_runs_left_to_right(client, decision):
    text = decision_page(client, decision, "ar")
    assert f'<h1><span lang="en" dir="ltr">{decision.name}</span></h1>' in text


def test_a_quoted_sentence_keeps_its_sources_language_and_shows_its_translation(client, decision):
    citation = decision.citations.first()
    citation.translation_fr = "Le Conseil a décidé d'élargir le champ d'action de la NMI."
    citation.save()
    english = decision_page(client, decision, "en")
    assert f"<q>{escape(citation.text)}</q>" in english
    assert 'class="translation"' not in english

    french = decision_page(client, decision, "fr")
    assert f'<q lang="en">{escape(citation.text)}</q>' in french
    label = "Traduction de la rédaction\u00a0:"  # "Translated by the editors:"
    assert f"{label} <q>{escape(citation.translation_fr)}</q>" in french
    arabic = decision_page(client, decision, "ar")
    assert '<q lang="en">' in arabic
    assert 'class="translation"' not in arabic


def test_mission_paragraphs_are_marked_as_english_until_translated(client, seeded):
    mission = Mission.objects.get(slug="nmi")
    text = page(client, "fr", "public:mission-detail", slug=mission.slug)
    assert text.count('<p lang="en">') >= len([p for p in mission.aims_en.split("\n\n") if p])
    mission.aims_fr = "Premier paragraphe traduit."
    mission.save()
    text = page(client, "fr", "public:mission-detail", slug=mission.slug)
    assert "<p>Premier paragraphe traduit.<sup" in text


def test_lists_show_each_decisions_translation_or_its_english_marked(client, decision):
    """The timeline's items, written for all its decisions with the language read once."""
    decision.name_fr = "Le Conseil élargit la mission"
    decision.save()
    text = page(client, "fr", "public:decision-list")
    with translation.override("fr"):
        address, other = decision.get_absolute_url(), Decision.objects.exclude(pk=decision.pk)[0]
        other_address = other.get_absolute_url()
    item = text.split(f'href="{address}"', 1)[1].split("</li>", 1)[0]
    assert item.startswith(">Le Conseil élargit la mission</a></h3>")
    assert f'<span lang="en">{escape(decision.summary_en)}</span>' in item
    assert item.count('<small class="untranslated">') == 1
    assert f'<a href="{other_address}"><span lang="en">{escape(other.name)}</span>' in text


def test_a_source_title_which_editors_do_not_translate_is_marked_as_english(client, seeded):
    """A source is named by its title, which stays in its own words: on a French page it is
    marked as English, as an untranslated text is."""
    cache.clear()
    with translation.override("fr"):
        text = client.get(reverse("public:search"), {"q": "police"}).text
    assert '<span lang="en">NATO Mission Iraq (source document)</span></a></h3>' in text
