"""Dates with a precision, edited in a real browser as an editor does: choose how precise the
source is, type the date as it reads, and see it on the public site; with and without
JavaScript."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from missions.models import Decision, KeyFact
from tests.browser.conftest import log_in
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_chooses_month_and_year_types_february_2024_and_the_public_page_shows_it(
    live_server, page, editor
):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/decision/{decision.pk}/change/")
    precision = page.get_by_label("Date precision")
    box = page.get_by_label("Date:", exact=True)
    help_text = page.locator("#id_date_1_helptext")
    hint = help_text.locator(".partial-date-hint")
    calendar = page.locator(".field-date .datetimeshortcuts")
    expect(box).to_have_value("August 2023")

    precision.select_option(label="Exact day (e.g. 3 July 2018)")
    expect(hint).to_have_text("Type the day, e.g. 3 July 2018, 2018-07-03 or 03/07/2018.")
    expect(calendar).to_be_visible()
    precision.select_option(label="Month and year (e.g. July 2018)")
    expect(hint).to_have_text("Type the month and year, e.g. July 2018, Jul 2018 or 2018-07.")
    expect(help_text).to_contain_text("When the decision was taken or announced.")
    expect(calendar).to_be_hidden()
    assert Axe().run(page, context=".field-date", options=AXE_OPTIONS).violations_count == 0

    box.fill("February 2024")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

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
    page.locator("#key_facts-group summary").click()
    row = page.locator(".inline-related", has=page.locator(f'input[value="{fact.name}"]'))
    expect(row.locator(".partial-date-hint")).to_have_text(
        "Type the year (2004), the month and year (July 2018 or 2018-07) or the day "
        "(3 July 2018, 2018-07-03 or 03/07/2018)."
    )
    row.get_by_label("Date precision").select_option(label="Month and year (e.g. July 2018)")
    row.get_by_label("Date:", exact=True).fill("Feb 2024")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    context.close()

    fact.refresh_from_db()
    assert (fact.date, fact.date_precision) == (datetime.date(2024, 2, 1), "month")
