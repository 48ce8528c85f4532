"""Deleting a record: the confirmation says plainly what the deletion does to other records and
where to bring the record back from, never naming link-table rows."""

from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from missions.models import Decision, Institution, Mission, Principle

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def ministry():
    """The Ministry of Interior, advised by one mission and brought in by two decisions."""
    ministry = Institution.objects.get(slug="ministry-of-interior")
    Decision.objects.get(slug="nmi-established").institutions.add(ministry)
    return ministry


def test_the_confirmation_names_the_records_that_lose_their_link(admin_client, ministry):
    page = admin_client.get(f"/admin/missions/institution/{ministry.pk}/delete/")
    assert page.status_code == HTTPStatus.OK
    text = page.text
    assert "Delete the institution “Ministry of Interior”?" in text
    assert (
        "“Ministry of Interior” will be removed from 2 decisions (“NMI established at the NATO "
        "Summit in Brussels”, “North Atlantic Council expands the scope of NMI”) and 1 mission "
        "(“NATO Mission Iraq”)."
    ) in text
    assert "object (" not in text
    assert "_citations" not in text
    assert "_institutions" not in text
    assert 'href="/admin/missions/institution/deleted/">Deleted institutions</a>' in text
    assert "restored with its links" in text
    assert Institution.objects.filter(pk=ministry.pk).exists()


def test_deleting_a_mission_says_which_of_its_records_go_with_it(admin_client):
    mission = Mission.objects.create(name="A short-lived mission", slug="short", acronym="SLM")
    Principle.objects.create(name="Be brief", slug="be-brief", mission=mission, statement="Yes.")
    text = admin_client.get(f"/admin/missions/mission/{mission.pk}/delete/").text
    assert "Deleting “A short-lived mission” also deletes 1 principle (“Be brief”)." in text
    assert "No other record links to" not in text


def test_a_record_nothing_links_to_says_so(admin_client):
    mission = Mission.objects.create(name="A lone mission", slug="lone", acronym="LM")
    text = admin_client.get(f"/admin/missions/mission/{mission.pk}/delete/").text
    assert "No other record links to “A lone mission”." in text


def test_deleting_from_the_list_says_it_for_each_selected_record(admin_client, ministry):
    other = Institution.objects.exclude(pk=ministry.pk).first()
    page = admin_client.post(
        "/admin/missions/institution/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [ministry.pk, other.pk]},
    )
    text = page.text
    assert "Delete the 2 selected institutions?" in text
    assert "“Ministry of Interior” will be removed from 2 decisions" in text
    assert f"“{other}” will be removed from" in text
    assert "object (" not in text
    assert 'href="/admin/missions/institution/deleted/">Deleted institutions</a>' in text
    assert Institution.objects.count() >= 2


def test_after_confirming_the_record_is_listed_under_deleted_to_restore(admin_client, ministry):
    response = admin_client.post(
        f"/admin/missions/institution/{ministry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Institution.objects.filter(pk=ministry.pk).exists()
    deleted = admin_client.get("/admin/missions/institution/deleted/").text
    assert "Restore “Ministry of Interior”" in deleted


def test_a_record_others_depend_on_says_what_to_do_first(admin_client):
    nmi = Mission.objects.get(slug="nmi")
    text = admin_client.get(f"/admin/missions/mission/{nmi.pk}/delete/").text
    assert "“NATO Mission Iraq” cannot be deleted while these records depend on it." in text
    assert "Move them to another mission, or delete them first" in text
    decision = nmi.decisions.first()
    assert f'/admin/missions/decision/{decision.pk}/change/">{decision}</a>' in text
    assert "Yes, delete it" not in text
