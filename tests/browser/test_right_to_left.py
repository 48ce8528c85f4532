"""Arabic pages in a real browser: right to left, mirrored by the one stylesheet, with no sideways
scrolling at 320px and a timeline whose labels stay inside the drawing.

Addresses come from ``reverse()`` under Arabic and the browser asks for Arabic, as an Arabic
reader's does. The site's default language is Arabic for these tests too, so that the page is
Arabic however the live server picks its language.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from missions.models import Decision, Mission, Source
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, settings):
    settings.LANGUAGE_CODE = "ar"
    call_command("loaddata", "nmi", verbosity=0)
    return live_server.url


@pytest.fixture
def arabic_page(browser):
    context = browser.new_context(
        locale="ar",
        extra_http_headers={"Accept-Language": "ar"},
        viewport={"width": 320, "height": 640},
    )
    yield context.new_page()
    context.close()


def arabic_addresses():
    """One page of each kind a reader meets most: overview, timeline, a decision, a mission, a
    source's text and search results."""
    decision = Decision.objects.published().order_by("slug").first()
    mission = Mission.objects.published().get(slug="nmi")
    source = Source.objects.filter(status="published").order_by("slug").first()
    with translation.override("ar"):
        return [
            reverse("public:home"),
            reverse("public:decision-list"),
            reverse("public:decision-detail", args=[decision.slug]),
            reverse("public:mission-detail", args=[mission.slug]),
            reverse("public:source-detail", args=[source.slug]),
            reverse("public:search") + "?q=police",
        ]


def test_arabic_pages_read_right_to_left_without_sideways_scrolling_at_320px(site, arabic_page):
    """Each page is right to left, fits 320px and has no WCAG 2.2 AA violation axe finds."""
    for address in arabic_addresses():
        arabic_page.goto(site + address)
        direction = arabic_page.evaluate(
            "[document.documentElement.lang, document.documentElement.dir,"
            " getComputedStyle(document.body).direction]"
        )
        assert direction == ["ar", "rtl", "rtl"], address
        widths = arabic_page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1] == 320, address
        results = Axe().run(arabic_page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()


def test_the_skip_link_appears_at_the_right_on_arabic_pages(site, arabic_page):
    with translation.override("ar"):
        arabic_page.goto(site + reverse("public:home"))
    arabic_page.keyboard.press("Tab")
    box = arabic_page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return [r.left, r.right]; })()"
    )
    assert box[1] > 320 - 0.5 * 16 - 2  # its inline start, 0.5rem from the right edge
    assert box[0] > 0


def test_the_arabic_timeline_labels_read_leftwards_inside_the_drawing(site, arabic_page):
    arabic_page.set_viewport_size({"width": 1024, "height": 768})
    with translation.override("ar"):
        arabic_page.goto(site + reverse("public:decision-list"))
    labels = arabic_page.evaluate(
        """[...document.querySelectorAll('.timeline-svg .mission-label')].map(t => {
             const box = t.getBBox();
             return [box.x, box.x + box.width, Number(t.getAttribute('x')),
                     getComputedStyle(t).direction];
           })"""
    )
    assert len(labels) == 2
    for left, right, anchor, direction in labels:
        assert direction == "rtl"
        # The label ends at its anchor, its bar's start, and reads on leftwards, inside the
        # 800-unit drawing.
        assert right == pytest.approx(anchor, abs=1)
        assert 0 <= left < right <= 800


def test_the_breadcrumbs_run_from_the_right_on_arabic_pages(site, arabic_page):
    decision = Decision.objects.published().order_by("slug").first()
    with translation.override("ar"):
        arabic_page.goto(site + reverse("public:decision-detail", args=[decision.slug]))
    rights = arabic_page.evaluate(
        "[...document.querySelectorAll('.breadcrumbs li')]"
        ".map(li => li.getBoundingClientRect().right)"
    )
    # The overview first, at the right edge of the text column, each next step to its left
    # (or on the next line, starting again at the right).
    assert rights[0] == max(rights)
    assert rights[0] > 320 - 16 - 2
    assert rights[1] < rights[0]
