"""An editor's day in a real browser: log in, edit a decision, see it on the public page, revert
it from the history, and see the old text again."""

import pytest

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
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

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
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(public_page)
    main = page.get_by_role("main").inner_text()
    assert decision.summary in main
    assert NEW_SUMMARY not in main
