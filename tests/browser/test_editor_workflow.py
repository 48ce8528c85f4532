"""An editor's day in a real browser: log in, edit a decision, see it on the public page, revert
it from the history, and see the old text again; translate a summary into French and see it on
the French page."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from missions.models import Decision
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "An editor rewrote this summary in the browser."


def test_an_editor_edits_a_decision_and_reverts_it_from_history(live_server, page, editor):
    decision = Decision.objects.get(slug="nmi-established")
    public_page = f"{live_server.url}{decision.get_absolute_url()}"

    log_in(page, live_server.url, editor)

    page.get_by_role("link", name="Decisions").first.click()
    page.get_by_role("link", name=decision.name, exact=True).click()
    page.get_by_label("Summary:", exact=True).fill(NEW_SUMMARY)
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(public_page)
    assert NEW_SUMMARY in page.get_by_role("main").inner_text()

    page.go_back()
    page.get_by_role("link", name=decision.name, exact=True).click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    assert f"{decision.summary} → {NEW_SUMMARY}" in history.inner_text()
    imported = history.get_by_role("row").filter(has_text="Imported from the source document")
    imported.get_by_role("link").click()
    assert page.get_by_label("Summary:", exact=True).input_value() == decision.summary
    page.get_by_role("button", name="Revert").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(public_page)
    main = page.get_by_role("main").inner_text()
    assert decision.summary in main
    assert NEW_SUMMARY not in main


FRENCH_SUMMARY = "Le Conseil de l'Atlantique Nord crée la Mission de l'OTAN en Irak."


def test_an_editor_translates_a_summary_into_french_and_sees_it_on_the_french_page(
    live_server, page, editor
):
    decision = Decision.objects.get(slug="nmi-established")
    with translation.override("fr"):
        french_page = f"{live_server.url}{decision.get_absolute_url()}"
    assert "/fr/" in french_page

    log_in(page, live_server.url, editor)
    page.get_by_role("link", name="Decisions").first.click()
    page.get_by_role("link", name=decision.name, exact=True).click()
    page.get_by_text("Français", exact=True).click()  # opens the collapsed French section
    french_box = page.get_by_label("Summary [fr]")
    assert french_box.get_attribute("lang") == "fr"
    french_box.fill(FRENCH_SUMMARY)
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(french_page)
    main = page.get_by_role("main")
    assert FRENCH_SUMMARY in main.inner_text()
    assert (
        main.get_by_text(FRENCH_SUMMARY).first.evaluate(
            "element => element.closest('[lang]').getAttribute('lang')"
        )
        == "fr"
    )
