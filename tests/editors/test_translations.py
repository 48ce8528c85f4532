"""Editors translate a record's texts in its change form: each language in a section of its own,
each box in its language and direction, each translation in the record's history."""

from http import HTTPStatus

import pytest
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse
from django.utils import translation

from missions.editors.health import untranslated_records
from missions.models import Citation, Decision, Revision
from tests.editors.forms import form_data

FRENCH_SUMMARY = "Le Conseil de l'Atlantique Nord élargit le champ d'action de la NMI."


def change_url(record):
    return reverse("admin:missions_decision_change", args=[record.pk])


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def test_each_language_has_a_collapsed_section_after_the_english_texts(admin_client, decision):
    page = admin_client.get(change_url(decision))
    sections = [(title, options) for title, options in page.context["adminform"].fieldsets]
    titles = [str(title) if title else None for title, _options in sections]
    assert titles.index("Français") == titles.index("What") + 1
    assert titles.index("العربية") == titles.index("Français") + 1
    french = dict(sections)["Français"]
    assert french["fields"] == ["name_fr", "summary_fr", "description_fr"]
    assert french["classes"] == ["collapse", "translation"]
    assert "summary_en" in dict(sections)["What"]["fields"][2:]


def test_each_translation_box_says_its_language_and_direction(admin_client, decision):
    form = admin_client.get(change_url(decision)).context["adminform"].form
    assert form["summary_en"].field.widget.attrs.items() >= {"lang": "en", "dir": "ltr"}.items()
    assert form["summary_fr"].field.widget.attrs.items() >= {"lang": "fr", "dir": "ltr"}.items()
    assert form["name_ar"].field.widget.attrs.items() >= {"lang": "ar", "dir": "rtl"}.items()
    html = str(form["summary_ar"])
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html


def test_an_editor_translates_a_summary_and_the_french_page_shows_it(
    admin_client, client, decision
):
    page = admin_client.get(change_url(decision))
    response = admin_client.post(change_url(decision), form_data(page, summary_fr=FRENCH_SUMMARY))
    assert response.status_code == HTTPStatus.FOUND

    with translation.override("fr"):
        url = reverse("public:decision-detail", kwargs={"slug": decision.slug})
        french_page = client.get(url)
    assert FRENCH_SUMMARY.replace("'", "&#x27;") in french_page.text


def test_a_translation_is_in_the_history_and_can_be_reverted(admin_client, decision):
    before = decision.history.first()
    page = admin_client.get(change_url(decision))
    admin_client.post(change_url(decision), form_data(page, summary_fr=FRENCH_SUMMARY))
    latest = decision.history.first()
    assert latest.summary_fr == FRENCH_SUMMARY
    assert latest.diff_against(before).changed_fields == ["summary_fr"]
    history = admin_client.get(reverse("admin:missions_decision_history", args=[decision.pk]))
    assert FRENCH_SUMMARY.replace("'", "&#x27;") in history.text

    revert_url = reverse(
        "admin:missions_decision_simple_history", args=[decision.pk, before.history_id]
    )
    revert_page = admin_client.get(revert_url)
    assert revert_page.context["adminform"].form["summary_fr"].value() == ""
    assert admin_client.post(revert_url, form_data(revert_page)).status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary_fr == ""
    with translation.override("fr"):
        assert decision.summary == decision.summary_en


def test_content_health_lists_per_language_the_published_records_left_untranslated(
    admin_client, decision
):
    decision.name_fr = "Le Conseil élargit le champ d'action de la NMI"
    decision.summary_fr = FRENCH_SUMMARY
    decision.save()
    draft = Decision.objects.exclude(pk=decision.pk).first()
    draft.status = "draft"
    draft.save()
    french, arabic = untranslated_records()
    assert (french.language, french.name, arabic.name) == ("fr", "Français", "العربية")
    [in_french] = [each for each in french.records if each.record == decision]
    assert in_french.fields == ["description"]
    [in_arabic] = [each for each in arabic.records if each.record == decision]
    assert in_arabic.fields == ["name", "summary", "description"]
    assert draft not in [each.record for each in french.records + arabic.records]

    page = admin_client.get(reverse("admin:content-health")).text
    assert '<h2 id="untranslated">Not yet translated</h2>' in page
    assert f'<a href="{change_url(decision)}">{decision.name}</a>: description</li>' in page
    assert f"{len(arabic.records)} records to translate" in page


def test_each_translation_box_is_labelled_with_its_language(admin_client, decision):
    form = admin_client.get(change_url(decision)).context["adminform"].form
    assert [form[name].label for name in ("summary_en", "summary_fr", "summary_ar")] == [
        "Summary",
        "Summary [fr]",
        "Summary [ar]",
    ]


def test_a_drafted_translation_is_named_with_its_language(admin_client, decision):
    page = admin_client.get(change_url(decision))
    admin_client.post(
        change_url(decision),
        form_data(page, _savedraft="Save draft", summary_fr=FRENCH_SUMMARY),
    )
    [(field, old, new)] = Revision.objects.get().changes(decision)
    assert (field, old, new) == ("summary [fr]", "", FRENCH_SUMMARY)


def test_a_citations_translation_is_edited_beside_its_verbatim_sentence(admin_client, seeded):
    citation = Citation.objects.get(number=18)
    url = reverse("admin:missions_citation_change", args=[citation.pk])
    page = admin_client.get(url)
    sections = dict(page.context["adminform"].fieldsets)
    assert sections["Français"]["fields"] == ["translation_fr"]
    assert sections["العربية"]["fields"] == ["translation_ar"]
    assert "text" in flatten_fieldsets(page.context["adminform"].fieldsets)
    admin_client.post(url, form_data(page, translation_ar="ترجمة الجملة."))
    citation.refresh_from_db()
    assert citation.translation_ar == "ترجمة الجملة."
    assert citation.text == Citation.history.filter(id=citation.pk).earliest().text
