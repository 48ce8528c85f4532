"""The public pages: what each shows, and that every page is complete, sourced and well formed."""

import datetime
import html
import itertools
import re
import threading
from html.parser import HTMLParser
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import urldefrag, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation
from django.utils.http import http_date

from bench.data import add_decisions
from missions.models import (
    Body,
    Citation,
    Decision,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Source,
    Status,
)
from missions.public.feeds import FEED_SIZE, DecisionFeed
from missions.public.sitemaps import SITEMAP_SIZE, SITEMAPS
from missions.sources import split_sentences
from tests.public.pages import PAGE_TYPES, SHOWING_NO_RECORD, Page

PAGE_URLS = list(PAGE_TYPES.values())


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return Page(response.text)


@pytest.mark.parametrize("url", PAGE_URLS, ids=list(PAGE_TYPES))
def test_every_page_has_one_h1_ordered_headings_and_landmarks(client, seeded, url):
    page = get_page(client, url)
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, page.headings
    assert page.links[0] == "#main-content"
    assert "main-content" in page.ids
    assert {"header", "nav", "main", "footer"} <= set(page.landmarks)


@pytest.mark.parametrize("url", PAGE_URLS, ids=list(PAGE_TYPES))
def test_every_page_has_title_description_open_graph_and_canonical_link(client, seeded, url):
    page = get_page(client, url)
    assert page.title.endswith("· NMI Records")
    assert len(page.meta["description"]) > 40
    assert page.meta["og:title"]
    assert page.meta["og:description"] == page.meta["description"]
    assert page.canonical.startswith("http://testserver/")
    assert page.meta["og:url"] == page.canonical
    assert urlsplit(page.canonical).path == urlsplit(url).path


@pytest.mark.parametrize("url", PAGE_URLS, ids=list(PAGE_TYPES))
def test_no_page_carries_inline_scripts_or_styles(client, seeded, url):
    """The content security policy forbids them: only JSON-LD data blocks are allowed."""
    page = get_page(client, url)
    assert all(kind == "application/ld+json" for kind, _ in page.scripts)
    assert page.style_elements == 0
    assert page.style_attributes == 0


@pytest.mark.parametrize("url", PAGE_URLS, ids=list(PAGE_TYPES))
def test_every_footnote_reference_points_at_a_quoted_source_sentence(client, seeded, url):
    page = get_page(client, url)
    notes = [link for link in page.links if link.startswith("#note-")]
    for note in notes:
        assert note[1:] in page.ids
    if url in SHOWING_NO_RECORD or url.startswith("/en/sources/"):
        # A source's pages are the source: they quote no other.
        assert notes == []
    else:
        assert notes, "every page with records cites their sources"
        assert "Sources" in [text for _, text in page.headings]


