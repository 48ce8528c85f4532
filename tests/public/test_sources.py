"""The sources' pages: every sentence numbered and addressable, with the public records citing
it; drafts (sources, and records citing a sentence) never shown."""

import datetime
import re
from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missions.models import Citation, Decision, Principle, Source, Status
from missions.public.citing import CITED_BY_SHOWN, public_citing_records
from missions.sources import sentences
from tests.public.pages import Page, in_language

SOURCE_URL = "/en/sources/nato-mission-iraq/"


def sentence_item(response, number):
    """The text of the list item of sentence ``number``, as a reader sees it."""
    item = response.text.split(f'<li id="s{number}">', 1)[1].split("</li>", 1)[0]
    return Page(item).text


def test_a_source_page_numbers_every_sentence_of_the_document_in_order(client, seeded):
    response = client.get(SOURCE_URL)
    assert response.status_code == HTTPStatus.OK
    page = Page(response.text)
    document = sentences(Source.objects.get(slug="nato-mission-iraq").text)
    assert len(document) == 22
    for sentence in document:
        assert f"s{sentence.number}" in page.ids
        assert sentence_item(response, sentence.number).startswith(sentence.text)
    # Paragraphs are lists that go on numbering where the previous one stopped.
    assert '<ol class="sentences" start="3">' in response.text
    assert "22 of its 22 sentences cited in the record" in page.text


def test_each_sentence_names_and_links_the_published_records_citing_it(client, seeded):
    response = client.get(SOURCE_URL)
    decision = Decision.objects.get(slug="nmi-established")
    assert Citation.objects.get(number=9) in decision.citations.all()
    item = response.text.split('<li id="s9">', 1)[1].split("</li>", 1)[0]
    assert f'<a href="{decision.get_absolute_url()}">{decision.name}</a>' in item
    assert "Cited by" in sentence_item(response, 9)


def test_a_french_page_names_the_citing_records_in_french_at_their_french_addresses(client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.name_fr = "Création de la NMI au sommet de Bruxelles"
    decision.save()
    principle = Principle.objects.published().first()
    response = client.get("/fr/sources/nato-mission-iraq/")
    item = response.text.split('<li id="s9">', 1)[1].split("</li>", 1)[0]
    assert '<a href="/fr/decisions/nmi-established/">Création de la NMI' in item
    with translation.override("fr"):
        principle_address = principle.get_absolute_url()
    assert principle_address.startswith(f"/fr/missions/{principle.mission.slug}/#principle-")
    assert f'href="{principle_address}"' in response.text


def test_the_records_citing_every_sentence_come_in_one_query(client, seeded):
    """Whatever kinds of record cite the source (the seed's NMI source: seven), the page reads
    them, ranked and counted, in one query, after the source and its citations: from a table
    derived from the record by the first source page after a change (``test_derived``)."""
    assert client.get(SOURCE_URL).status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as queries:  # in French: not a page the cache holds
        assert client.get(in_language(SOURCE_URL, "fr")).status_code == HTTPStatus.OK
    # The page cache's version read aside, which every page makes.
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith('SELECT "missions_contentversion"')
    ]
    assert len([sql for sql in reads if "missions_citing_record" in sql]) == 1
    assert len(reads) == 3, [sql[:80] for sql in reads]


def test_a_renamed_record_and_a_moved_mission_show_at_once_on_the_source_page(client, seeded):
    """The page names each citing record from a table derived from the record: a change to a
    record's name, or to the address of the mission whose page shows it, shows on the next
    page."""
    principle = Principle.objects.published().first()
    assert f'href="{principle.get_absolute_url()}"' in client.get(SOURCE_URL).text
    decision = Decision.objects.get(slug="nmi-established")
    decision.name_en = "NMI founded at the Brussels Summit"
    decision.save()
    mission = principle.mission
    mission.slug = "nato-mission-iraq"
    mission.save()
    principle.refresh_from_db()
    assert principle.get_absolute_url().startswith("/en/missions/nato-mission-iraq/#principle-")
    response = client.get(SOURCE_URL)
    item = response.text.split('<li id="s9">', 1)[1].split("</li>", 1)[0]
    assert '<a href="/en/decisions/nmi-established/">NMI founded at the Brussels Summit</a>' in item
    assert f'href="{principle.get_absolute_url()}"' in response.text


