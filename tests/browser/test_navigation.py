"""The public site works for keyboard users in a real browser."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_skip_link_takes_keyboard_users_to_the_main_content(live_server, page):
    call_command("loaddata", "nmi", verbosity=0)
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    page.get_by_role("link", name="NATO Mission Iraq (NMI)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "NATO Mission Iraq"
