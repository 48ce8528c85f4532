"""Adding a record type is one checklist (docs/architecture.md, "Adding a record type"): every
model of the record is in every place a record needs, and each test here names the model and the
place it misses.

The record models are found in the app registry (``record_models()``), so a new one is checked
here as soon as it exists, and each check uses a published record of it from the seed.
"""

import io
import json
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import resolve, reverse

from missions.backups.export import write_backup
from missions.editors.admin import HistoryAdmin, RecordAdmin
from missions.models import Citation, History, Partner, Source, record_models
from missions.public.registry import PUBLIC_TYPES, PublicType
from tests.public.pages import Page

RECORD_MODELS = record_models()
# The records, and the sources and citations they rest on: everything editors keep.
EDITED_MODELS = [*RECORD_MODELS, Source, Citation]
PASSWORD = "Keep-the-record-true-2026"
CHECKLIST = 'docs/architecture.md, "Adding a record type"'


def name(model):
    return model.__name__


def declaration(model):
    """The model's declaration in the public registry; the test fails, saying what to add, when
    there is none."""
    for kind in PUBLIC_TYPES:
        if kind.model is model:
            return kind
    pytest.fail(
        f"{name(model)} has no PublicType in PUBLIC_TYPES (missions/public/registry.py): "
        "declare its list and detail pages, or the page that shows it, and its search fields "
        f"({CHECKLIST})."
    )


def example(model):
    """A record of ``model`` from the seed; of a record model, a published one, shown where the
    public may see it."""
    if model not in RECORD_MODELS:
        record = model.objects.order_by("pk").first()
        assert record is not None, f"The seed has no {model._meta.verbose_name}."
        return record
    kind = next((kind for kind in PUBLIC_TYPES if kind.model is model), None)
    records = model.objects.published()
    if kind is not None and kind.example:
        records = records.filter(slug=kind.example)
    if hasattr(model, "mission"):
        records = records.filter(mission__status="published")
    record = records.order_by("pk").first()
    assert record is not None, (
        f"The seed (fixtures/nmi.json) has no published {model._meta.verbose_name}"
        + (f" with the slug {kind.example!r}" if kind is not None and kind.example else "")
        + f": add one, with its citations ({CHECKLIST})."
    )
    return record


@pytest.fixture
def editor_client(client, seeded, tmp_path):
    """Signed in as an editor made as editors are: `create_editor`, which puts them in the
    Editors group."""
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    call_command("create_editor", "editor", "--password-file", str(password_file), verbosity=0)
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.mark.parametrize("model", EDITED_MODELS, ids=name)
def test_editors_find_every_kind_of_record_in_the_admin_with_its_history(editor_client, model):
    assert admin.site.is_registered(model), (
        f"{name(model)} has no admin: register one in missions/editors/admin.py ({CHECKLIST})."
    )
    expected = RecordAdmin if model in RECORD_MODELS else HistoryAdmin
    model_admin = admin.site.get_model_admin(model)
    assert isinstance(model_admin, expected), (
        f"{name(model)}'s admin is no {expected.__name__}: derive it from {expected.__name__}, "
        f"which gives it history, versioned forms and restoring ({CHECKLIST})."
    )
    record = example(model)
    opts = model._meta
    listing = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == HTTPStatus.OK, (
        f"An editor may not open the list of {opts.verbose_name_plural}: the Editors group "
        f"lacks its permissions; run migrate ({CHECKLIST})."
    )
    assert record in listing.context["cl"].result_list
    add = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == HTTPStatus.OK
    history = editor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    )
    assert history.status_code == HTTPStatus.OK
    assert "Imported from the source document" in history.text


@pytest.mark.parametrize("model", RECORD_MODELS, ids=name)
def test_every_kind_of_record_keeps_the_history_of_its_citations(model):
    assert History.tracks(model), (
        f"{name(model)} has no history: give it history = History(m2m_fields=['citations', ...]) "
        f"({CHECKLIST})."
    )
    linking = {(linking, field.name) for linking, field in History.links_to(Citation)}
    assert (model, "citations") in linking, (
        f"{name(model)}'s history leaves out its citations: name them in its "
        f"History(m2m_fields=[...]) ({CHECKLIST})."
    )


