"""/en/decisions/: the timeline, grouped by year, filterable, paginated, headed by an SVG."""

import datetime
import re
from http import HTTPStatus

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import Body, Decision, Institution, Mission, Status
from missions.public.forms import DecisionFilterForm, Select
from missions.public.views import DECISIONS_ON_RECORD_PAGE, PAGE_SIZE
from tests.public.pages import Page


def add_decisions(count, year=2019):
    nmi = Mission.objects.get(slug="nmi")
    council = Body.objects.get(slug="north-atlantic-council")
    Decision.objects.bulk_create(
        Decision(
            name=f"Decision {number:03}",
            slug=f"decision-{number:03}",
            status="published",
            mission=nmi,
            date=datetime.date(year, 1, 1),
            date_precision="year",
            decided_by=council,
            action=Decision.Action.EXPAND_SCOPE,
            summary=f"Summary {number}.",
        )
        for number in range(count)
    )


def test_decisions_are_grouped_by_year_oldest_first(client, seeded):
    page = Page(client.get("/en/decisions/").text)
    years = [text for level, text in page.headings if level == 2 and text.isdigit()]
    assert years == ["2018", "2021", "2023"]
    names = [text for level, text in page.headings if level == 3]
    assert names == [
        "NMI established at the NATO Summit in Brussels",
        "NATO defence ministers increase the size of NMI",
        "North Atlantic Council expands the scope of NMI",
    ]


def test_each_filter_lists_its_choices_in_name_order(client, seeded):
    response = client.get("/fr/decisions/")
    for name, model in (("body", Body), ("mission", Mission), ("institution", Institution)):
        select = response.text.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
        shown = re.findall(r'<option value="([^"]+)"', select)
        published = model.objects.published()
        assert shown == list(
            published.order_by(*model._meta.ordering).values_list("slug", flat=True)
        )
        assert len(shown) > 1


def test_decisions_filter_by_year_and_deciding_body(client, seeded):
    by_year = Page(client.get("/en/decisions/", {"year": 2021}).text)
    assert [t for level, t in by_year.headings if level == 3] == [
        "NATO defence ministers increase the size of NMI"
    ]
    assert "1 decision match these filters." in by_year.text
    by_body = Page(client.get("/en/decisions/", {"body": "nato-summit-brussels"}).text)
    assert [t for level, t in by_body.headings if level == 3] == [
        "NMI established at the NATO Summit in Brussels"
    ]
    nothing = client.get("/en/decisions/", {"year": 2018, "body": "north-atlantic-council"})
    assert nothing.status_code == HTTPStatus.OK
    assert "No published decision matches these filters." in Page(nothing.text).text


def test_the_filter_form_offers_years_and_bodies_with_counts(client, seeded):
    response = client.get("/en/decisions/", {"year": 2023})
    assert '<option value="2023" selected>2023</option>' in response.text
    assert '<option value="north-atlantic-council">North Atlantic Council (1)</option>' in (
        response.text
    )
    assert '<label for="id_year">Year</label>' in response.text
    assert 'method="get"' in response.text
    assert "csrfmiddlewaretoken" not in response.text


def test_each_body_offered_counts_its_published_decisions_only(client, seeded):
    council = Body.objects.get(slug="north-atlantic-council")
    Decision.objects.create(
        name="A draft decision of the council",
        slug="a-draft-decision-of-the-council",
        mission=Mission.objects.get(slug="nmi"),
        date=datetime.date(2024, 5, 1),
        date_precision="month",
        decided_by=council,
        action=Decision.Action.EXPAND_SIZE,
        summary="Not published yet.",
    )
    Body.objects.create(
        name="A body that decided nothing",
        slug="a-body-that-decided-nothing",
        kind=Body.Kind.GOVERNMENT,
        status=Status.PUBLISHED,
    )
    html = client.get("/en/decisions/").text
    assert '<option value="north-atlantic-council">North Atlantic Council (1)</option>' in html
    assert (
        '<option value="a-body-that-decided-nothing">A body that decided nothing (0)</option>'
        in html
    )


def test_the_list_is_paginated_accessibly_keeping_the_filters(client, seeded):
    add_decisions(PAGE_SIZE + 5)
    first = client.get("/en/decisions/", {"body": "north-atlantic-council"})
    assert '<nav class="pagination" aria-label="Pages of decisions">' in first.text
    assert 'href="?body=north-atlantic-council&amp;page=1" aria-current="page"' in first.text
    assert 'href="?body=north-atlantic-council&amp;page=2" rel="next"' in first.text
    second = client.get("/en/decisions/", {"body": "north-atlantic-council", "page": 2})
    page = Page(second.text)
    assert "page 2 of 2" in page.text
    assert page.canonical == "http://testserver/en/decisions/?body=north-atlantic-council&page=2"
    assert page.title.startswith("Decisions (filtered), page 2")