def test_records_the_public_cannot_see_are_never_named(client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.status = Status.DRAFT
    decision.save()
    # A principle is shown on its mission's page only: not while the mission is a draft.
    principle = Principle.objects.published().first()
    assert f'href="{principle.get_absolute_url()}"' in client.get(SOURCE_URL).text
    mission = principle.mission
    mission.status = Status.DRAFT
    mission.save()
    response = client.get(SOURCE_URL)
    assert decision.get_absolute_url() not in response.text
    assert decision.name not in response.text
    assert principle.get_absolute_url() not in response.text


def test_a_sentence_cited_by_many_records_names_the_first_and_counts_the_others(client, seeded):
    citation = Citation.objects.get(number=9)
    cited_before = sum(
        queryset.filter(citations=citation).count() for _, queryset in public_citing_records()
    )
    nmi = Decision.objects.get(slug="nmi-established").mission
    decisions = [
        Decision(
            name=f"Decision citing sentence 9, number {number}",
            slug=f"citing-9-{number}",
            status=Status.DRAFT if number % 5 == 0 else Status.PUBLISHED,
            mission=nmi,
            date=datetime.date(2020 - number % 7, 1, 1),
            date_precision="month",
            decided_by=Decision.objects.get(slug="nmi-established").decided_by,
            action=Decision.Action.EXPAND_SCOPE,
            summary="A decision citing sentence 9.",
        )
        for number in range(1, 31)
    ]
    for decision in Decision.objects.bulk_create(decisions):
        decision.citations.add(citation)
    published = cited_before + 24  # 6 of the 30 are drafts: neither named nor counted

    response = client.get(SOURCE_URL)
    item = response.text.split('<li id="s9">', 1)[1].split("</li>", 1)[0]
    assert item.count("<a href=") == CITED_BY_SHOWN
    assert sentence_item(response, 9).endswith(f"and {published - CITED_BY_SHOWN} other records")
    assert "citing-9-5/" not in item
    # The first in the registry's order of kinds, each kind in its model's order.
    citing = [
        record.get_absolute_url()
        for _, queryset in public_citing_records()
        for record in queryset.filter(citations=citation)
    ]
    assert re.findall(r'<a href="([^"]+)">', item) == citing[:CITED_BY_SHOWN]


def test_a_sentence_no_public_record_cites_is_shown_plainly_and_counted(client, seeded):
    citation = Citation.objects.get(number=1)
    for field in Citation._meta.related_objects:
        if field.many_to_many:
            getattr(citation, field.get_accessor_name()).update(status=Status.DRAFT)
    response = client.get(SOURCE_URL)
    assert "Cited by" not in sentence_item(response, 1)
    assert "21 of its 22 sentences cited" in Page(response.text).text
    listing = Page(client.get("/en/sources/").text).text
    assert "21 of its 22 sentences cited in the record" in listing


def test_a_draft_source_is_never_public_but_staff_may_preview_it(client, admin_client, seeded):
    Source.objects.filter(slug="nato-mission-iraq").update(status=Status.DRAFT)
    assert client.get(SOURCE_URL).status_code == HTTPStatus.NOT_FOUND
    assert SOURCE_URL not in client.get("/en/sources/").text
    assert SOURCE_URL not in client.get("/sitemap-sources.xml").text
    preview = admin_client.get(SOURCE_URL)
    assert preview.status_code == HTTPStatus.OK
    assert preview.headers["X-Robots-Tag"] == "noindex"


def test_the_list_gives_each_source_its_publisher_date_and_original(client, seeded):
    topic = Source.objects.create(
        title="NATO and Iraq, topic page",
        slug="nato-iraq-topic",
        status=Status.PUBLISHED,
        publisher="NATO",
        kind=Source.Kind.WEB_PAGE,
        url="https://www.nato.int/cps/en/natohq/topics_166936.htm",
        published_on="2024-05-01",
        published_on_precision="month",
        text="NATO works with Iraq. It trains its forces.",
    )
    for number, text in enumerate(["NATO works with Iraq.", "It trains its forces."], start=1):
        Citation.objects.create(source=topic, number=number, text=text)
    page = Page(client.get("/en/sources/").text)
    assert "Web page by NATO, published May 2024" in page.text
    assert "0 of its 2 sentences cited in the record" in page.text
    assert "https://www.nato.int/cps/en/natohq/topics_166936.htm" in page.links
    assert "/en/sources/nato-iraq-topic/" in page.links


def test_sources_are_in_the_sitemap_search_and_navigation(client, seeded):
    assert "/en/sources/nato-mission-iraq/" in client.get("/sitemap-sources.xml").text
    assert "/en/sources/" in client.get("/sitemap-pages.xml").text
    results = Page(client.get("/en/search/?q=sovereignty").text)
    assert "Sources" in [text for _, text in results.headings]
    assert SOURCE_URL in results.links
    assert "/en/sources/" in Page(client.get("/en/").text).links


def test_a_source_page_describes_the_source_as_a_creative_work(client, seeded):
    [data] = Page(client.get(SOURCE_URL).text).json_ld
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "NATO Mission Iraq (source document)"
    assert data["inLanguage"] == "en"
    # The seed's document states no publisher, address or date: none is claimed.
    assert not {"publisher", "sameAs", "datePublished"} & set(data)


def footnote_item(response, number):
    return response.text.split(f'<li id="note-{number}">', 1)[1].split("</li>", 1)[0]


def test_a_footnote_leads_to_its_sentence_and_the_sentence_back_to_the_record(client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    response = client.get(decision.get_absolute_url())
    assert (
        'href="/en/sources/nato-mission-iraq/#s9">'
        "NATO Mission Iraq (source document), sentence 9</a>" in (footnote_item(response, 1))
    )
    source_page = client.get(SOURCE_URL)
    assert "s9" in Page(source_page.text).ids
    assert f'href="{decision.get_absolute_url()}"' in source_page.text.split('<li id="s9">')[1]


def test_a_footnote_names_the_publisher_and_date_and_links_the_original(client, seeded):
    Source.objects.filter(slug="nato-mission-iraq").update(
        publisher="NATO",
        published_on="2024-05-01",
        published_on_precision="month",
        url="https://www.nato.int/cps/en/natohq/topics_166936.htm",
    )
    item = footnote_item(client.get("/en/decisions/nmi-established/"), 1)
    text = Page(item).text
    assert "NATO Mission Iraq (source document), sentence 9; NATO, May 2024. Original" in text
    assert 'href="https://www.nato.int/cps/en/natohq/topics_166936.htm"' in item


def test_a_footnote_does_not_link_a_draft_source(client, seeded):
    Source.objects.filter(slug="nato-mission-iraq").update(status=Status.DRAFT)
    response = client.get("/en/decisions/nmi-established/")
    assert "NATO Mission Iraq (source document), sentence 9." in Page(response.text).text
    assert SOURCE_URL not in response.text


def test_further_sources_read_as_an_ordered_phrase(client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.citations.add(*Citation.objects.filter(number__in=[1, 2, 3]))
    page = Page(client.get(decision.get_absolute_url()).text)
    assert "Also stated in sources 2, 3 and 4." in page.lines
    mission = Page(client.get("/en/missions/nmi/").text)
    assert any(
        re.fullmatch(r"More on this mission in sources? [0-9, and]+\.", line)
        for line in mission.lines
    )


def test_a_records_structured_data_names_its_published_sources(client, seeded):
    [decision] = Page(client.get("/en/decisions/nmi-established/").text).json_ld
    assert decision["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "NATO Mission Iraq (source document)",
            "url": "http://testserver/en/sources/nato-mission-iraq/",
        }
    ]
    Source.objects.filter(slug="nato-mission-iraq").update(
        publisher="NATO",
        url="https://www.nato.int/",
        published_on="2024-05-01",
        published_on_precision="month",
    )
    [partner] = Page(client.get("/en/partners/european-union/").text).json_ld
    assert partner["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "NATO Mission Iraq (source document)",
            "url": "https://www.nato.int/",
            "publisher": {"@type": "Organization", "name": "NATO"},
            "datePublished": "2024-05",
        }
    ]
    Source.objects.filter(slug="nato-mission-iraq").update(status=Status.DRAFT)
    [mission] = Page(client.get("/en/missions/nmi/").text).json_ld
    assert "citation" not in mission
