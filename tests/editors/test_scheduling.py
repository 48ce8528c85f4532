"""Scheduling in the admin: a draft record, or a published record's draft change, may carry a
"publish at" time, and a published record an "unpublish at" time; the dashboard lists them."""

import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from missions.models import Decision, Partner, Revision, Schedule, Status
from tests.editors.forms import form_data

LATER = (timezone.localtime() + datetime.timedelta(days=30)).replace(second=0, microsecond=0)


def times(**fields):
    """Form data for the date-and-time boxes, as a browser sends them: 2026-12-24T09:00."""
    return {name: moment.strftime("%Y-%m-%dT%H:%M") for name, moment in fields.items()}


def change_url(record):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/change/"


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


@pytest.fixture
def partner(seeded):
    return Partner.objects.create(name="A new partner", slug="a-new-partner")


def test_a_draft_record_is_scheduled_to_be_published(admin_client, admin_user, partner):
    page = admin_client.get(change_url(partner))
    assert "Publish at" in page.text
    response = admin_client.post(change_url(partner), form_data(page, **times(publish_at=LATER)))
    assert response.status_code == HTTPStatus.FOUND
    [schedule] = Schedule.objects.all()
    assert (schedule.record, schedule.action, schedule.scheduled_by) == (
        partner,
        Schedule.Action.PUBLISH,
        admin_user,
    )
    assert schedule.at == LATER
    partner.refresh_from_db()
    assert partner.status == Status.DRAFT
    form = admin_client.get(change_url(partner)).context["adminform"].form
    assert form["publish_at"].value() == LATER.replace(tzinfo=None)
    dashboard = admin_client.get("/admin/").text
    scheduled = dashboard[dashboard.index("Scheduled") : dashboard.index("Recent changes")]
    assert f'<a href="{change_url(partner)}">A new partner</a>' in scheduled
    assert "Publish at " in scheduled


def test_emptying_the_box_removes_the_schedule(admin_client, partner):
    page = admin_client.get(change_url(partner))
    admin_client.post(change_url(partner), form_data(page, **times(publish_at=LATER)))
    page = admin_client.get(change_url(partner))
    admin_client.post(change_url(partner), form_data(page, publish_at=""))
    assert not Schedule.objects.exists()


def test_a_time_that_has_passed_is_refused(admin_client, partner):
    page = admin_client.get(change_url(partner))
    earlier = timezone.localtime() - datetime.timedelta(hours=1)
    response = admin_client.post(change_url(partner), form_data(page, **times(publish_at=earlier)))
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["publish_at"] == [
        "This time has passed: choose a later one, or empty it."
    ]
    assert not Schedule.objects.exists()


def test_publishing_at_once_with_a_publish_time_is_refused(admin_client, decision):
    page = admin_client.get(change_url(decision))
    response = admin_client.post(
        change_url(decision), form_data(page, summary_en="Later.", **times(publish_at=LATER))
    )
    assert response.status_code == HTTPStatus.OK
    [error] = response.context["adminform"].form.errors["publish_at"]
    assert error.startswith("Saving this way makes the record public at once.")
    decision.refresh_from_db()
    assert decision.summary != "Later."


def test_a_draft_change_is_scheduled_with_save_draft(admin_client, decision):
    page = admin_client.get(change_url(decision))
    response = admin_client.post(
        change_url(decision),
        form_data(page, _savedraft="Save draft", summary_en="Later.", **times(publish_at=LATER)),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Revision.objects.get().fields["summary_en"] == "Later."
    assert Schedule.objects.get().action == Schedule.Action.PUBLISH
    decision.refresh_from_db()
    assert decision.summary != "Later."


def test_discarding_the_draft_drops_its_publication(admin_client, decision):
    page = admin_client.get(change_url(decision))
    admin_client.post(
        change_url(decision),
        form_data(page, _savedraft="Save draft", summary_en="Later.", **times(publish_at=LATER)),
    )
    page = admin_client.get(change_url(decision))
    admin_client.post(change_url(decision), form_data(page, _discarddraft="Discard draft"))
    assert not Schedule.objects.exists()


def test_a_published_record_is_scheduled_to_be_unpublished(admin_client, decision):
    page = admin_client.get(change_url(decision))
    response = admin_client.post(change_url(decision), form_data(page, **times(unpublish_at=LATER)))
    assert response.status_code == HTTPStatus.FOUND
    assert Schedule.objects.get().action == Schedule.Action.UNPUBLISH


def test_unpublishing_a_record_that_is_not_published_is_refused(admin_client, partner):
    page = admin_client.get(change_url(partner))
    response = admin_client.post(change_url(partner), form_data(page, **times(unpublish_at=LATER)))
    assert response.status_code == HTTPStatus.OK
    [error] = response.context["adminform"].form.errors["unpublish_at"]
    assert error.startswith("Only a published record, or one scheduled to be published")


def test_unpublishing_before_publishing_is_refused(admin_client, partner):
    page = admin_client.get(change_url(partner))
    sooner = LATER - datetime.timedelta(days=1)
    response = admin_client.post(
        change_url(partner), form_data(page, **times(publish_at=LATER, unpublish_at=sooner))
    )
    assert response.context["adminform"].form.errors["unpublish_at"] == [
        "This comes before “Publish at”: choose a later time."
    ]
