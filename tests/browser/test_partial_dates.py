"""Dates with a precision, edited in a real browser as an editor does: choose how precise the
source is, type the date as it reads, and see it on the public site; with and without
JavaScript."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from missions.models import Decision, KeyFact
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Keep-the-record-true-2026"


@pytest.fixture
def editor(tmp_path):
    """The seed and an editor made with `create_editor` (the Editors group's migration is run
    again first: transactional tests empty the database, the group with it)."""
    call_command("migrate", "missions", "0002", verbosity=0)
    call_command("migrate", "missions", verbosity=0)
    call_command("loaddata", "nmi", verbosity=0)
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    call_command("create_editor", "editor", "--password-file", str(password_file), verbosity=0)
    return "editor"


def log_in(page, site, username):
    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_chooses_month_and_year_types_february_2024_and_the_public_page_shows_it(
    live_server, page, editor
):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/decision/{decision.pk}/change/")
    precision = page.get_by_label("Date precision")
    box = page.get_by_label("Date:", exact=True)
    hint = page.locator("#id_date_1_helptext")
    calendar = page.locator(".field-date .datetimeshortcuts")
    expect(box).to_have_value("August 2023")

    precision.select_option(label="Exact day (e.g. 3 July 2018)")
    expect(hint).to_have_text("Type the day, e.g. 3 July 2018, 2018-07-03 or 03/07/2018.")
    expect(calendar).to_be_visible()
    precision.select_option(label="Month and year (e.g. July 2018)")
    expect(hint).to_have_text("Type the month and year, e.g. July 2018, Jul 2018 or 2018-07.")
    expect(calendar).to_be_hidden()
    assert Axe().run(page, context=".field-date", options=AXE_OPTIONS).violations_count == 0

    box.fill("February 2024")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    when = page.get_by_role("main").locator("dd time")
    expect(when).to_have_text("February 2024")
    expect(when).to_have_attribute("datetime", "2024-02")
    decision.refresh_from_db()
    assert decision.when.text == "February 2024"
    assert (decision.date, decision.date_precision) == (datetime.date(2024, 2, 1), "month")


def test_without_javascript_a_key_fact_on_the_mission_page_takes_a_typed_month(
    live_server, browser, editor
):
    fact = KeyFact.objects.filter(date__isnull=True).first()
    mission = fact.mission
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/mission/{mission.pk}/change/")
    row = page.locator(".inline-related", has=page.locator(f'input[value="{fact.name}"]'))
    expect(row.locator(".partial-date-hint")).to_have_text(
        "Type the year (2004), the month and year (July 2018 or 2018-07) or the day "
        "(3 July 2018, 2018-07-03 or 03/07/2018)."
    )
    row.get_by_label("Date precision").select_option(label="Month and year (e.g. July 2018)")
    row.get_by_label("Date:", exact=True).fill("Feb 2024")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    context.close()

    fact.refresh_from_db()
    assert (fact.date, fact.date_precision) == (datetime.date(2024, 2, 1), "month")
