"""The public site works for keyboard users in a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from missions.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_skip_link_takes_keyboard_users_to_the_main_content(live_server, page):
    call_command("loaddata", "nmi", verbosity=0)
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    page.get_by_role("link", name="NATO Mission Iraq (NMI)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NATO Mission Iraq")


def test_the_language_switcher_keeps_the_visitor_on_the_same_decision(live_server, page):
    call_command("loaddata", "nmi", verbosity=0)
    decision = Decision.objects.get(slug="nmi-established")
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    heading = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{live_server.url}/fr/decisions/nmi-established/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    switcher = page.get_by_role("navigation", name="Langue")
    expect(switcher.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(f"{live_server.url}/ar/decisions/nmi-established/")
