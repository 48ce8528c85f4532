"""The admin's everyday pages in a real browser at 1280 px, as editors were watched using them:
nothing needs a second try, and every page passes axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from missions.models import Decision, Institution
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


def assert_accessible(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_the_decision_list_shows_every_column_without_scrolling_sideways(
    live_server, wide_page, editor
):
    page = wide_page
    Decision.objects.filter(slug="nmi-scope-expanded").update(name=LONG_NAME)
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
    assert page.url.endswith(f"/institution/{ministry.pk}/change/")
