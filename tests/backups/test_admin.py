"""The admin's backup download and "Export selected as fixture" action, for superusers only."""

import gzip
import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import reverse

from missions.models import Decision


@pytest.fixture
def staff_client(client, db):
    """A staff editor who may view and change decisions, but is no superuser."""
    user = User.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_decision"))
    client.force_login(user)
    return client


def test_superusers_see_the_download_link_and_get_a_streamed_backup(admin_client, seeded, tmp_path):
    index = admin_client.get(reverse("admin:index"))
    assert reverse("admin:backup-download") in index.text
    assert "Download backup" in index.text

    response = admin_client.get(reverse("admin:backup-download"))
    assert response.status_code == HTTPStatus.OK
    assert response.streaming
    assert response["Content-Type"] == "application/gzip"
    assert 'filename="nmi-backup-' in response["Content-Disposition"]
    backup = tmp_path / "downloaded.jsonl.gz"
    backup.write_bytes(b"".join(response.streaming_content))
    header = json.loads(gzip.decompress(backup.read_bytes()).splitlines()[0])
    assert header["counts"]["missions.decision"] == 3

    Decision.objects.filter(slug="nmi-established").update(summary_en="Changed after download.")
    call_command("restore_backup", str(backup), verbosity=0)
    assert Decision.objects.get(slug="nmi-established").summary != "Changed after download."


def test_other_editors_neither_see_nor_get_the_backup(staff_client, seeded):
    index = staff_client.get(reverse("admin:index"))
    assert index.status_code == HTTPStatus.OK
    assert "Download backup" not in index.text
    assert staff_client.get(reverse("admin:backup-download")).status_code == HTTPStatus.FORBIDDEN


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(reverse("admin:backup-download"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


def changelist_action(client, pks):
    return client.post(
        reverse("admin:missions_decision_changelist"),
        {"action": "export_selected_as_fixture", "_selected_action": pks},
    )


def test_export_selected_as_fixture_gives_a_fixture_loaddata_reads(admin_client, seeded, tmp_path):
    chosen = list(Decision.objects.order_by("slug")[:2])
    response = changelist_action(admin_client, [d.pk for d in chosen])
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == 'attachment; filename="decision-fixture.json"'
    records = json.loads(response.content)
    assert [r["fields"]["slug"] for r in records] == sorted(d.slug for d in chosen)
    assert all("pk" not in r and isinstance(r["fields"]["mission"], list) for r in records)

    fixture = tmp_path / "selected.json"
    fixture.write_bytes(response.content)
    Decision.objects.filter(pk__in=[d.pk for d in chosen]).delete()
    call_command("loaddata", str(fixture), verbosity=0)
    assert Decision.objects.filter(slug__in=[d.slug for d in chosen]).count() == 2


def test_export_selected_as_fixture_is_offered_to_superusers_only(
    admin_client, staff_client, seeded
):
    changelist = reverse("admin:missions_decision_changelist")
    assert "Export selected as fixture" in admin_client.get(changelist).text
    assert "Export selected as fixture" not in staff_client.get(changelist).text

    response = changelist_action(staff_client, [Decision.objects.first().pk])
    assert response.status_code == HTTPStatus.FOUND
    assert "Content-Disposition" not in response
    assert "No action selected." in staff_client.get(response["Location"]).text