@pytest.mark.parametrize("model", RECORD_MODELS, ids=name)
def test_every_kind_of_record_has_a_public_page_or_says_which_page_shows_it(client, seeded, model):
    kind = declaration(model)
    record = example(model)
    url = record.get_absolute_url()
    if kind.detail_url:
        assert url == reverse(kind.detail_url, kwargs={"slug": record.slug}), (
            f"{name(model)}.get_absolute_url() does not lead to {kind.detail_url}."
        )
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        page = Page(response.text)
        assert (1, record.name) in page.headings or record.name in page.text
        assert [data["url"] for data in page.json_ld] == [f"http://testserver{url}"], (
            f"The page of a {model._meta.verbose_name} carries no schema.org data of its own: "
            f"add it in missions/public/structured_data.py ({CHECKLIST})."
        )
    else:
        path, fragment = urlsplit(url).path, urlsplit(url).fragment
        assert resolve(path).view_name == kind.shown_on, (
            f"{name(model)}.get_absolute_url() leads to {url}, not to {kind.shown_on}."
        )
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        page = Page(response.text)
        if fragment:
            assert fragment in page.ids, f"{url}: the page has no element with the id {fragment}"
        else:
            assert record.name in page.text
    if kind.list_url:
        listing = Page(client.get(reverse(kind.list_url)).text)
        assert url in listing.links, f"{kind.list_url} does not link to {url}"


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ({}, "needs either detail_url .its own page. or shown_on"),
        (
            {"detail_url": "public:partner-detail", "shown_on": "public:home", "example": "eu"},
            "needs either detail_url",
        ),
        ({"detail_url": "public:partner-detail"}, "needs an example .the slug of a published"),
        ({"shown_on": "public:home", "example": "eu"}, "needs an example"),
    ],
)
def test_a_declaration_that_does_not_say_where_its_records_are_shown_is_refused(pages, message):
    with pytest.raises(ValueError, match=f"The PublicType of Partner {message}"):
        PublicType(Partner, search=None, **pages)


@pytest.mark.parametrize("model", RECORD_MODELS, ids=name)
def test_every_kind_of_record_with_pages_of_its_own_has_a_sitemap(client, seeded, model):
    kind = declaration(model)
    sitemap = f"/sitemap-{kind.sitemap_section}.xml"
    index = client.get("/sitemap.xml").text
    if not kind.detail_url:
        assert f"http://testserver{sitemap}" not in index
        assert client.get(sitemap).status_code == HTTPStatus.NOT_FOUND
        return
    assert f"<loc>http://testserver{sitemap}</loc>" in index, f"{sitemap} is not in the index"
    response = client.get(sitemap)
    assert response.status_code == HTTPStatus.OK
    assert f"<loc>http://testserver{example(model).get_absolute_url()}</loc>" in response.text
    if kind.list_url:
        pages = client.get("/sitemap-pages.xml").text
        assert f"<loc>http://testserver{reverse(kind.list_url)}</loc>" in pages


def search_groups(client, query):
    """The search results page as {group heading: [result headings]}."""
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    groups, current = {}, None
    for level, text in Page(response.text).headings:
        if level == 2 and text != "Sources":
            current = text.split(" (")[0]
            groups[current] = []
        elif level == 3 and current:
            groups[current].append(text)
    return groups


@pytest.mark.parametrize("model", RECORD_MODELS, ids=name)
def test_search_finds_every_kind_of_record_it_declares_searchable(client, seeded, model):
    kind = declaration(model)
    record = example(model)
    groups = search_groups(client, record.name)
    if kind.search is None:
        assert kind.label not in groups
        return
    for fields in (kind.search.names, kind.search.summaries, kind.search.descriptions):
        for field in fields:
            assert isinstance(getattr(record, field), str), f"{name(model)}.{field} is no text"
    assert record.name in groups.get(kind.label, []), (
        f"Searching for {record.name!r} does not find the {model._meta.verbose_name} under "
        f"{kind.label!r}."
    )


@pytest.mark.parametrize("model", EDITED_MODELS, ids=name)
def test_every_kind_of_record_is_backed_up(seeded, model):
    example(model)
    out = io.BytesIO()
    write_backup(out)
    header, *lines = out.getvalue().decode().splitlines()
    label = model._meta.label_lower
    written = sum(1 for line in lines if json.loads(line)["model"] == label)
    assert json.loads(header)["counts"].get(label) == written == model.objects.count(), (
        f"{name(model)}'s records are not all in the backup: see missions/backups/scope.py "
        f"({CHECKLIST})."
    )
