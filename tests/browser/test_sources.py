"""Sources in a real browser: an editor adds one by pasting its text, checks its numbered
sentences, cites two of them on a decision; a visitor follows the decision's footnote to the
sentence on the source's page and back. Then the source's text is replaced so that one cited
sentence changes, and content health names that citation and the record."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from missions.models import Decision
from tests.browser.conftest import log_in
from tests.browser.test_public_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True)

PASTED = (
    "The U.S. and other Allies send trainers to Baghdad. In Feb. 2024 the ministers met again.\n"
    "\n"
    "No. 5 of the plan covers police training. It starts in 2025."
)
SENTENCES = [
    "The U.S. and other Allies send trainers to Baghdad.",
    "In Feb. 2024 the ministers met again.",
    "No. 5 of the plan covers police training.",
    "It starts in 2025.",
]


def add_source(page, site):
    page.goto(f"{site}/admin/missions/source/add/")
    page.locator("#id_title").fill("NATO and Iraq, topic page")
    # The admin fills the slug in from the title.
    page.locator("#id_status").select_option("published")
    page.locator("#id_publisher").fill("NATO")
    page.locator("#id_text").fill(PASTED)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("check the 4 numbered sentences below")
    expect(page.locator("ol.source-sentences li")).to_have_text(SENTENCES)
    preview = '[aria-labelledby="sentences-heading"]'
    assert Axe().run(page, context=preview, options=AXE_OPTIONS).violations_count == 0
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def cite(page, words):
    """Choose a citation on the open change form by typing words of its sentence."""
    field = page.locator(".field-citations .select2-search__field")
    field.click()
    field.fill(words)
    option = page.locator(".select2-results__option", has_text=words)
    option.first.click()


def assert_remove_button_beside_the_text(chip):
    """The chip's remove button is a 24px target that covers none of the sentence."""
    remove, text = chip.evaluate(
        """chip => {
            const button = chip.querySelector(".select2-selection__choice__remove");
            const range = document.createRange();
            range.selectNodeContents(chip.lastChild);
            const box = rect => ({left: rect.left, right: rect.right, top: rect.top,
                                  bottom: rect.bottom, width: rect.width, height: rect.height});
            return [box(button.getBoundingClientRect()), box(range.getBoundingClientRect())];
        }"""
    )
    assert remove["width"] >= 24
    assert remove["height"] >= 24
    assert remove["right"] <= text["left"] or remove["bottom"] <= text["top"]


def test_an_editor_cites_a_new_source_and_a_visitor_checks_the_citation(
    live_server, page, browser, editor
):
    site = live_server.url
    log_in(page, site, editor)
    add_source(page, site)

    decision = Decision.objects.get(slug="nmi-established")
    page.goto(f"{site}/admin/missions/decision/{decision.pk}/change/")
    cite(page, "trainers to Baghdad")
    cite(page, "police training")
    chosen = page.locator(".field-citations .select2-selection__choice", has_text="Baghdad")
    expect(chosen).to_contain_text(f"NATO and Iraq, topic page, sentence 1: {SENTENCES[0]}")
    assert_remove_button_beside_the_text(chosen)
    result = Axe().run(page, context=".field-citations", options=AXE_OPTIONS)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    visitor = browser.new_page()
    visitor.goto(f"{site}{decision.get_absolute_url()}")
    visitor.get_by_role("link", name="NATO and Iraq, topic page, sentence 3").click()
    expect(visitor).to_have_url(f"{site}/en/sources/nato-and-iraq-topic-page/#s3")
    sentence = visitor.locator("#s3")
    expect(sentence).to_contain_text("No. 5 of the plan covers police training.")
    sentence.get_by_role("link", name=decision.name).click()
    expect(visitor).to_have_url(f"{site}{decision.get_absolute_url()}")
    expect(visitor.locator(".footnotes")).to_contain_text("The U.S. and other Allies")

    # The page was updated: the cited sentence 3 now reads otherwise.
    page.goto(f"{site}/admin/missions/source/")
    page.get_by_role("link", name="NATO and Iraq, topic page", exact=True).click()
    page.locator("#id_text").fill(PASTED.replace("covers police", "covers border police"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("group", name="The 4 numbered sentences")).to_contain_text(
        "1 citation quotes a sentence the new text changes or drops"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{site}/admin/content-health/")
    problems = page.get_by_role("table", name="problem to fix")
    expect(problems).to_contain_text("nato-and-iraq-topic-page §3: No. 5 of the plan covers police")
    expect(problems).to_contain_text(
        "the closest sentence now is 3: “No. 5 of the plan covers border police training.”"
    )
    expect(problems).to_contain_text(f"decision “{decision.name}”")