def test_each_page_of_the_whole_list_holds_the_next_decisions_in_order(client, seeded):
    add_decisions(2 * PAGE_SIZE + 5)
    shown = []
    for number in (1, 2, 3):
        page = Page(client.get("/en/decisions/", {"page": number}).text)
        assert f"page {number} of 3" in page.text
        shown += [text for level, text in page.headings if level == 3]
    expected = Decision.objects.published().order_by("date", "name_en")
    assert shown == [decision.name for decision in expected]
    assert client.get("/en/decisions/", {"page": 4}).status_code == HTTPStatus.NOT_FOUND


def test_the_whole_list_counts_its_published_decisions_from_its_periods(client, seeded):
    """The unfiltered timeline takes how many decisions it lists from its drawing's periods,
    which count them already: the count stays right as decisions are added and withdrawn."""
    add_decisions(PAGE_SIZE + 5)
    withdrawn = Decision.objects.get(slug="nmi-established")
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    published = Decision.objects.published().count()
    with CaptureQueriesContext(connection) as queries:
        page = Page(client.get("/en/decisions/").text)
    assert f"{published} decisions; page 1 of 2." in page.text
    counting = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT COUNT(*)") and '"missions_decision"' in query["sql"]
    ]
    assert not counting


def test_the_svg_timeline_shows_both_missions_and_every_decision_with_a_text_alternative(
    client, seeded
):
    response = client.get("/en/decisions/")
    svg = response.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in svg
    assert ">NTM-I 2004\u20132011</text>" in svg
    assert ">NMI October 2018\u2013present</text>" in svg
    assert svg.count('<circle class="decision"') == 3
    assert "<title>August 2023: North Atlantic Council expands the scope of NMI</title>" in svg
    description = svg.split('<desc id="timeline-desc">', 1)[1].split("</desc>", 1)[0]
    assert "NATO Training Mission-Iraq (NTM-I): 2004\u20132011." in description
    assert "3 decisions marked, from July 2018 to August 2023" in description


def test_the_timeline_places_marks_in_date_order_inside_the_drawing(client, seeded):
    svg = client.get("/en/decisions/").text.split("<svg", 1)[1]
    xs = [float(part.split('"', 1)[0]) for part in svg.split('<circle class="decision" cx="')[1:]]
    assert xs == sorted(xs)
    assert all(0 < x < 800 for x in xs)


def test_decisions_of_one_period_share_one_dot_that_counts_them(client, seeded):
    add_decisions(3, year=2019)
    svg = client.get("/en/decisions/").text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('<circle class="decision"') == 4
    assert "<title>2019: 3 decisions</title>" in svg
    assert "<title>July 2018: NMI established at the NATO Summit in Brussels</title>" in svg
    assert "6 decisions marked, from July 2018 to August 2023" in svg


def test_a_year_s_dot_comes_before_the_dot_of_its_first_month(client, seeded):
    """Decisions known only to 2019 and one of January 2019 start their periods on the same
    day: the year's dot is drawn first, as the list names the year's decisions first."""
    add_decisions(2, year=2019)
    january = Decision.objects.get(slug="decision-001")
    january.slug, january.name, january.date_precision = "january-decision", "January", "month"
    january.save()
    svg = client.get("/en/decisions/").text.split("<svg", 1)[1].split("</svg>", 1)[0]
    titles = re.findall(r"<title>(2019[^<]*|January 2019[^<]*)</title>", svg)
    assert titles == ["2019: Decision 000", "January 2019: January"]


def test_the_timeline_filters_by_mission_and_by_institution_brought_in(client, seeded):
    add_decisions(2)
    by_mission = Page(client.get("/en/decisions/", {"mission": "nmi"}).text)
    assert "5 decisions match these filters." in by_mission.text
    assert Page(client.get("/en/decisions/", {"mission": "ntm-i"}).text).text.count(
        "No published decision matches these filters."
    )
    by_institution = Page(
        client.get("/en/decisions/", {"institution": "ministry-of-interior"}).text
    )
    assert [t for level, t in by_institution.headings if level == 3] == [
        "North Atlantic Council expands the scope of NMI"
    ]
    unknown = client.get("/en/decisions/", {"institution": "no-such-institution"})
    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert "Institution brought in: Select a valid choice." in Page(unknown.text).text


