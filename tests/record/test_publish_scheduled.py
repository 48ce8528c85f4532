"""Scheduled publishing: ``manage.py publish_scheduled`` publishes a draft record or a draft
change, or unpublishes a record, once due, in the scheduling editor's name, once however often it
runs; nothing scheduled is visible early."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from missions.models import (
    Decision,
    Institution,
    Partner,
    Revision,
    Schedule,
    Status,
)


@pytest.fixture
def ana(db):
    return get_user_model().objects.create_user("ana", is_staff=True)


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def schedule(record, action, user, minutes):
    return Schedule.objects.create(
        record=record,
        action=action,
        scheduled_by=user,
        at=timezone.now() + datetime.timedelta(minutes=minutes),
    )


def run():
    call_command("publish_scheduled", verbosity=0)


def test_a_draft_record_is_published_once_due_in_the_schedulers_name(seeded, ana):
    partner = Partner.objects.create(name="A new partner", slug="a-new-partner")
    due = schedule(partner, Schedule.Action.PUBLISH, ana, minutes=60)
    run()
    partner.refresh_from_db()
    assert partner.status == Status.DRAFT
    assert Client().get(partner.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    due.at = timezone.now() - datetime.timedelta(minutes=1)
    due.save()
    run()
    partner.refresh_from_db()
    assert partner.status == Status.PUBLISHED
    latest = partner.history.first()
    assert latest.history_user == ana
    assert latest.history_change_reason.startswith("Published as scheduled for ")
    assert Client().get(partner.get_absolute_url()).status_code == HTTPStatus.OK

    entries = partner.history.count()
    run()
    assert partner.history.count() == entries
    assert not Schedule.objects.exists()


def test_a_draft_change_is_published_with_its_relations_once_due(decision, ana):
    public = Client()
    assert decision.summary in public.get(decision.get_absolute_url()).text  # now stored
    kept, _ = decision.institutions.order_by("name_en")
    draft = Decision.objects.get(pk=decision.pk)
    draft.summary = "A summary published on schedule."
    Revision.keep(draft, {"institutions": [kept.pk]}, ana, "Shorter")
    schedule(decision, Schedule.Action.PUBLISH, ana, minutes=-1)
    run()
    decision.refresh_from_db()
    assert decision.summary == "A summary published on schedule."
    assert list(decision.institutions.all()) == [kept]
    assert not Revision.objects.exists()
    assert decision.history.first().history_change_reason.endswith(": Shorter")
    assert "A summary published on schedule." in public.get(decision.get_absolute_url()).text


def test_a_published_record_is_unpublished_once_due(decision, ana):
    schedule(decision, Schedule.Action.UNPUBLISH, ana, minutes=-1)
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    decision.refresh_from_db()
    assert decision.status == Status.DRAFT
    assert out.getvalue().startswith(
        f"Unpublished: decision “{decision.name}” (scheduled by ana for "
    )
    assert Client().get(decision.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_change_that_no_longer_passes_the_checks_is_reported_and_kept(decision, ana):
    draft = Decision.objects.get(pk=decision.pk)
    other = Decision.objects.exclude(pk=decision.pk).first()
    draft.name = other.name
    Revision.keep(draft, {}, ana, "")
    schedule(decision, Schedule.Action.PUBLISH, ana, minutes=-1)
    with pytest.raises(CommandError) as refused:
        run()
    assert f"Not done: decision “{decision.name}” (scheduled by ana for " in str(refused.value)
    assert "Another record already has this name" in str(refused.value)
    decision.refresh_from_db()
    assert decision.name != other.name
    assert Schedule.objects.count() == 1


def test_a_schedule_of_a_deleted_record_is_dropped(seeded, ana):
    institution = Institution.objects.create(name="Short-lived", slug="short-lived")
    schedule(institution, Schedule.Action.PUBLISH, ana, minutes=-1)
    institution.delete()
    run()
    assert not Schedule.objects.exists()


def test_deleting_a_record_drops_its_draft_change_and_schedules_only(decision, ana):
    other = Decision.objects.exclude(pk=decision.pk).first()
    for record in (decision, other):
        Revision.keep(record, {}, ana, "")
        schedule(record, Schedule.Action.UNPUBLISH, ana, minutes=60)
    decision.delete()
    assert [draft.object_id for draft in Revision.objects.all()] == [other.pk]
    assert [planned.object_id for planned in Schedule.objects.all()] == [other.pk]


def test_a_restore_drops_every_draft_change_and_schedule(decision, ana, tmp_path):
    backup = tmp_path / "backup.jsonl"
    call_command("export_backup", "--output", str(backup), verbosity=0)
    Revision.keep(decision, {}, ana, "")
    schedule(decision, Schedule.Action.UNPUBLISH, ana, minutes=60)
    call_command("restore_backup", str(backup), verbosity=0)
    assert not Revision.objects.exists()
    assert not Schedule.objects.exists()
