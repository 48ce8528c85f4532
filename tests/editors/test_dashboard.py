"""The admin's front page: recent changes by everyone, my drafts, the number of content-health
problems and a search over every kind of record, each linked."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missions.editors.dashboard import PER_KIND
from missions.editors.health import find_problems
from missions.models import Decision, Institution, Partner, Revision, Schedule
from tests.editors.forms import form_data


def change_url(record):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/change/"


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def test_the_dashboard_shows_changes_by_everyone_linked(editors, decision):
    ana, ben = editors
    page = ben.get(change_url(decision))
    ben.post(change_url(decision), form_data(page, summary_en="Ben's summary."))
    text = ana.get("/admin/").text
    recent = text[text.index("Recent changes by everyone") :]
    assert f'<a href="{change_url(decision)}">{decision.name}</a>' in recent
    assert "Changed Summary." in recent
    assert "by ben," in recent


def test_my_drafts_lists_my_draft_changes_and_unpublished_records_only(editors, decision):
    ana, ben = editors
    page = ana.get(change_url(decision))
    ana.post(change_url(decision), form_data(page, _savedraft="Save draft", summary_en="Drafted."))
    ana.post(
        "/admin/missions/partner/add/",
        {"name_en": "A new partner", "slug": "a-new-partner", "status": "draft"},
    )
    partner = Partner.objects.get(slug="a-new-partner")
    text = ana.get("/admin/").text
    drafts = text[text.index("My drafts") : text.index("Recent changes by everyone")]
    assert f'<a href="{change_url(decision)}">{decision.name}</a>' in drafts
    assert "Draft change, saved" in drafts
    assert f'<a href="{change_url(partner)}">A new partner</a>' in drafts
    assert "Not published yet" in drafts
    text = ben.get("/admin/").text
    drafts = text[text.index("My drafts") : text.index("Recent changes by everyone")]
    assert "None: you have no draft changes" in drafts


def test_the_dashboard_counts_content_health_problems_and_links_them(admin_client, decision):
    decision.citations.clear()
    count = len(find_problems())
    assert count >= 1
    text = admin_client.get("/admin/").text
    problems = "problem" if count == 1 else "problems"
    assert f'<a href="/admin/content-health/">{count} {problems} to fix</a>' in text


def test_the_search_finds_records_of_every_kind_at_once(admin_client, seeded):
    text = admin_client.get("/admin/").text
    assert '<form role="search" method="get" action="/admin/search/">' in text
    response = admin_client.get("/admin/search/", {"q": "Ministry"})
    assert response.status_code == HTTPStatus.OK
    kinds = {group.kind for group in response.context["found"]}
    assert {"institutions", "decisions"} <= kinds
    ministry = Institution.objects.get(slug="ministry-of-defence")
    assert f'<a href="{change_url(ministry)}">{ministry.name}</a>' in response.text


def test_a_search_that_finds_nothing_says_so(admin_client, seeded):
    response = admin_client.get("/admin/search/", {"q": "zzzz-nothing"})
    assert "No record matches “zzzz-nothing”." in response.text


def test_a_long_list_links_to_the_kind_searched_the_same_way(admin_client, seeded):
    for number in range(PER_KIND + 1):
        Institution.objects.create(name=f"Office number {number}", slug=f"office-{number}")
    response = admin_client.get("/admin/search/", {"q": "Office number"})
    [offices] = response.context["found"]
    assert (offices.kind, offices.count, len(offices.records)) == (
        "institutions",
        PER_KIND + 1,
        PER_KIND,
    )
    assert 'href="/admin/missions/institution/?q=Office+number"' in response.text


def test_the_search_shows_only_kinds_the_editor_may_view(client, django_user_model, seeded):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_institution"))
    client.force_login(viewer)
    response = client.get("/admin/search/", {"q": "Ministry"})
    assert [group.kind for group in response.context["found"]] == ["institutions"]


def test_the_dashboard_reads_as_many_queries_whatever_the_number_of_drafts(
    admin_client, admin_user, seeded, django_assert_max_num_queries, settings
):
    settings.EDITORIAL_REVIEW = True

    def draft_and_schedule(records):
        for record in records:
            Revision.keep(record, {}, admin_user, "", submitted=True)
            Schedule.objects.create(
                record=record, action="unpublish", at=timezone.now(), scheduled_by=admin_user
            )

    decisions = list(Decision.objects.order_by("pk"))
    draft_and_schedule(decisions[:1])
    with CaptureQueriesContext(connection) as one:
        admin_client.get("/admin/")
    draft_and_schedule(decisions[1:6])
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get("/admin/")
