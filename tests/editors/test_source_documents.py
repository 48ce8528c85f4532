"""Adding a source in the admin: paste or upload its text, check its numbered sentences, save;
each sentence becomes its numbered citation."""

import html
import json
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from missions.models import Citation, Source
from missions.sources import split_sentences
from tests.editors.forms import form_data

ADD_URL = "/admin/missions/source/add/"


def form(**fields):
    return {
        "title": "A document",
        "slug": "a-document",
        "status": "draft",
        "publisher": "",
        "kind": "",
        "url": "",
        "published_on_precision": "",
        "published_on": "",
        "accessed_on": "",
        "language": "en",
        "text": "",
        "previewed": "",
        **fields,
    }


def previewed(response):
    """The numbered sentences the page shows, and the form's data to save them."""
    assert response.status_code == 200
    assert "Not saved yet: check the" in response.text
    items = re.findall(r'<li value="(\d+)">(.*?)</li>', response.text, flags=re.S)
    form_data = response.context["adminform"].form.data
    return [(int(number), html.unescape(text.strip())) for number, text in items], form_data


def seed_citations():
    seed = json.loads((settings.BASE_DIR / "fixtures" / "nmi.json").read_text(encoding="utf-8"))
    return sorted(
        (record["fields"]["number"], record["fields"]["text"])
        for record in seed
        if record["model"] == "missions.citation"
    )


def test_pasting_the_seed_document_gives_the_seeds_citations_exactly(admin_client, db):
    # A browser sends a textarea's line breaks as CRLF.
    document = settings.SOURCE_DOCUMENT.read_text(encoding="utf-8").replace("\n", "\r\n")
    first = admin_client.post(ADD_URL, form(text=document))
    sentences, data = previewed(first)
    assert len(sentences) == 22
    assert not Source.objects.exists()

    saved = admin_client.post(ADD_URL, {**form(), **data.dict()})
    assert saved.status_code == 302
    source = Source.objects.get(slug="a-document")
    citations = list(source.citations.order_by("number").values_list("number", "text"))
    assert citations == seed_citations()
    assert source.text == document
    assert source.history.count() == 1
    assert Citation.history.filter(source=source).count() == 22


def test_an_uploaded_html_page_keeps_its_main_text_and_abbreviations(admin_client, db):
    document = b"""<!doctype html><html><head><title>NATO and Iraq</title>
    <script>var tracking = "Do not keep this.";</script></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
    <main><h1>Relations with Iraq</h1>
    <p>The U.S. and other Allies contribute personnel to the mission. In Feb. 2021, defence
    ministers agreed to expand it.</p>
    <p>Its headquarters is in Baghdad, see No. 5 of the annex. The minister said "We stay. We
    help." Then the meeting ended.</p></main>
    <footer><p>Cookies. Privacy policy.</p></footer></body></html>"""
    upload = SimpleUploadedFile("iraq.html", document, content_type="text/html")
    sentences, data = previewed(admin_client.post(ADD_URL, form(upload=upload)))
    texts = [text for _, text in sentences]
    assert "The U.S. and other Allies contribute personnel to the mission." in texts
    assert any(text.startswith("In Feb. 2021, defence") for text in texts)
    assert "Its headquarters is in Baghdad, see No. 5 of the annex." in texts
    assert 'The minister said "We stay. We help."' in " ".join(texts)
    assert not any("Home" in text or "tracking" in text or "Cookies" in text for text in texts)

    assert admin_client.post(ADD_URL, {**form(), **data.dict()}).status_code == 302
    source = Source.objects.get()
    assert [c.text for c in source.citations.order_by("number")] == texts


def test_an_upload_that_is_not_a_text_document_is_refused_saying_why(admin_client, db):
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7", content_type="application/pdf")
    response = admin_client.post(ADD_URL, form(upload=pdf))
    assert "is neither a plain-text (.txt) nor an HTML (.html) file" in response.text
    latin1 = SimpleUploadedFile("note.txt", "Défense.".encode("latin-1"))
    response = admin_client.post(ADD_URL, form(upload=latin1))
    assert "is not UTF-8 text (byte 2 cannot be read)" in response.text
    assert not Source.objects.exists()


def test_replacing_a_sources_text_keeps_every_citation_and_lists_the_changed_one(
    admin_client, seeded
):
    source = Source.objects.get()
    first, ninth = Citation.objects.get(number=1), Citation.objects.get(number=9)
    relying = list(ninth.decision_set.all())
    url = f"/admin/missions/source/{source.pk}/change/"
    text = "A sentence added at the top.\n" + source.text.replace("in July 2018", "in June 2018")
    preview = admin_client.post(url, form_data(admin_client.get(url), text=text))
    sentences, data = previewed(preview)
    assert len(sentences) == 23
    page = " ".join(html.unescape(preview.text).split())
    assert "21 citations follow their sentence to a new number: §1 → §2, §2 → §3" in page
    assert "1 citation quotes a sentence the new text changes or drops." in page
    assert f"§9: {ninth.text}" in page

    assert admin_client.post(url, data.dict()).status_code == 302
    first.refresh_from_db()
    ninth.refresh_from_db()
    # Unchanged sentences keep their citations (the same rows), at their new numbers.
    assert (first.number, first.text) == (
        2,
        "Terrorism is the most direct threat to NATO "
        "countries and international peace and prosperity.",
    )
    assert first.history.first().history_change_reason == (
        "Sentence 1 of the replaced text is sentence 2"
    )
    # The changed one is kept, at the number of its new wording, and still cited.
    assert ninth.number == 10
    assert list(ninth.decision_set.all()) == relying
    assert Citation.objects.get(number=1).text == "A sentence added at the top."
    assert Citation.objects.count() == 23

    health = html.unescape(admin_client.get("/admin/content-health/").text)
    assert "is not sentence 10 of “NATO Mission Iraq (source document)”; the closest" in health
    assert relying[0].name in health
    # Confirming it: the citation takes its sentence's new wording.
    ninth.text = split_sentences(Source.objects.get().text)[9]
    assert "in June 2018" in ninth.text
    ninth.full_clean()
    ninth.save()
    assert "Does not quote its source" not in admin_client.get("/admin/content-health/").text


def test_citations_are_chosen_by_words_of_the_sentence_shown_whole_with_the_source(
    admin_client, seeded
):
    ninth = Citation.objects.get(number=9)
    label = f"NATO Mission Iraq (source document), sentence 9: {ninth.text}"
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "missions",
            "model_name": "decision",
            "field_name": "citations",
            "term": "Summit Brussels",
        },
    ).json()["results"]
    assert {"id": str(ninth.pk), "text": label} in found
    decision = ninth.decision_set.get(slug="nmi-established")
    form = admin_client.get(f"/admin/missions/decision/{decision.pk}/change/")
    assert (
        f'<option value="{ninth.pk}" selected>{html.escape(label)}</option>'
        in form.text.replace("&#x27;", "'")
    )
