"""Every public page in English, French and Arabic at its own address (/en/, /fr/, /ar/): the
browser's language chosen at /, old addresses kept working, each page naming its other versions
and offering them in a language switcher."""

import datetime
import re
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from tests.public.pages import PAGE_TYPES, in_language

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DECISION = "nmi-established"


class LanguageLinks(HTMLParser):
    """What a page says of its languages: the ``hreflang`` links of its ``<head>``, its
    ``og:locale`` and the links of its language switcher, with their attributes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.alternates = {}
        self.open_graph_locale = None
        self.switcher_label = None
        self.switcher = []
        self._in_switcher = False
        self._link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.alternates[attributes["hreflang"]] = attributes["href"]
        elif tag == "meta" and attributes.get("property") == "og:locale":
            self.open_graph_locale = attributes["content"]
        elif tag == "nav" and "languages" in attributes.get("class", ""):
            self._in_switcher = True
            self.switcher_label = attributes.get("aria-label")
        elif tag == "a" and self._in_switcher:
            self._link = {**attributes, "text": ""}

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        elif tag == "a" and self._link is not None:
            self.switcher.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data.strip()


def language_links(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return LanguageLinks(response.text)


@pytest.mark.parametrize(
    ("accepted", "language"),
    [("fr", "fr"), ("fr-FR,fr;q=0.9,en;q=0.5", "fr"), ("ar-IQ", "ar"), ("de", "en"), ("", "en")],
)
def test_the_root_sends_each_visitor_to_the_language_the_browser_asks_for(
    client, seeded, accepted, language
):
    response = client.get("/", headers={"Accept-Language": accepted} if accepted else {})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/{language}/"
    assert {"Accept-Language", "Cookie"} <= {name.strip() for name in response["Vary"].split(",")}


def test_the_root_redirect_is_never_given_to_the_next_visitor(client, seeded):
    """The page cache shares pages between visitors: it must not share this one."""
    assert client.get("/", headers={"Accept-Language": "fr"})["Location"] == "/fr/"
    assert client.get("/", headers={"Accept-Language": "ar"})["Location"] == "/ar/"
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.parametrize(
    ("old", "accepted", "new"),
    [
        (f"/decisions/{DECISION}/", "", f"/en/decisions/{DECISION}/"),
        (f"/decisions/{DECISION}/", "fr", f"/fr/decisions/{DECISION}/"),
        ("/decisions/?year=2023&body=north-atlantic-council", "ar", None),
        ("/missions/nmi/", "de", "/en/missions/nmi/"),
        ("/search/?q=police", "fr", "/fr/search/?q=police"),
        ("/feeds/decisions/", "", "/en/feeds/decisions/"),
        ("/sources", "", "/en/sources/"),
    ],
)
def test_an_address_from_before_the_languages_leads_to_the_page_in_the_browsers_language(
    client, seeded, old, accepted, new
):
    response = client.get(old, headers={"Accept-Language": accepted} if accepted else {})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == (new or f"/{accepted}{old}")
    assert client.get(response["Location"]).status_code == HTTPStatus.OK


def test_an_address_that_never_was_still_gets_the_404_page(client, seeded):
    assert client.get("/nothing-here/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/fr/nothing-here/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_is_in_the_language_of_its_address(client, seeded, language):
    response = client.get(reverse("public:home").replace("/en/", f"/{language}/"))
    assert response["Content-Language"] == language
    assert "Accept-Language" not in response.get("Vary", "")
    locale = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_AR"}[language]
    assert LanguageLinks(response.text).open_graph_locale == locale


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=list(PAGE_TYPES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_version_in_each_language(client, seeded, url, language):
    links = language_links(client, in_language(url, language))
    assert set(links.alternates) == {*LANGUAGES, "x-default"}
    canonical = urlsplit(in_language(url, "en")).path
    for each in LANGUAGES:
        alternate = urlsplit(links.alternates[each])
        assert alternate.path == canonical.replace("/en/", f"/{each}/", 1)
        assert client.get(alternate.path).status_code == HTTPStatus.OK
    # x-default: the address without a language, which picks the browser's.
    x_default = urlsplit(links.alternates["x-default"]).path
    assert x_default == canonical.replace("/en/", "/", 1)
    response = client.get(x_default, follow=True)
    assert response.redirect_chain[-1][0] == canonical
    assert response.status_code == HTTPStatus.OK


def test_the_switcher_keeps_the_visitor_on_the_same_decision(client, seeded):
    with translation.override("fr"):
        decision = reverse("public:decision-detail", kwargs={"slug": DECISION})
    links = language_links(client, decision)
    assert links.switcher_label
    assert [link["text"] for link in links.switcher] == ["English", "Français", "العربية"]
    for link, language in zip(links.switcher, LANGUAGES, strict=True):
        assert link["href"] == f"/{language}/decisions/{DECISION}/"
        assert link["lang"] == link["hreflang"] == language
        assert ("aria-current" in link) == (language == "fr")
        assert client.get(link["href"]).status_code == HTTPStatus.OK


def test_the_switcher_keeps_the_search_but_not_other_parameters(client, seeded):
    links = language_links(client, reverse("public:search") + "?q=police&utm_source=mail")
    assert [link["href"] for link in links.switcher] == [
        f"/{language}/search/?q=police" for language in LANGUAGES
    ]


def test_a_page_not_found_offers_each_languages_overview(client, seeded):
    response = client.get("/ar/decisions/no-such-decision/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    links = LanguageLinks(response.text)
    assert [link["href"] for link in links.switcher] == [f"/{code}/" for code in LANGUAGES]
    assert links.alternates == {}


def test_the_feed_is_per_language(client, seeded):
    for language in LANGUAGES:
        with translation.override(language):
            feed = client.get(reverse("public:decision-feed"))
        assert feed.status_code == HTTPStatus.OK
        assert f'xml:lang="{language}"' in feed.text
        assert f"http://testserver/{language}/decisions/{DECISION}/" in feed.text


def test_the_sitemap_lists_each_page_in_every_language_with_its_alternates(client, seeded):
    index = client.get(reverse("crawlers:sitemap"))
    assert "http://testserver/sitemap-decisions.xml" in index.text
    body = client.get(reverse("crawlers:sitemap-section", kwargs={"section": "decisions"})).text
    for language in LANGUAGES:
        assert f"<loc>http://testserver/{language}/decisions/{DECISION}/</loc>" in body
        link = (
            f'<xhtml:link rel="alternate" hreflang="{language}" '
            f'href="http://testserver/{language}/decisions/{DECISION}/"/>'
        )
        assert body.count(link) == len(LANGUAGES)
    x_default = (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        f'href="http://testserver/decisions/{DECISION}/"/>'
    )
    assert body.count(x_default) == len(LANGUAGES)


def test_robots_txt_stays_at_the_root_keeping_every_languages_search_out(client, seeded):
    response = client.get(reverse("crawlers:robots"))
    assert reverse("crawlers:robots") == "/robots.txt"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    for language in LANGUAGES:
        assert f"Disallow: /{language}/search/" in response.text
    # The same for every browser, so shared by the page cache.
    assert "Vary" not in response or "Accept-Language" not in response["Vary"]


def test_the_admin_keeps_its_address_in_the_browsers_language(client, db):
    login = f"/{settings.ADMIN_URL}login/"
    french = client.get(login, headers={"Accept-Language": "fr"})
    assert french.status_code == HTTPStatus.OK
    assert french["Content-Language"] == "fr"
    assert "Connexion" in french.text
    english = client.get(login)
    assert english["Content-Language"] == "en"
    assert "Log in" in english.text


def test_english_dates_and_numbers_stay_british(db):
    with translation.override("en"):
        assert formats.date_format(datetime.date(2018, 7, 3)) == "3 Jul 2018"
        assert formats.date_format(datetime.date(2018, 7, 3), "SHORT_DATE_FORMAT") == "03/07/2018"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert re.fullmatch(
            r"1,234\.5", formats.number_format(1234.5, use_l10n=True, force_grouping=True)
        )
