"""Drafts stay off the public site; staff preview them on their public URL."""

import datetime
from http import HTTPStatus

import pytest

from missions.models import Decision, Institution, Mission, Partner, Status
from tests.public.pages import Page


@pytest.fixture
def drafts(seeded):
    """A draft of each kind, related to published records, all named 'Secret'."""
    nmi = Mission.objects.get(slug="nmi")
    institution = Institution.objects.create(
        name="Secret institution", slug="secret-institution", engagement="Secret engagement."
    )
    partner = Partner.objects.create(name="Secret partner", slug="secret-partner")
    nmi.institutions.add(institution)
    nmi.partners.add(partner)
    published_decision = Decision.objects.get(slug="nmi-scope-expanded")
    published_decision.institutions.add(institution)
    decision = Decision.objects.create(
        name="Secret decision",
        slug="secret-decision",
        mission=nmi,
        date=datetime.date(2024, 5, 1),
        date_precision="month",
        decided_by=published_decision.decided_by,
        action=Decision.Action.EXPAND_SIZE,
        summary="Secret summary of a decision not yet published.",
    )
    mission = Mission.objects.create(
        name="Secret mission", slug="secret-mission", acronym="SM", summary="Secret summary."
    )
    return {
        "decision": decision,
        "institution": institution,
        "partner": partner,
        "mission": mission,
    }


PUBLIC_URLS = [
    "/en/",
    "/en/missions/nmi/",
    "/en/decisions/",
    "/en/decisions/?year=2024",
    "/en/decisions/nmi-scope-expanded/",
    "/en/institutions/",
    "/en/partners/",
    "/en/search/?q=secret",
    "/en/feeds/decisions/",
    "/sitemap.xml",
    "/sitemap-decisions.xml",
    "/sitemap-institutions.xml",
    "/sitemap-partners.xml",
    "/sitemap-missions.xml",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_drafts_never_reach_public_pages_feeds_sitemap_or_search(client, drafts, url):
    response = client.get(url)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    assert "Secret" not in response.text
    assert "secret-" not in response.text


@pytest.mark.parametrize("kind", ["decision", "institution", "partner", "mission"])
def test_the_public_gets_the_404_page_for_a_draft(client, drafts, kind):
    response = client.get(drafts[kind].get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.text
    assert "Secret" not in response.text


@pytest.mark.parametrize("kind", ["decision", "institution", "partner", "mission"])
def test_staff_preview_a_draft_under_a_visible_banner(admin_client, drafts, kind):
    response = admin_client.get(drafts[kind].get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = Page(response.text)
    assert "Draft preview." in page.text
    assert drafts[kind].name in [text for _, text in page.headings]
    assert page.meta["robots"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_published_record_shows_no_banner_to_staff(admin_client, drafts):
    response = admin_client.get("/en/decisions/nmi-scope-expanded/")
    assert "Draft preview" not in response.text
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_draft_preview_shows_its_text(admin_client, drafts):
    text = Page(admin_client.get("/en/decisions/secret-decision/").text).text
    assert "Secret summary of a decision not yet published." in text


def test_a_non_staff_account_gets_the_404_page_for_a_draft(client, drafts, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get("/en/decisions/secret-decision/").status_code == HTTPStatus.NOT_FOUND


def test_a_published_decision_on_a_draft_mission_does_not_link_it(client, drafts):
    Mission.objects.filter(slug="nmi").update(status=Status.DRAFT)
    response = client.get("/en/decisions/nmi-scope-expanded/")
    assert response.status_code == HTTPStatus.OK
    assert "/en/missions/nmi/" not in response.text
    assert client.get("/en/missions/ntm-i/").status_code == HTTPStatus.OK
    assert "/en/missions/nmi/" not in client.get("/en/missions/ntm-i/").text


@pytest.mark.parametrize("kind", ["decision", "institution", "partner", "mission"])
def test_what_staff_may_see_and_what_the_public_may_see_stay_apart_whoever_comes_first(
    client, admin_client, drafts, kind
):
    url = drafts[kind].get_absolute_url()
    for _ in range(2):  # each page's statement is built once for staff and once for the public
        assert admin_client.get(url).status_code == HTTPStatus.OK
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