def decision_section(page_html):
    return page_html.split('id="decisions-heading"', 1)[1].split("</section>", 1)[0]


def test_the_mission_page_names_its_latest_decisions_and_links_to_all_of_them(client, seeded):
    add_decisions(DECISIONS_ON_RECORD_PAGE + 5)
    section = decision_section(client.get("/en/missions/nmi/").text)
    assert section.count("<h3>") == DECISIONS_ON_RECORD_PAGE
    assert f"The latest {DECISIONS_ON_RECORD_PAGE} of its 28 decisions, oldest first." in section
    assert "NMI established at the NATO Summit in Brussels" not in section
    assert section.rindex("North Atlantic Council expands the scope of NMI") > section.rindex(
        "Decision 024"
    )
    assert (
        'href="/en/decisions/?mission=nmi">All 28 decisions of NMI on the timeline</a>' in section
    )
    timeline = Page(client.get("/en/decisions/", {"mission": "nmi"}).text)
    assert "28 decisions match these filters." in timeline.text


def test_the_institution_page_names_the_first_decisions_and_links_to_all_of_them(client, seeded):
    add_decisions(DECISIONS_ON_RECORD_PAGE + 5)
    interior = Institution.objects.get(slug="ministry-of-interior")
    interior.decisions.add(*Decision.objects.filter(slug__startswith="decision-"))
    section = decision_section(client.get(interior.get_absolute_url()).text)
    assert section.count("<li>") == DECISIONS_ON_RECORD_PAGE
    assert f"The first {DECISIONS_ON_RECORD_PAGE} of 26 decisions." in section
    assert "North Atlantic Council expands the scope of NMI" not in section
    link = 'href="/en/decisions/?institution=ministry-of-interior">All 26 decisions that concern it'
    assert link in section
    timeline = Page(client.get("/en/decisions/", {"institution": "ministry-of-interior"}).text)
    assert "26 decisions match these filters." in timeline.text


@pytest.mark.parametrize(
    "query",
    [{}, {"year": "2018", "body": "nato-summit-brussels", "mission": "nmi"}, {"year": "1990"}],
)
def test_the_filters_are_written_exactly_as_django_s_select_writes_them(seeded, query):
    """The timeline's Select writes its HTML itself, for speed: it must be Django's own."""
    years = [day.year for day in Decision.objects.published().dates("date", "year")]
    form = DecisionFilterForm(query, years=years)
    form.is_valid()
    for field in form:
        django_select = forms.Select(attrs=field.field.widget.attrs)
        django_select.choices = field.field.widget.choices
        ours = field.as_widget()
        assert ours == field.as_widget(widget=django_select), field.name
        assert ours.count("<option") == len(field.field.choices), field.name


def test_a_select_escapes_what_it_writes():
    select = Select(attrs={"data-x": '"&<', "required": True, "disabled": False})
    select.choices = [("a&b", "<A>"), ('"q"', "Q & A")]
    django_select = forms.Select(attrs=select.attrs)
    django_select.choices = select.choices
    assert select.render("n&", "a&b") == django_select.render("n&", "a&b")


def test_a_lone_decision_s_dot_names_it_in_the_page_s_language(client, seeded):
    """As the list below the drawing does: its translation where an editor wrote one, its
    English name where none did."""
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    decision.name_fr = "Le Conseil de l'Atlantique Nord élargit le champ de la NMI"
    decision.save()
    svg = client.get("/fr/decisions/").text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Le Conseil de l&#x27;Atlantique Nord élargit le champ de la NMI</title>" in svg
    assert "NMI established at the NATO Summit in Brussels</title>" in svg  # not translated
    svg = client.get("/en/decisions/").text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<title>August 2023: North Atlantic Council expands the scope of NMI</title>" in svg


def test_the_timeline_names_each_decisions_bodies_and_never_a_draft_body(client, seeded):
    """A decision's bodies come from the filter's list of published bodies, and a draft body,
    which is not in that list, is read by key and still not shown."""
    decision = Decision.objects.filter(requested_by__isnull=False).first()
    asker = decision.requested_by
    item = timeline_item(client, decision)
    assert f"decided by {decision.decided_by.name}" in item
    assert f"asked by {asker.name}" in item
    asker.status = Status.DRAFT
    asker.save()
    item = timeline_item(client, decision)
    assert f"decided by {decision.decided_by.name}" in item
    assert "asked by" not in item


def timeline_item(client, decision):
    """The timeline's list item of ``decision``."""
    text = client.get("/en/decisions/").text
    return text.split(f'href="{decision.get_absolute_url()}"', 1)[1].split("</li>", 1)[0]