@pytest.mark.parametrize("url", PAGE_URLS, ids=list(PAGE_TYPES))
def test_every_page_says_when_it_was_last_updated(client, seeded, url):
    Decision.objects.update(updated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    Institution.objects.update(updated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    Partner.objects.update(updated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    Mission.objects.update(updated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    Source.objects.update(updated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    text = get_page(client, url).text
    if url in SHOWING_NO_RECORD:
        assert "Last updated" not in text
    else:
        assert "Last updated 5 March 2026" in text


def test_a_detail_page_quotes_every_citation_of_its_record(client, seeded):
    for record in [
        Mission.objects.get(slug="nmi"),
        Decision.objects.get(slug="nmi-scope-expanded"),
        Institution.objects.get(slug="ministry-of-interior"),
        Partner.objects.get(slug="european-union"),
    ]:
        text = get_page(client, record.get_absolute_url()).text
        for citation in record.citations.all():
            assert citation.text in text
            assert f"sentence {citation.number}." in text


def footnote(response, number):
    """The sentence footnote ``number`` quotes."""
    quoted = response.text.split(f'<li id="note-{number}"><q>', 1)[1].split("</q>", 1)[0]
    return html.unescape(quoted)


def test_a_cited_text_is_followed_by_the_sentence_that_states_it(client, seeded):
    response = client.get("/en/decisions/nmi-established/")
    lead = response.text.split('class="lead"', 1)[1].split("</p>", 1)[0]
    assert 'href="#note-1"' in lead
    assert footnote(response, 1) == Citation.objects.get(number=9).text
    partner = client.get("/en/partners/european-union/")
    assert footnote(partner, 1) == Citation.objects.get(number=22).text


def test_following_links_from_the_overview_reaches_every_record_and_every_sentence(client, seeded):
    seen, queue, texts = set(), ["/en/"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        page = Page(response.text)
        texts.append(html.unescape(page.text))
        for link in page.links:
            target = urldefrag(link).url
            if target.startswith("?"):
                target = urlsplit(url).path + target
            skipped = ("/static/", "/en/feeds/", "/sitemap")
            if target.startswith("/") and not target.startswith(skipped):
                queue.append(target)
    for model in (Mission, Decision, Institution, Partner):
        for record in model.objects.published():
            assert record.get_absolute_url() in seen
    everything = " ".join(texts)
    document = settings.SOURCE_DOCUMENT.read_text(encoding="utf-8")
    missing = [s for s in split_sentences(document) if s not in everything]
    assert missing == []


def test_the_overview_presents_the_current_mission(client, seeded):
    page = get_page(client, "/en/")
    text = page.text
    assert "NATO Mission Iraq (NMI) is a peacekeeping advisory" in text
    for fact in ["July 2018", "October 2018", "2004", "2011", "Resource management"]:
        assert fact in text
    assert "The greater Baghdad" in text
    assert "/en/missions/nmi/" in page.links
    assert "/en/decisions/nmi-scope-expanded/" in page.links
    assert "/en/institutions/federal-police-command/" in page.links
    assert "/en/partners/united-nations/" in page.links
    assert page.json_ld[0]["@type"] == "WebSite"


def test_the_mission_page_shows_aims_principles_relations_decisions_and_figures(client, seeded):
    page = get_page(client, "/en/missions/nmi/")
    text = page.text
    for heading in [
        "Aims",
        "Principles",
        "Focus areas",
        "Institutions advised",
        "Partners",
        "Decisions",
        "Key figures and context",
    ]:
        assert heading in [t for _, t in page.headings]
    assert "Sovereignty and territorial integrity" in text
    assert "NATO does not deploy its personnel alongside Iraqi forces" in text
    assert "with the approval of the Iraqi government" in text
    assert "Follows NATO Training Mission-Iraq (NTM-I), 2004\u20132011" in text
    assert "Less than a thousand casualties in 2019" in text
    assert "principle-sovereignty-and-territorial-integrity" in page.ids
    assert "fact-global-terrorism-index-2020" in page.ids
    ntmi = get_page(client, "/en/missions/ntm-i/")
    assert "Followed by NATO Mission Iraq (NMI), launched October 2018" in ntmi.text


def test_structured_data_describes_each_record(client, seeded):
    mission = get_page(client, "/en/missions/nmi/").json_ld[0]
    assert mission["@type"] == "Organization"
    assert mission["alternateName"] == "NMI"
    assert mission["foundingDate"] == "2018-07"
    assert mission["url"] == "http://testserver/en/missions/nmi/"
    decision = get_page(client, "/en/decisions/nmi-established/").json_ld[0]
    assert decision["@type"] == "Event"
    assert decision["startDate"] == "2018-07"
    assert decision["organizer"]["name"] == "NATO Summit in Brussels"
    for url in ["/en/institutions/ministry-of-interior/", "/en/partners/european-union/"]:
        assert get_page(client, url).json_ld[0]["@type"] == "Organization"


def test_json_ld_cannot_close_its_script_element(client, seeded):
    Decision.objects.filter(slug="nmi-established").update(summary_en="</script><b>x</b> & more")
    response = client.get("/en/decisions/nmi-established/")
    assert "</script><b>" not in response.text
    assert Page(response.text).json_ld[0]["description"] == "</script><b>x</b> & more"


def test_lists_written_in_python_escape_what_editors_typed(client, seeded):
    """The timeline's and a mission's list of decisions are written by template tags in Python
    (``decision_items``): what editors typed is escaped there as a template escapes it, in the
    English original marked on a French page too."""
    typed = """Council <b>&</b> "quoted" 'single'"""
    escaped = "Council &lt;b&gt;&amp;&lt;/b&gt; &quot;quoted&quot; &#x27;single&#x27;"
    decision = Decision.objects.get(slug="nmi-established")
    Decision.objects.filter(pk=decision.pk).update(name_en=typed, summary_en=f"Summary {typed}")
    Body.objects.filter(pk=decision.decided_by_id).update(name_en=typed)
    for address in ["/en/decisions/", "/en/missions/nmi/", "/fr/decisions/"]:
        text = client.get(address).text
        assert typed not in text, address
        assert f">{escaped}</a></h3>" in text or f'"en">{escaped}</span></a></h3>' in text, address
        assert f"Summary {escaped}" in text, address
    assert f' · décidée par <span lang="en">{escaped}</span>' in text


def test_a_missions_lists_escape_what_editors_typed(client, seeded):
    """A mission's principles, focus areas, institutions, partners and key facts are written by
    template tags in Python too (``principle_items`` and the others), on the mission's page and
    the overview: escaped there as a template escapes them, in the English original marked on a
    French page too."""
    typed = """<b>&</b> "quoted" 'single'"""
    escaped = "&lt;b&gt;&amp;&lt;/b&gt; &quot;quoted&quot; &#x27;single&#x27;"
    nmi = Mission.objects.get(slug="nmi")
    names = ["Principle", "Area", "Institution", "Partner"]
    for name, related in zip(
        names, [nmi.principles, nmi.focus_areas, nmi.institutions, nmi.partners], strict=True
    ):
        related.model.objects.filter(pk=related.first().pk).update(name_en=f"{name} {typed}")
    fact = nmi.key_facts.exclude(figure="").first()
    KeyFact.objects.filter(pk=fact.pk).update(figure=typed, statement_en=f"Fact {typed}")
    for address, shown in [
        ("/en/missions/nmi/", [*names, "Fact"]),
        ("/en/", names[1:]),
        ("/fr/missions/nmi/", [*names, "Fact"]),
    ]:
        text = client.get(address).text
        assert typed not in text, address
        for name in shown:
            assert f"{name} {escaped}" in text, (address, name)
    assert f'<strong><span lang="en">Principle {escaped}</span>.</strong>' in text  # French
    assert f'<p class="figure">{escaped} <span class="meta">' in text


def test_dates_are_shown_at_their_precision(client, seeded):
    response = client.get("/en/decisions/nmi-scope-expanded/")
    assert '<time datetime="2023-08">August 2023</time>' in response.text
    assert "1 August 2023" not in response.text


def test_the_decision_page_says_who_decided_who_asked_and_what_it_changed(client, seeded):
    established = get_page(client, "/en/decisions/nmi-established/").text
    assert "Who decided NATO Summit in Brussels" in established
    assert "Who asked Iraqi government" in established
    assert "What it did Establish the mission" in established
    scope = get_page(client, "/en/decisions/nmi-scope-expanded/")
    assert "Institutions it brought in" in [t for _, t in scope.headings]
    assert "/en/institutions/ministry-of-interior/" in scope.links
    assert "/en/decisions/?body=north-atlantic-council" in scope.links
    assert "/en/decisions/?year=2023" in scope.links


def test_an_institution_says_since_when_and_by_which_decision(client, seeded):
    interior = get_page(client, "/en/institutions/ministry-of-interior/")
    assert "Since August 2023, by the decision “North Atlantic Council expands the scope" in (
        interior.text
    )
    assert "/en/decisions/nmi-scope-expanded/" in interior.links
    defence = get_page(client, "/en/institutions/ministry-of-defence/").text
    assert "Advised by NMI (launched October 2018); no separate decision brought it in" in defence
    listing = get_page(client, "/en/institutions/").text
    assert "Since August 2023" in listing


def record_text(client, url):
    """What a visitor reads of a record: from its heading to the "Last updated" line."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    html = response.text
    return Page(html[html.index("<h1") : html.index('<p class="last-updated"')]).lines


# A line a visitor would read as cut off: a separator or joining word with nothing after (or
# before) it, an empty pair of brackets, or a missing value printed as "None".
SEPARATORS = "·,;:\N{EN DASH}"
DANGLING = re.compile(
    rf"(^|\s)[{SEPARATORS}(]$|\s(and|by|of)$|^[{SEPARATORS})]|^(and|by)\s|\(\)|\bNone\b"
)


def assert_reads_whole(lines):
    assert lines, "the page says nothing"
    for line in lines:
        assert not DANGLING.search(line), lines


@pytest.fixture
def bare_mission(db):
    return Mission.objects.create(
        name="Bare Mission", slug="bare", acronym="BM", summary="Nothing else is known.",
        status="published",
    )  # fmt: skip


def test_a_mission_with_none_of_its_optional_fields_or_relations_reads_whole(client, bare_mission):
    lines = record_text(client, "/en/missions/bare/")
    assert lines == [
        "Bare Mission", "BM", "Nothing else is known.",
        "Key dates", "Today", "The mission continues.",
    ]  # fmt: skip
    assert_reads_whole(lines)


def test_a_decision_with_none_of_its_optional_fields_or_relations_reads_whole(client, bare_mission):
    council = Body.objects.create(
        name="Bare Council", slug="bare-council", kind="nato", status="published"
    )
    Decision.objects.create(
        name="Bare decision", slug="bare-decision", mission=bare_mission,
        date=datetime.date(2020, 5, 1), date_precision="month", decided_by=council,
        action="establish", summary="It was decided.", status="published",
    )  # fmt: skip
    lines = record_text(client, "/en/decisions/bare-decision/")
    assert lines == [
        "Bare decision", "It was decided.",
        "When", "May 2020", "Mission", "Bare Mission (BM)", "Who decided", "Bare Council",
        "What it did", "Establish the mission",
        "All decisions of 2020",
    ]  # fmt: skip
    assert_reads_whole(lines)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("Ministry", ["Bare Ministry", "Ministry"]), ("", ["Bare Ministry"])],
    ids=["with its kind", "without its kind"],
)
def test_an_institution_with_none_of_its_optional_relations_reads_whole(client, db, kind, expected):
    """Here and in the list of institutions, which shows the same line under its name."""
    Institution.objects.create(
        name="Bare Ministry", slug="bare-ministry", kind=kind, status="published"
    )
    lines = record_text(client, "/en/institutions/bare-ministry/")
    assert lines == expected
    assert_reads_whole(lines)
    listing = get_page(client, "/en/institutions/").lines
    after_its_name = listing[listing.index("Bare Ministry") + 1 :]
    assert after_its_name[: len(expected) - 1] == expected[1:]
    assert_reads_whole(listing)


def test_a_partner_with_none_of_its_optional_fields_or_relations_reads_whole(client, db):
    Partner.objects.create(name="Bare Partner", slug="bare-partner", status="published")
    lines = record_text(client, "/en/partners/bare-partner/")
    assert lines == ["Bare Partner"]
    assert_reads_whole(lines)


def test_the_overview_of_a_mission_with_none_of_its_optional_fields_or_relations_reads_whole(
    client, bare_mission
):
    page = get_page(client, "/en/")
    assert [text for _, text in page.headings] == [
        "NATO Mission Iraq: the sourced record", "The mission today", "Key dates",
        "Everything in the record",
    ]  # fmt: skip
    assert "Nothing else is known." in page.lines
    assert_reads_whole(page.lines)


def test_a_partner_says_how_the_mission_works_with_it(client, seeded):
    page = get_page(client, "/en/partners/european-union/")
    assert "How the mission works with it" in [t for _, t in page.headings]
    assert "NMI coordinates and cooperates with partners" in page.text
    assert "/en/missions/nmi/" in page.links


def test_the_feed_lists_published_decisions_newest_first(client, seeded):
    response = client.get("/en/feeds/decisions/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.text
    assert body.index("August 2023: North Atlantic Council") < body.index("July 2018: NMI")
    assert "http://testserver/en/decisions/nmi-established/" in body


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_the_feed_is_byte_for_byte_what_djangos_feed_makes(rf, seeded, language):
    add_decisions(60)  # more than a feed holds
    newest = DecisionFeed().items()[0]
    Body.objects.filter(slug="nato-defence-ministers").update(status=Status.DRAFT)
    newest.decided_by = Body.objects.get(slug="nato-defence-ministers")  # a draft: no category
    newest.name_fr, newest.summary_ar = "", ""  # untranslated: in English
    newest.save()
    with translation.override(language):
        request = rf.get(reverse("public:decision-feed"), secure=language == "ar")
        feed = DecisionFeed()
        ours = feed.get_feed(None, request).writeString("utf-8")
        djangos = Feed.get_feed(feed, None, request).writeString("utf-8")
    assert ours == djangos
    assert ours.count("<entry>") == FEED_SIZE
    assert "<category " in ours
    assert "<summary" in ours


class ElementsBuilt(HTMLParser):
    """The elements a browser (or a feed reader) builds from a piece of markup."""

    def __init__(self, markup):
        super().__init__()
        self.tags = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def shown_by_a_feed_reader(element):
    """An Atom text construct as a reader shows it (RFC 4287, 3.1): type "text", the default, as
    it stands; type "html" as markup, so any element in it is built (and a script run)."""
    if element.get("type", "text") == "text":
        return element.text, []
    return element.text, ElementsBuilt(element.text).tags


def test_the_feed_gives_editors_text_to_readers_as_text_never_as_markup(client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.name = 'NMI established <img src="x" onerror="alert(1)">'
    decision.summary = '<script>alert("feed")</script> NATO <b>establishes</b> NMI & more.'
    decision.save()

    feed = ElementTree.fromstring(client.get("/en/feeds/decisions/").content)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(
        entry
        for entry in feed.iter(f"{atom}entry")
        if entry.find(f"{atom}link").get("href").endswith("/en/decisions/nmi-established/")
    )
    assert shown_by_a_feed_reader(entry.find(f"{atom}title")) == (
        f"July 2018: {decision.name}",
        [],
    )
    assert shown_by_a_feed_reader(entry.find(f"{atom}summary")) == (decision.summary, [])


def sitemap_sections(client):
    """The sitemaps the index at /sitemap.xml names, fetched: {address: body}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == HTTPStatus.OK
    assert "<sitemapindex" in index.text
    addresses = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index.text)
    sections = {}
    for address in addresses:
        response = client.get(html.unescape(address))
        assert response.status_code == HTTPStatus.OK, address
        sections[address] = response.text
    return sections


def test_the_sitemap_lists_every_public_page_with_its_last_change(client, seeded):
    body = "".join(sitemap_sections(client).values())
    for model in (Mission, Decision, Institution, Partner):
        for record in model.objects.published():
            assert f"<loc>http://testserver{record.get_absolute_url()}</loc>" in body
    for url in ["/en/", "/en/decisions/", "/en/institutions/", "/en/partners/"]:
        assert f"<loc>http://testserver{url}</loc>" in body
    assert "<lastmod>2026-11-29</lastmod>" in body


def test_the_sitemap_is_split_into_pages_of_bounded_size(client, seeded):
    add_decisions(SITEMAP_SIZE + 1)
    sections = sitemap_sections(client)
    # Each decision has an address in each language.
    addresses = Decision.objects.published().count() * len(settings.LANGUAGES)
    pages = -(-addresses // SITEMAP_SIZE)
    for page in range(2, pages + 1):
        assert f"/sitemap-decisions.xml?p={page}" in sections
    for body in sections.values():
        assert body.count("<url>") <= SITEMAP_SIZE
    body = "".join(sections.values())
    for decision in Decision.objects.published():
        assert f"<loc>http://testserver{decision.get_absolute_url()}</loc>" in body
    beyond = f"/sitemap-decisions.xml?p={pages + 1}"
    assert client.get(beyond).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/sitemap-unknown.xml").status_code == HTTPStatus.NOT_FOUND
    for page in ["0", "-1", "two", "1.5", ""]:
        response = client.get("/sitemap-decisions.xml", {"p": page})
        assert response.status_code == HTTPStatus.NOT_FOUND, page


def test_a_page_of_a_sitemap_is_read_in_one_query(client, seeded):
    """Its records, without counting them all first: a page past the last has none."""
    add_decisions(SITEMAP_SIZE)
    for page in [1, 3]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/sitemap-decisions.xml", {"p": page})
        assert response.status_code == HTTPStatus.OK
        reads = [q for q in queries.captured_queries if "missions_contentversion" not in q["sql"]]
        assert len(reads) == 1, [q["sql"][:80] for q in reads]
    Partner.objects.update(status=Status.DRAFT)
    response = client.get("/sitemap-partners.xml")
    assert response.status_code == HTTPStatus.OK, "an empty sitemap's first page is empty"
    assert "<url>" not in response.text
    assert client.get("/sitemap-partners.xml", {"p": 2}).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("limit", [7, 9, 100])
def test_each_sitemap_page_lists_what_djangos_own_sitemap_lists(client, seeded, limit, monkeypatch):
    """The decisions' sitemap reads a page of records at a time, works out each address once and
    writes its entries without Django's template; its pages must say, byte for byte, what
    Django's own sitemap of the same records says."""
    add_decisions(40)
    sitemap = SITEMAPS["decisions"]()
    monkeypatch.setattr(type(sitemap), "limit", limit)

    class DjangosOwn(Sitemap):
        i18n, alternates, x_default = True, True, True

        def items(self):
            return Decision.objects.published().order_by("slug")

        def lastmod(self, item):
            return item.updated_at

    djangos = DjangosOwn()
    djangos.limit = limit
    site = SimpleNamespace(domain="testserver")
    assert sitemap.paginator.count == Decision.objects.published().count() * 3
    assert sitemap.paginator.num_pages == djangos.paginator.num_pages > 1
    for number in sitemap.paginator.page_range:
        ours = sitemap.get_urls(number, site, "http")
        theirs = djangos.get_urls(number, site, "http")
        assert len(ours) == len(theirs) <= limit
        assert sitemap.latest_lastmod == djangos.latest_lastmod
        served = client.get(reverse("crawlers:sitemap-section", args=["decisions"]), {"p": number})
        assert served.content.decode() == render_to_string("sitemap.xml", {"urlset": theirs})


def test_two_pages_of_a_sitemap_served_at_once_each_say_when_they_last_changed(rf, monkeypatch):
    """A sitemap's latest change is worked out while its page is (``latest_lastmod``, read by
    Django's view afterwards), so two threads serving two pages at once must not share one
    sitemap: each page's Last-Modified is that of its own records. The pages' rows are given
    here, so the two threads need no database."""
    changed = {
        "1": datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
        "2": datetime.datetime(2025, 6, 7, tzinfo=datetime.UTC),
    }
    both_written = threading.Barrier(2, timeout=10)

    def page_rows(sitemap, page, languages):
        return [((f"decision-{page}", changed[page]), language) for language in languages]

    def get_urls(sitemap, page=1, site=None, protocol=None):
        urls = written(sitemap, page, site, protocol)
        both_written.wait()  # each thread's sitemap is written before either view reads it
        return urls

    sitemap_class = type(SITEMAPS["decisions"]())
    written = sitemap_class.get_urls
    monkeypatch.setattr(sitemap_class, "page_rows", page_rows)
    monkeypatch.setattr(sitemap_class, "get_urls", get_urls)
    headers = {}

    def serve(page):
        request = rf.get("/sitemap-decisions.xml", {"p": page})
        response = sitemap_views.sitemap(request, SITEMAPS, section="decisions")
        headers[page] = response["Last-Modified"]

    threads = [threading.Thread(target=serve, args=(page,)) for page in changed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert headers == {page: http_date(when.timestamp()) for page, when in changed.items()}


def test_the_sitemap_index_reads_every_count_and_latest_change_in_one_query(client, rf, seeded):
    """It says what Django's index of the same sitemaps says, each asking the database itself:
    the same sitemaps, pages and latest changes."""
    add_decisions(SITEMAP_SIZE)  # the decisions' sitemap in several pages
    Partner.objects.filter(slug="european-union").update(
        updated_at=datetime.datetime(2027, 1, 2, tzinfo=datetime.UTC)
    )
    with CaptureQueriesContext(connection) as queries:
        served = client.get("/sitemap.xml")
    reads = [q for q in queries.captured_queries if "missions_contentversion" not in q["sql"]]
    assert len(reads) == 1, [q["sql"][:80] for q in reads]
    djangos = sitemap_views.index(
        rf.get("/sitemap.xml"), SITEMAPS, sitemap_url_name="crawlers:sitemap-section"
    )
    djangos.render()
    assert served.content == djangos.content
    assert "/sitemap-decisions.xml?p=3</loc>" in served.text
    assert served.text.count("<lastmod>2027-01-02T00:00:00+00:00</lastmod>") == 2  # pages too


def test_robots_txt_names_the_sitemap(client, seeded):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


NAVIGATION = [
    ("public:home", "Overview"),
    ("public:decision-list", "Decisions"),
    ("public:institution-list", "Institutions"),
    ("public:partner-list", "Partners"),
    ("public:source-list", "Sources"),
    ("public:search", "Search"),
]
CURRENT_NAVIGATION_LINK = re.compile(r'<li><a href="([^"]+)" aria-current="page">([^<]+)</a></li>')


@pytest.fixture
def script_prefix():
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "in reverse"])
def test_the_navigation_marks_each_pages_own_section_whatever_page_came_before(
    client, seeded, script_prefix, order
):
    for name, label in NAVIGATION[::order]:
        for language, prefix in (("en", "/"), ("fr", "/"), ("en", "/records/")):
            script_prefix("/")
            with translation.override(language):
                path = reverse(name)
                label_shown = translation.gettext(label)
            script_prefix(prefix)
            cache.clear()  # the page cache keeps one page for an address, whatever the prefix
            text = client.get(path).text
            url = prefix + path[1:]
            assert CURRENT_NAVIGATION_LINK.findall(text) == [(url, label_shown)], url
            feed = f"{prefix}{path[1:4]}feeds/decisions/"
            assert text.count(f'href="{feed}"') == 2, url  # in the <head> and the footer
