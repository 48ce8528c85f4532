"""The editorial workflow in a real browser: draft a change to a published decision, preview it
unsaved in a new tab, publish it; with review on, submit as one editor and publish as a publisher;
schedule a record and run publish_scheduled; the dashboard, its search, and the pages of the
workflow pass axe."""

import datetime
from http import HTTPStatus

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from missions.models import Decision, Partner, Revision, Schedule
from tests.browser.conftest import EDITOR_PASSWORD, log_in
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)

DRAFTED = "A summary drafted in the browser, not yet public."
PREVIEWED = "A summary previewed in the browser, never saved."


def no_violations(page, context=None):
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_an_editor_drafts_previews_and_publishes_a_change(live_server, page, editor):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    public_page = f"{live_server.url}{decision.get_absolute_url()}"
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/decision/{decision.pk}/change/")

    page.get_by_label("Summary:").fill(DRAFTED)
    page.get_by_label("Why (optional)").fill("Shorter summary")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved")
    expect(page.get_by_label("Summary:")).to_have_value(DRAFTED)
    no_violations(page)

    public = page.context.new_page()
    public.goto(public_page)
    assert DRAFTED not in public.get_by_role("main").inner_text()
    public.close()

    page.get_by_label("Summary:").fill(PREVIEWED)
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_text("This page shows your unsaved changes")).to_be_visible()
    assert PREVIEWED in preview.get_by_role("main").inner_text()
    no_violations(preview)
    preview.close()
    assert Revision.objects.get().fields["summary_en"] == DRAFTED

    page.get_by_label("Summary:").fill(DRAFTED)
    page.get_by_role("link", name="History").click()
    expect(page.locator("#pending-draft")).to_contain_text(DRAFTED)
    no_violations(page)
    page.go_back()
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(public_page)
    assert DRAFTED in page.get_by_role("main").inner_text()
    assert not Revision.objects.exists()

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#dashboard-recent")).to_contain_text(decision.name)
    no_violations(page)


def test_the_dashboard_and_its_search_pass_axe(live_server, page, editor):
    log_in(page, live_server.url, editor)
    expect(page.get_by_role("heading", name="Recent changes by everyone")).to_be_visible()
    no_violations(page)
    page.get_by_label("Words in the name, slug or text of any record").fill("Ministry")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Institutions")).to_be_visible()
    no_violations(page)


def test_an_editor_schedules_a_draft_record_and_publish_scheduled_publishes_it(
    live_server, page, editor
):
    partner = Partner.objects.create(name="A scheduled partner", slug="a-scheduled-partner")
    public_page = f"{live_server.url}{partner.get_absolute_url()}"
    later = timezone.localtime() + datetime.timedelta(days=1)
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/partner/{partner.pk}/change/")
    page.locator("summary", has_text="Schedule").click()
    page.get_by_label("Publish at:", exact=True).fill(later.strftime("%Y-%m-%dT09:00"))
    no_violations(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#dashboard-scheduled")).to_contain_text("A scheduled partner")

    visitor = page.context.browser.new_context().new_page()
    call_command("publish_scheduled", verbosity=0)
    assert visitor.goto(public_page).status == HTTPStatus.NOT_FOUND
    Schedule.objects.update(at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    assert visitor.goto(public_page).status == HTTPStatus.OK
    visitor.context.close()
    assert partner.history.first().history_user.username == editor


def test_with_review_on_an_editor_submits_and_a_publisher_publishes(
    live_server, page, editor, settings, tmp_path
):
    settings.EDITORIAL_REVIEW = True
    password_file = tmp_path / "publisher-password"
    password_file.write_text(EDITOR_PASSWORD, encoding="utf-8")
    call_command(
        "create_editor", "pat", "--publisher", "--password-file", str(password_file), verbosity=0
    )
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    change_page = f"{live_server.url}/admin/missions/decision/{decision.pk}/change/"

    log_in(page, live_server.url, editor)
    page.goto(change_page)
    expect(page.get_by_role("button", name="Publish changes")).to_have_count(0)
    page.get_by_label("Summary:").fill(DRAFTED)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")
    no_violations(page)
    page.context.clear_cookies()

    log_in(page, live_server.url, "pat")
    expect(page.locator("#dashboard-review")).to_contain_text(decision.name)
    page.locator("#dashboard-review").get_by_role("link", name=decision.name).click()
    expect(page.get_by_label("Summary:")).to_have_value(DRAFTED)
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    assert DRAFTED in page.get_by_role("main").inner_text()
    assert decision.history.first().history_user.username == "pat"
