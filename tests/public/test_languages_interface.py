"""The public site's interface in French and Arabic: navigation, headings, forms, counts, footnotes
and error pages read in the visitor's language, while the record's own texts stay as written.

Each page is asked for with the language active, as the language of its address makes it; its
address comes from ``reverse`` under that language, so the test holds whichever way the addresses
name their language.
"""

import datetime
import json
import shutil
import subprocess
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from missions.models import Decision, Source, Status
from tests.browser.conftest import require
from tests.public.pages import Page
from tests.public.test_html_valid import VNU_JAR, rendered_pages

NAVIGATION = {
    "en": ["Overview", "Decisions", "Institutions", "Partners", "Sources", "Search"],
    "fr": [
        "Vue d\N{RIGHT SINGLE QUOTATION MARK}ensemble",
        "Décisions",
        "Institutions",
        "Partenaires",
        "Sources",
        "Rechercher",
    ],
    # "Search": Django's admin already translates it, and its wording is kept.
    "ar": ["نظرة عامة", "القرارات", "المؤسسات", "الشركاء", "المصادر", "ابحث"],
}


def visit(client, language, name, query="", status=HTTPStatus.OK, **kwargs):
    """The page named ``name`` as a visitor reading ``language`` sees it."""
    with translation.override(language):
        response = client.get(reverse(name, kwargs=kwargs or None) + query)
    assert response.status_code == status, response.content[:500]
    return response


def navigation(page_html):
    """The main navigation's link texts, in order."""
    start = page_html.index('<nav aria-label="')
    block = page_html[start : page_html.index("</nav>", start)]
    return Page(block).lines


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_names_its_navigation_and_skip_link_in_the_visitors_language(
    client, seeded, language
):
    html = visit(client, language, "public:partner-list").content.decode()
    skip = {"en": "Skip to main content", "fr": "Passer au contenu principal"}
    skip["ar"] = "الانتقال إلى المحتوى الرئيسي"

    assert navigation(html) == NAVIGATION[language]
    assert f'<a class="skip-link" href="#main-content">{skip[language]}</a>' in html


def test_the_overview_in_french(client, seeded):
    page = Page(visit(client, "fr", "public:home").content.decode())

    # Page reads whitespace as a reader does: the no-break space before a colon is a space.
    assert page.headings[0] == (1, "Mission OTAN en Iraq : le dossier sourcé")
    assert (2, "Dates clés") in page.headings
    assert (2, "Dernières décisions") in page.headings
    assert page.meta["description"].startswith("Le dossier sourcé de la Mission OTAN en Iraq (NMI)")
    assert "Chaque fait cite la phrase du document source dont il provient." in page.text
    # A key date is named in French around the mission's own name, which stays as written.
    assert "Lancement de NATO Mission Iraq" in page.text


def test_the_key_dates_keep_their_sources_in_arabic(client, seeded):
    """Key dates are named in the reader's language but matched with their citations in the
    English of the sources, so each still carries its footnote."""
    html = visit(client, "ar", "public:mission-detail", slug="nmi").content.decode()

    assert Page(html).headings[0] == (1, "NATO Mission Iraq")
    assert (2, "تواريخ رئيسية") in Page(html).headings
    assert '<dd>إنشاء NATO Mission Iraq<sup class="note-refs">' in html
    assert '<dd>إطلاق NATO Mission Iraq<sup class="note-refs">' in html


def test_the_timeline_filters_in_french(client, seeded):
    response = visit(client, "fr", "public:decision-list")
    html = response.content.decode()
    page = Page(html)

    assert page.headings[0] == (1, "Décisions : la chronologie")
    assert "<legend>Filtrer les décisions</legend>" in html
    for label in ("Année", "Instance décisionnaire", "Mission", "Institution concernée"):
        assert f">{label}</label>" in html
    assert '<option value="" selected>Toutes les années</option>' in html
    assert '<button type="submit">Afficher les décisions</button>' in html
    assert "3 décisions." in page.text
    assert page.title == "Décisions · NMI Records"


def test_a_refused_filter_is_explained_in_arabic(client, seeded):
    response = visit(
        client, "ar", "public:decision-list", "?year=1900", status=HTTPStatus.BAD_REQUEST
    )
    page = Page(response.content.decode())

    assert page.title.startswith("خطأ: القرارات")
    assert (2, "لا يمكن استخدام عوامل التصفية هذه") in page.headings
    # Django's own message for a choice that is not offered, in Arabic.
    assert "السنة: انتق خياراً صحيحاً. 1900 ليس أحد الخيارات المتاحة." in page.text


def test_counts_follow_each_languages_plural_forms(client, seeded):
    arabic = Page(visit(client, "ar", "public:decision-list").content.decode()).text
    assert "3 قرارات." in arabic
    institutions = Page(visit(client, "ar", "public:institution-list").content.decode()).text
    assert "6 مؤسسات." in institutions
    sources = Page(visit(client, "fr", "public:source-list").content.decode()).text
    assert "1 source." in sources
    assert "Phrases citées dans le dossier : 22 sur 22." in sources


