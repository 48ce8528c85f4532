"""The admin's everyday pages in a real browser at 1280 px, as editors were watched using them:
nothing needs a second try, and every page passes axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from playwright.sync_api import expect

from bench.data import add_decisions
from missions.models import Decision, Institution, KeyFact, Mission
from tests.browser.conftest import log_in
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN = {"width": 1280, "height": 800}
LONG_NAME = (
    "North Atlantic Council agrees to expand the scope of NATO Mission Iraq to more security "
    "institutions and areas beyond Baghdad"
)


@pytest.fixture
def wide_page(page):
    page.set_viewport_size(SCREEN)
    return page


def open_decision(page, live_server, editor):
    """Log in and open the change form of the decision the tests edit; return the decision."""
    decision = Decision.objects.get(slug="nmi-size-increased")
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/decision/{decision.pk}/change/")
    return decision


def assert_accessible(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_the_decision_list_shows_every_column_without_scrolling_sideways(
    live_server, wide_page, editor
):
    page = wide_page
    Decision.objects.filter(slug="nmi-scope-expanded").update(name_en=LONG_NAME)
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/decision/")
    table = page.locator("#result_list")
    headers = table.locator("thead th").all_inner_texts()
    for column in ["Name", "Date", "Mission", "Status", "Public page"]:
        assert any(column.lower() in header.lower() for header in headers), headers
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    results = page.locator("#changelist .results")
    assert results.evaluate("e => e.scrollWidth <= e.clientWidth"), results.evaluate(
        "e => [e.scrollWidth, e.clientWidth]"
    )
    name = table.locator("tbody th a", has_text=LONG_NAME)
    lines = name.evaluate("e => e.getClientRects().length")
    assert lines <= 3, f"the name wraps to {lines} lines"
    for link in table.locator("tbody td.field-public_page a").all():
        assert link.is_visible()
    assert_accessible(page)


def test_the_delete_page_speaks_plainly_and_passes_axe(live_server, wide_page, editor):
    page = wide_page
    ministry = Institution.objects.get(slug="ministry-of-interior")
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/institution/{ministry.pk}/change/")
    page.get_by_role("link", name="Delete").click()
    effects = page.locator("#deleted-objects")
    assert "“Ministry of Interior” will be removed from 1 decision" in effects.inner_text()
    assert page.get_by_role("link", name="Deleted institutions").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, take me back").click()
    expect(page).to_have_url(re.compile(rf"/institution/{ministry.pk}/change/$"))


def test_a_refused_mission_form_names_the_error_and_brings_the_field_into_view(
    live_server, wide_page, editor
):
    page = wide_page
    mission = Mission.objects.get(slug="nmi")
    fact = KeyFact.objects.filter(mission=mission).last()
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/mission/{mission.pk}/change/")
    page.locator("#key_facts-group summary").click()
    row = page.locator(".inline-related", has=page.locator(f'input[value="{fact.name}"]'))
    row.get_by_label("Date:", exact=True).fill("31 February 2024")
    page.get_by_role("button", name="Publish changes").click()

    summary = page.locator("#error-summary")
    link = summary.get_by_role("link", name=f"Key fact “{fact.name}”: Date")
    expect(link).to_be_visible()
    box = page.locator(f"#{link.get_attribute('href')[1:]}")
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    link.click()
    expect(box).to_be_in_viewport()


def test_a_decision_dated_before_its_mission_is_saved_once_the_editor_confirms(
    live_server, wide_page, editor
):
    page, decision = wide_page, open_decision(wide_page, live_server, editor)
    page.get_by_label("Date:", exact=True).fill("February 2011")
    page.get_by_role("button", name="Publish changes").click()

    warning = page.locator(".warningnote")
    expect(warning).to_contain_text("before NATO Mission Iraq began (July 2018)")
    assert_accessible(page)
    page.get_by_label("I checked: save it as it is").check()
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    decision.refresh_from_db()
    assert decision.when.text == "February 2011"


def test_the_mission_form_lists_its_decisions_as_links_and_is_three_screens_tall(
    live_server, wide_page, editor
):
    page = wide_page
    add_decisions(40)
    mission = Mission.objects.get(slug="nmi")
    latest = mission.decisions.order_by("-date", "-name_en").first()
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/missions/mission/{mission.pk}/change/")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], f"the mission's form is {height} px tall"
    links = page.locator(".decision-links a")
    expect(links).to_have_count(10)
    expect(links.first).to_have_text(latest.name)
    page.get_by_role("link", name=f"All {mission.decisions.count()} decisions of NMI").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(mission.decisions.count())

    page.go_back()
    principles = page.locator("#principles-group details")
    expect(principles).not_to_have_attribute("open", "")
    page.locator("#principles-group summary").click()
    expect(page.locator("#principles-group .inline-related").first).to_be_visible()
    assert_accessible(page)


def test_a_refused_save_offers_theirs_or_mine_for_each_field_both_changed(
    live_server, wide_page, editor
):
    page, decision = wide_page, open_decision(wide_page, live_server, editor)
    decision.summary = "The shell's summary."
    decision.save()
    page.get_by_label("Summary:").fill("The editor's summary.")
    page.get_by_role("button", name="Publish changes").click()

    notice = page.locator(".conflictnote")
    expect(notice).to_contain_text("Not saved yet: a command or the shell changed this decision")
    expect(page.locator(".errornote")).to_have_count(0)
    assert_accessible(page)
    notice.get_by_label("Use theirs").check()
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    decision.refresh_from_db()
    assert decision.summary == "The shell's summary."


def questions_asked(page):
    """The dialogs the page opens from now on, each answered "Stay"."""
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    return asked


def test_leaving_a_changed_form_asks_first_and_saving_does_not(live_server, wide_page, editor):
    page = wide_page
    asked = questions_asked(page)
    open_decision(page, live_server, editor)
    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    assert asked == []

    page.go_back()
    page.get_by_label("Summary:").click()
    page.keyboard.type(" Changed.")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_label("Summary:")).to_be_visible()
    assert asked == ["beforeunload"]
    assert not page.url.endswith("/history/")

    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert asked == ["beforeunload"]


def test_leaving_a_refused_form_asks_first(live_server, wide_page, editor):
    page = wide_page
    asked = questions_asked(page)
    open_decision(page, live_server, editor)
    page.get_by_label("Name:").fill("")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator("#error-summary")).to_contain_text("Name")
    page.get_by_role("link", name="History").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert asked == ["beforeunload"]


def test_no_list_scrolls_sideways_at_1280_px(live_server, wide_page, editor):
    page = wide_page
    log_in(page, live_server.url, editor)
    wider = {}
    for model in admin.site._registry:
        if model._meta.app_label != "missions":
            continue
        page.goto(f"{live_server.url}/admin/missions/{model._meta.model_name}/")
        sizes = page.locator("#changelist .results").evaluate("e => [e.scrollWidth, e.clientWidth]")
        if sizes[0] > sizes[1]:
            wider[model._meta.model_name] = sizes
    assert wider == {}
