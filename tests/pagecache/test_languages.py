"""Each language's version of a page is stored apart (its address has the language's prefix), and
the redirect from an address without a language, which depends on the browser, never is."""

from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.pagecache.conftest import wsgi_get


def address(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def visit(client, path, **headers):
    """(response, number of queries) of a visit to ``path``."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def test_english_and_french_visits_of_a_record_each_get_their_own_page(client, seeded):
    english = address("public:decision-detail", "en", slug="nmi-established")
    french = address("public:decision-detail", "fr", slug="nmi-established")
    first_english, _ = visit(client, english)
    first_french, french_queries = visit(client, french)
    assert french_queries > 0  # rendered, not the English page
    assert first_french["Content-Language"] == "fr"
    assert first_french.content != first_english.content
    assert '<meta property="og:locale" content="fr_FR">' in first_french.text
    for path, first in [(english, first_english), (french, first_french)]:
        again, queries = visit(client, path)
        assert queries == 0
        assert again.content == first.content
        assert again["Content-Language"] == first["Content-Language"]


def test_in_front_of_django_each_language_gets_its_own_stored_page(client, seeded, front):
    application, django = front
    pages = {
        language: client.get(address("public:partner-list", language))
        for language in ("en", "fr", "ar")
    }
    for language, rendered in pages.items():
        status, headers, body = wsgi_get(application, address("public:partner-list", language))
        assert status == "200 OK"
        assert body == rendered.content
        assert headers["Content-Language"] == language
    assert django.paths == []


def test_a_french_search_is_stored_per_query(client, seeded):
    """The page cache reads a French page's query parameters as an English page's."""
    search = address("public:search", "fr")
    police, _ = visit(client, f"{search}?q=police")
    training, queries = visit(client, f"{search}?q=training")
    assert queries > 0
    assert training.content != police.content
    tracked, queries = visit(client, f"{search}?q=police&utm_source=newsletter")
    assert queries == 0
    assert tracked.content == police.content


def test_the_redirect_from_the_root_is_never_stored(client, seeded, front):
    application, django = front
    for accepted, language in [("fr", "fr"), ("ar", "ar"), ("fr", "fr"), ("de", "en")]:
        response = client.get("/", headers={"Accept-Language": accepted})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"/{language}/"
    status, _, body = wsgi_get(application, "/", Accept_Language="ar")
    assert (status, body) == ("200 OK", b"rendered by Django")
    assert django.paths == ["/"]


def test_the_crawlers_files_are_shared_whatever_the_browsers_language(client, seeded):
    for name in ("crawlers:robots", "crawlers:sitemap"):
        first, _ = visit(client, reverse(name), **{"Accept-Language": "fr"})
        again, queries = visit(client, reverse(name), **{"Accept-Language": "ar"})
        assert queries == 0, name
        assert again.content == first.content
