"""Shared by the public-page tests: the page types (listed, and found from the URLconf so new
pages are covered at once), and an HTML reader for what a user sees."""

import json
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse, translate_url
from django.urls.resolvers import RoutePattern
from django.utils import translation

from missions.public.registry import record_pages

BLOCK_ELEMENTS = {
    "p", "li", "div", "dt", "dd", "ul", "ol", "dl", "section", "nav", "main", "header", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "figure", "figcaption", "form", "fieldset", "label",
}  # fmt: skip
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}

# One URL for each public page type, on the seeded record: the records' list and detail pages
# from their declarations in the public registry, and the pages that show no one kind of record.
# English, the default language: tests of other languages translate them (translate_url).
PAGE_TYPES = {
    "overview": reverse("public:home"),
    **dict(record_pages()),
    "decision list, filtered": reverse("public:decision-list")
    + "?year=2023&body=north-atlantic-council",
    "search": reverse("public:search"),
    "search results": reverse("public:search") + "?q=police",
    # Nothing found: on PostgreSQL, with "Did you mean: training?".
    "search, misspelled": reverse("public:search") + "?q=trainnig",
}
# Page types that show no record (so cite no source and name no date of change).
SHOWING_NO_RECORD = {PAGE_TYPES["search"], PAGE_TYPES["search, misspelled"]}
# Pages that are not HTML but are public too.
# The feed has a language; crawlers' files are at the root, the same in every language.
OTHER_URLS = [
    reverse("public:decision-feed"),
    reverse("crawlers:sitemap"),
    reverse("crawlers:sitemap-section", kwargs={"section": "decisions"}),
    reverse("crawlers:robots"),
]


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: headings, links, ids, metadata and text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.headings = []
        self.links = []
        self.ids = set()
        self.meta = {}
        self.canonical = None
        self.scripts = []
        self.style_elements = 0
        self.style_attributes = 0
        self.landmarks = []
        self.text_parts = []
        self.title = ""
        self._open = []
        self._heading = None
        self._script = None
        self._in_title = False
        self.feed(html)
        self.close()

    @property
    def json_ld(self):
        return [json.loads(body) for kind, body in self.scripts if kind == "application/ld+json"]

    @property
    def text(self):
        return " ".join("".join(self.text_parts).split())

    @property
    def lines(self):
        """The text as it reads block by block: one line per paragraph, list item, term, ..."""
        blocks = "".join(self.text_parts).split("\n")
        return [" ".join(block.split()) for block in blocks if block.strip()]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS:
            self.text_parts.append("\n")
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "style" in attributes:
            self.style_attributes += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]
        elif tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.meta[key] = attributes.get("content")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        elif tag == "script":
            self._script = [attributes.get("type", ""), ""]
        elif tag == "style":
            self.style_elements += 1
        elif tag == "title" and not self._open_in("svg"):
            self._in_title = True
        if tag in ("main", "nav", "header", "footer"):
            self.landmarks.append(tag)
        if tag not in VOID_ELEMENTS:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self.text_parts.append("\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        elif tag == "script" and self._script:
            self.scripts.append(tuple(self._script))
            self._script = None
        elif tag == "title":
            self._in_title = False
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
            return
        if self._in_title:
            self.title += data
        if self._heading is not None:
            self._heading[1] += data
        if not self._open_in("head"):
            self.text_parts.append(data)

    def _open_in(self, tag):
        return tag in self._open


def public_routes(patterns=None, prefix="/"):
    """Every route outside the admin, as written in the URLconf: "/en/decisions/<slug:slug>/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from public_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern)


def public_paths():
    """One address of each public page type: fixed routes and one published record of each kind."""
    paths = {route for route in public_routes() if "<" not in route}
    for model in apps.get_app_config("missions").get_models():
        if hasattr(model, "get_absolute_url") and hasattr(model.objects, "published"):
            record = model.objects.published().first()
            url = record.get_absolute_url() if record else ""
            if url.startswith("/") and "#" not in url and "?" not in url:
                paths.add(url)
    return sorted(paths)


def in_language(url, language):
    """The address of the page at ``url`` (an English address) in ``language``."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)
