"""The public site cannot be changed from outside, and bad input never breaks it."""

from http import HTTPStatus

import pytest
from django.test import Client

from missions.public import views
from tests.public.pages import OTHER_URLS, PAGE_TYPES, Page

EVERY_URL = [*PAGE_TYPES.values(), *OTHER_URLS]


@pytest.mark.parametrize("url", EVERY_URL)
def test_every_public_url_answers_get_and_head(client, seeded, url):
    assert client.get(url).status_code == HTTPStatus.OK
    head = client.head(url)
    assert head.status_code == HTTPStatus.OK
    assert head.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", EVERY_URL)
def test_writes_are_refused_with_405(seeded, url, method):
    """Even a client that enforces CSRF checks gets 405, not 403: nothing here accepts a write."""
    response = getattr(Client(enforce_csrf_checks=True), method)(url, data={"q": "x"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


BAD_REQUESTS = [
    ("/en/decisions/?page=abc", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/decisions/?page=99999", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/decisions/?page=0", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/institutions/?page=abc", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/partners/?page=99999", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/decisions/?year=abcd", HTTPStatus.BAD_REQUEST, "Year: Select a valid choice."),
    ("/en/decisions/?year=1999", HTTPStatus.BAD_REQUEST, "Year: Select a valid choice."),
    ("/en/decisions/?year=2018%00", HTTPStatus.BAD_REQUEST, "Year: Select a valid choice."),
    ("/en/decisions/?body=nobody", HTTPStatus.BAD_REQUEST, "Decided by: Select a valid choice."),
    ("/en/decisions/?body=%00", HTTPStatus.BAD_REQUEST, "Decided by: Select a valid choice."),
    ("/en/search/?q=" + "x" * 10_000, HTTPStatus.BAD_REQUEST, "at most 200 characters"),
    ("/en/search/?q=police%00", HTTPStatus.BAD_REQUEST, "Null characters are not allowed."),
    ("/en/missions/no-such-mission/", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/decisions/no-such-decision/", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/institutions/no-such-institution/", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/en/partners/no-such-partner/", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/no-such-page/", HTTPStatus.NOT_FOUND, "Page not found"),
    ("/sitemap-decisions.xml?p=abc", HTTPStatus.NOT_FOUND, ""),
    ("/sitemap-decisions.xml?p=99999", HTTPStatus.NOT_FOUND, ""),
    ("/sitemap-unknown.xml", HTTPStatus.NOT_FOUND, ""),
]


@pytest.mark.parametrize(("url", "status", "message"), BAD_REQUESTS)
def test_bad_input_gets_a_friendly_400_or_404(client, seeded, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in Page(response.text).text if message else True


@pytest.mark.parametrize(
    "query", ["'", '"unclosed', "a & b | !c", "(:*)", "-", "or or", "%_\\", "ünïcödé ✓", "the"]
)
def test_search_copes_with_any_words(client, seeded, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert f"for “{query}”" in Page(response.text).text or "Nothing in the record matches" in (
        Page(response.text).text
    )


def test_a_refused_search_explains_itself_next_to_the_form(client, seeded):
    page = Page(client.get("/en/search/", {"q": "x" * 10_000}).text)
    assert "This search cannot be run" in page.text
    assert page.title.startswith("Error: ")
    assert "#id_q" in page.links


def test_unknown_query_parameters_are_ignored(client, seeded):
    assert client.get("/en/decisions/", {"colour": "red"}).status_code == HTTPStatus.OK
    assert client.get("/en/", {"page": "abc"}).status_code == HTTPStatus.OK


def test_a_server_error_shows_the_friendly_500_page(seeded, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views.HomeView, "get_context_data", fail)
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = Page(response.text)
    assert page.headings[0] == (1, "Something went wrong")
    assert "/en/" in page.links
    assert "secret internal detail" not in response.text


def test_a_disallowed_host_gets_the_friendly_400_page(seeded):
    response = Client(HTTP_HOST="evil.example").get("/en/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Page(response.text).headings[0] == (1, "This address cannot be read")


def test_the_404_page_is_friendly_and_helpful(client, seeded):
    response = client.get("/en/missions/nope/")
    page = Page(response.text)
    assert page.title == "Page not found · NMI Records"
    assert {"/en/", "/en/decisions/", "/en/search/"} <= set(page.links)


@pytest.mark.parametrize(
    "url", ["/en/", "/en/decisions/", "/en/institutions/", "/en/partners/", "/en/search/?q=x"]
)
def test_an_empty_record_still_renders_every_list(client, db, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert len([level for level, _ in Page(response.text).headings if level == 1]) == 1
