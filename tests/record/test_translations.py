"""The record's own words (field names, help texts, choices, validation errors) follow the
language of the page: the admin shows them in French or Arabic, with the record's content as
the editors wrote it."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.html import escape

from missions.models import Decision, Schedule
from tests.editors.forms import change_url, form_data

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def decision():
    return Decision.objects.get(slug="nmi-scope-expanded")


def in_language(language, request, *args, **kwargs):
    """A request made in ``language``: active while the view runs, and asked for by the
    browser, so it holds whether or not the site picks the language from the request."""
    with translation.override(language):
        return request(*args, HTTP_ACCEPT_LANGUAGE=language, **kwargs)


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        (
            "en",
            "The requesting body is the same as the deciding body: leave it empty or choose who "
            "asked for the decision.",
        ),
        (
            "fr",
            "L\N{RIGHT SINGLE QUOTATION MARK}organe demandeur est le même que "
            "l\N{RIGHT SINGLE QUOTATION MARK}organe décideur : laissez le champ vide ou "
            "choisissez qui a demandé la décision.",
        ),
        (
            "ar",
            "الهيئة الطالبة هي نفسها الهيئة صاحبة القرار: اترك الحقل فارغًا أو اختر الجهة التي "
            "طلبت القرار.",
        ),
    ],
)
def test_a_validation_error_shows_in_the_admins_language(admin_client, decision, language, refusal):
    page = in_language(language, admin_client.get, change_url(decision))
    data = form_data(page, requested_by=str(decision.decided_by_id))
    refused = in_language(language, admin_client.post, change_url(decision), data)
    assert refused.status_code == HTTPStatus.OK
    assert escape(refusal) in refused.text
    decision.refresh_from_db()
    assert decision.requested_by_id != decision.decided_by_id


def test_field_names_help_texts_and_choices_show_in_french(admin_client, decision):
    page = in_language("fr", admin_client.get, change_url(decision)).text
    assert "Décidée par" in page
    assert "Demandée par" in page
    assert "Résumé" in page
    # The limit's digits grouped as French writes them.
    assert (
        "Une phrase pour la chronologie et les résultats de recherche. 1\xa0000 caractères" in page
    )
    assert "Élargir son champ d" in page
    # The record's content stays as the editors wrote it.
    assert escape(decision.summary) in page


def test_field_names_show_in_arabic(admin_client, decision):
    page = in_language("ar", admin_client.get, change_url(decision)).text
    assert "صادر عن" in page
    assert "بطلب من" in page


def test_english_is_unchanged(admin_client, decision):
    page = admin_client.get(change_url(decision)).text
    assert "Decided by" in page
    assert "One sentence for the timeline and search results. At most 1,000 characters." in page
    assert "Expand its scope" in page


def test_publish_scheduled_reports_in_french_and_history_keeps_english(decision):
    """The operator reads the command's line in the language active; the reason written into
    the record's history stays English, as every reason the program writes."""
    ana = get_user_model().objects.create_user("ana", is_staff=True)
    Schedule.objects.create(
        record=decision,
        action=Schedule.Action.UNPUBLISH,
        scheduled_by=ana,
        at=timezone.now() - datetime.timedelta(minutes=1),
    )
    out = io.StringIO()
    with translation.override("fr"):
        call_command("publish_scheduled", stdout=out)
    assert out.getvalue().startswith(
        f"Dépubliée : décision « {decision.name} » (programmé par ana pour le "
    )
    reason = decision.history.first().history_change_reason
    assert reason.startswith("Unpublished as scheduled for ")
