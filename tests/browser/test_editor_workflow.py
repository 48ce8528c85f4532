"""An editor's day in a real browser: log in, edit a decision, see it on the public page, revert
it from the history, and see the old text again."""

import pytest
from django.core.management import call_command

from missions.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Keep-the-record-true-2026"
NEW_SUMMARY = "An editor rewrote this summary in the browser."


@pytest.fixture
def editor(tmp_path):
    """The seed and an editor made with `create_editor`, as on a fresh installation.

    Transactional tests empty the database after each test, and the Editors group with it, so
    the group's migration (0002) is run again first.
    """
    call_command("migrate", "missions", "0001", verbosity=0)
    call_command("migrate", "missions", verbosity=0)
    call_command("loaddata", "nmi", verbosity=0)
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    call_command("create_editor", "editor", "--password-file", str(password_file), verbosity=0)
    return "editor"


def test_an_editor_edits_a_decision_and_reverts_it_from_history(live_server, page, editor):
    decision = Decision.objects.get(slug="nmi-established")
    public_page = f"{live_server.url}/decisions/{decision.slug}/"

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(editor)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Decisions").first.click()
    page.get_by_role("link", name=decision.name).click()
    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(public_page)
    assert NEW_SUMMARY in page.get_by_role("main").inner_text()

    page.go_back()
    page.get_by_role("link", name=decision.name).click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    assert f"{decision.summary} → {NEW_SUMMARY}" in history.inner_text()
    imported = history.get_by_role("row").filter(has_text="Imported from the source document")
    imported.get_by_role("link").click()
    assert page.get_by_label("Summary").input_value() == decision.summary
    page.get_by_role("button", name="Revert").first.click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(public_page)
    main = page.get_by_role("main").inner_text()
    assert decision.summary in main
    assert NEW_SUMMARY not in main