def test_arabic_phrases_join_with_arabic_punctuation(client, seeded):
    institutions = Page(visit(client, "ar", "public:institution-list").content.decode()).text
    assert "تتلقى المشورة من NMI (أُطلقت في أكتوبر 2018)؛ ولم يُشركها أي قرار مستقل" in institutions

    Source.objects.update(
        publisher="NATO",
        published_on=datetime.date(2023, 8, 1),
        published_on_precision="month",
        url="https://www.nato.int/",
        accessed_on=datetime.date(2024, 3, 5),
    )
    source = visit(client, "ar", "public:source-list").content.decode()
    assert "وثيقة صادرة عن NATO، نُشرت في <time" in source
    assert "، اطُّلع عليها في 5 " in source


def test_search_in_arabic(client, seeded):
    html = visit(client, "ar", "public:search", "?q=police").content.decode()
    page = Page(html)

    assert page.headings[0] == (1, "البحث في السجل")
    assert ">البحث في السجل</label>" in html
    assert '<button type="submit">ابحث</button>' in html
    assert "3 نتائج للبحث عن «police»." in page.text


def test_a_search_that_finds_nothing_says_so_in_french(client, seeded):
    page = Page(visit(client, "fr", "public:search", "?q=zzzqqq").content.decode())

    assert page.title == "«\xa0zzzqqq\xa0»\xa0: recherche · NMI Records"
    assert "Rien dans le dossier ne correspond à « zzzqqq »." in page.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_did_you_mean_in_arabic(client, seeded):
    html = visit(client, "ar", "public:search", "?q=trainnig").content.decode()

    with translation.override("ar"):
        search = reverse("public:search")
    assert f'هل تقصد: <a href="{search}?q=training">training</a>؟' in html


def test_footnotes_and_source_pages_in_french(client, seeded):
    decision = visit(client, "fr", "public:decision-detail", slug="nmi-scope-expanded")
    page = Page(decision.content.decode())
    assert (2, "Sources") in page.headings
    assert "NATO Mission Iraq (source document), phrase" in page.text
    assert "Qui a décidé" in page.text

    source = visit(client, "fr", "public:source-detail", slug="nato-mission-iraq")
    html = source.content.decode()
    assert (2, "Le texte") in Page(html).headings
    assert '<span class="cited-by" lang="fr">Citée par <a' in html


def test_the_cited_by_notes_of_a_source_are_marked_arabic_and_right_to_left(client, seeded):
    html = visit(client, "ar", "public:source-detail", slug="nato-mission-iraq").content.decode()

    assert '<span class="cited-by" lang="ar" dir="rtl">تستشهد بها <a' in html


def test_a_draft_preview_banner_in_french(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    decision.status = Status.DRAFT
    decision.save()

    html = visit(admin_client, "fr", "public:decision-detail", slug=decision.slug).content
    page = Page(html.decode())

    assert (
        "Aperçu du brouillon. Cette fiche n\N{RIGHT SINGLE QUOTATION MARK}est pas publiée"
        in page.text
    )


@pytest.mark.parametrize(
    ("language", "heading", "link"),
    [
        ("en", "Page not found", "Go to the overview"),
        # Django's admin wording, as Django translates "Page not found" already.
        ("fr", "Page non trouvée", "Aller à la vue d\N{RIGHT SINGLE QUOTATION MARK}ensemble"),
        ("ar", "تعذر العثور على الصفحة", "الانتقال إلى النظرة العامة"),
    ],
)
def test_the_404_page_in_each_language(client, seeded, language, heading, link):
    response = visit(
        client,
        language,
        "public:decision-detail",
        slug="no-such-decision",
        status=HTTPStatus.NOT_FOUND,
    )
    page = Page(response.content.decode())

    assert page.headings[0] == (1, heading)
    assert page.title == f"{heading} · NMI Records"
    assert link in page.text
    assert navigation(response.content.decode()) == NAVIGATION[language]


def test_the_500_page_in_arabic_as_django_renders_it_without_context(db):
    """Django renders 500.html with no context processors and no request context."""
    with translation.override("ar"):
        response = server_error(RequestFactory().get("/"))
    page = Page(response.content.decode())

    assert page.headings[0] == (1, "حدث خطأ ما")
    assert "تعذّر على الموقع عرض هذه الصفحة بسبب خلل من جهتنا." in page.text


def test_the_feed_is_titled_in_french(client, seeded):
    feed = visit(client, "fr", "public:decision-feed").content.decode()

    assert "<title>NMI Records\xa0: décisions</title>" in feed
    assert "<subtitle>Les décisions de l\N{RIGHT SINGLE QUOTATION MARK}OTAN qui ont créé" in feed


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_page_type_is_valid_html_in_french_and_arabic(
    client, admin_client, seeded, tmp_path, language
):
    """The translations carry links and hidden words of their own: every page type, error pages
    and a draft preview included, still passes the Nu HTML Checker with 0 errors."""
    java = shutil.which("java")
    require(java, "Java is missing: install it with 'apt-get install -y openjdk-17-jre-headless'")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing: run 'make install' (needs npm)")
    with translation.override(language):
        pages = rendered_pages(client, admin_client)
    files = {}
    for name, html in pages.items():
        path = tmp_path / f"{name.replace(' ', '-').replace(',', '')}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'))}, line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
