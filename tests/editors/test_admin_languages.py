"""The admin follows the editor's browser: an editor whose browser asks for French or Arabic
reads the dashboard, the change forms' workflow, the messages after a save and content health in
that language (Django's own admin wording comes from Django); English reads as before."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from missions.models import Decision, Status
from tests.editors.forms import form_data

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture(autouse=True)
def browsers_choose_the_language(settings):
    """A LocaleMiddleware, which picks the language the browser's Accept-Language asks for among
    settings.LANGUAGES: the project's own once settings list one, else Django's, put after
    sessions and before the views, as Django asks.

    It leaves the language it chose active in the thread once the response is sent, which in a
    test would follow into the next test ("en" reads dates as 07/14/2018, "en-gb" as
    14/07/2018): the language active before the test is active again after it."""
    if not any(name.endswith(".LocaleMiddleware") for name in settings.MIDDLEWARE):
        sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[: sessions + 1],
            LOCALE_MIDDLEWARE,
            *settings.MIDDLEWARE[sessions + 1 :],
        ]
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def change_url(record):
    return reverse(f"admin:missions_{record._meta.model_name}_change", args=[record.pk])


def get(client, url, language):
    return client.get(url, headers={"accept-language": language})


def test_the_dashboard_in_french(admin_client, seeded):
    text = get(admin_client, reverse("admin:index"), "fr").text
    assert '<html lang="fr" dir="ltr"' in text
    for heading in (
        "Trouver un enregistrement",
        "État du contenu",
        "Mes brouillons",
        "Programmations",
        "Modifications récentes de tous",
        "Télécharger la sauvegarde",
    ):
        assert heading in text
    assert "Aucun problème à corriger" in text
    assert "Find a record" not in text


def test_the_dashboard_in_arabic_is_right_to_left(admin_client, seeded):
    text = get(admin_client, reverse("admin:index"), "ar").text
    assert '<html lang="ar" dir="rtl"' in text
    assert "البحث عن سجل" in text
    assert "مسوداتي" in text
    assert "أحدث التعديلات من الجميع" in text


def test_a_published_records_form_offers_its_workflow_in_french(admin_client, decision):
    text = get(admin_client, change_url(decision), "fr").text
    assert 'value="Publier les modifications" class="default" name="_save"' in text
    assert 'value="Enregistrer le brouillon" name="_savedraft"' in text
    assert 'value="Aperçu" name="_preview"' in text
    assert "Cet enregistrement est publié." in text
    # The schedule's fieldset, its fields and their help, and the note saying why.
    assert 'class="fieldset-heading">Programmation</h2>' in text
    assert "Publier le" in text
    assert "Heure du serveur (" in text
    assert "Pourquoi (facultatif)" in text
    # What to type in the relations' boxes, which editors/autocomplete.js gives screen readers.
    assert 'data-typing-hint="tapez des mots de la phrase"' in text
    assert 'data-typing-hint="tapez pour rechercher"' in text


def test_the_message_after_saving_a_draft_is_in_the_editors_language(admin_client, decision):
    page = get(admin_client, change_url(decision), "fr")
    data = form_data(page, _savedraft="Enregistrer le brouillon", summary="Résumé provisoire.")
    response = admin_client.post(
        change_url(decision), data, headers={"accept-language": "fr"}, follow=True
    )
    assert "Brouillon enregistré. Le public voit toujours la version publiée" in response.text
    assert "<strong>Ce formulaire présente la modification en brouillon</strong>" in response.text


def test_publishing_from_the_list_answers_in_french_and_the_history_stays_english(
    admin_client, decision
):
    decision.status = Status.DRAFT
    decision.save()
    response = admin_client.post(
        reverse("admin:missions_decision_changelist"),
        {"action": "publish", "_selected_action": [decision.pk]},
        headers={"accept-language": "fr"},
        follow=True,
    )
    assert "Publication : 1 " in response.text
    decision.refresh_from_db()
    assert decision.status == Status.PUBLISHED
    assert decision.history.first().history_change_reason == "Set to published from the list"


def test_a_refused_schedule_says_why_in_arabic(admin_client, decision):
    page = get(admin_client, change_url(decision), "ar")
    data = form_data(page, publish_at="2001-01-01T09:00")
    response = admin_client.post(change_url(decision), data, headers={"accept-language": "ar"})
    assert "هذا الوقت قد مضى: اختر وقتًا لاحقًا، أو أفرغ الحقل." in response.text
    assert "لم يُحفظ: حقل واحد يحتاج إلى تصحيح." in response.text


def test_content_health_in_french_and_arabic(admin_client, decision):
    decision.citations.clear()
    url = reverse("admin:content-health")
    text = get(admin_client, url, "fr").text
    assert "<title>État du contenu |" in text
    assert "1 problème à corriger" in text
    assert "Publié sans citation" in text
    assert "Publié, mais ne cite aucune phrase" in text
    assert "Part de chaque source citée par les archives" in text
    text = get(admin_client, url, "ar").text
    assert "مشكلة واحدة للإصلاح" in text
    assert "منشور دون استشهاد" in text


def test_check_content_reports_in_french(seeded):
    out = StringIO()
    with translation.override("fr"):
        call_command("check_content", stdout=out)
    assert out.getvalue().strip().splitlines() == [
        "Source « NATO Mission Iraq (source document) » : 22 phrases sur 22 citées par des "
        "enregistrements publiés (100 %).",
        "Aucun problème trouvé.",
    ]


def test_english_reads_as_before(admin_client, decision):
    text = get(admin_client, reverse("admin:index"), "en").text
    assert '<html lang="en" dir="ltr"' in text
    assert '<h2 id="dashboard-search-heading">Find a record</h2>' in text
    assert '<a href="/admin/content-health/">No problems to fix</a>' in text
    text = get(admin_client, change_url(decision), "en").text
    assert '<input type="submit" value="Publish changes" class="default" name="_save">' in text
    assert "This record is published. “Save draft” keeps your change without publishing it" in text
    assert "Server time (" in text
