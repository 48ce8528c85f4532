"""Every public page type in a real browser, in each language: axe finds no WCAG 2.2 AA violation,
the layout reflows to 320px; focus is visible, print drops the navigation, and nothing needs
JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from missions.models import Partner
from tests.public.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
ERROR_PAGES = {
    "not found": "/en/missions/no-such-mission/",
    "bad filter": "/en/decisions/?year=abcd",
    "bad search": "/en/search/?q=%00",
}


# Every page type's English address (PAGE_TYPES) in each language of the site. A page's language
# does not depend on the database, so the other languages are checked in the SQLite run only, and
# English in both, which keeps CI's browser time down.
CHECKED_ONCE = pytest.mark.skipif(
    "postgresql" in settings.DATABASES["default"]["ENGINE"],
    reason="a page's language does not depend on the database: checked in the SQLite run",
)
LANGUAGE_CODES = [
    code if code == "en" else pytest.param(code, marks=CHECKED_ONCE)
    for code, _name in settings.LANGUAGES
]


def in_language(path, code):
    assert path.startswith("/en/"), path
    return f"/{code}/{path.removeprefix('/en/')}"


@pytest.fixture
def site(live_server):
    call_command("loaddata", "nmi", verbosity=0)
    return live_server.url


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("path", [*PAGE_TYPES.values(), *ERROR_PAGES.values()])
def test_axe_finds_no_violation(site, page, path, language):
    page.goto(site + in_language(path, language))
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violation_in_a_draft_preview(site, page, admin_user):
    Partner.objects.create(name="A draft partner", slug="a-draft-partner")
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.goto(site + "/en/partners/a-draft-partner/")
    expect(page.get_by_text("Draft preview.")).to_be_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("path", PAGE_TYPES.values())
def test_pages_reflow_to_320_pixels_without_sideways_scrolling(site, page, path, language):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + in_language(path, language))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_keyboard_focus_is_visible(site, page):
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth,"
        " s.backgroundColor]; }"
    )
    assert focused[0] == "NMI Records"
    assert focused[1] == "solid"
    assert focused[2] == "3px"
    assert focused[3] == "rgb(255, 212, 0)"


def test_print_leaves_out_navigation_and_filters(site, page):
    page.goto(site + "/en/decisions/")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Show decisions")).to_be_hidden()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()


def test_filtering_and_searching_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/en/decisions/")
    page.get_by_label("Decided by").select_option(label="NATO Defence Ministers (1)")
    page.get_by_role("button", name="Show decisions").click()
    expect(page).to_have_url(
        site + "/en/decisions/?year=&body=nato-defence-ministers&mission=&institution="
    )
    expect(page.get_by_role("heading", level=3)).to_have_text(
        ["NATO defence ministers increase the size of NMI"]
    )
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Search the record").fill("police")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/en/search/?q=police")
    expect(page.get_by_role("link", name="Federal Police Command")).to_be_visible()
    context.close()
