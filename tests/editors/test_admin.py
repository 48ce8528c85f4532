"""Smoke tests: every admin lists, searches, adds and changes its records."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.urls import reverse

from missions.models import Decision, Partner

MISSIONS_ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "missions"
]


def url(model, view, *args):
    return reverse(f"admin:missions_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), MISSIONS_ADMINS, ids=lambda v: str(v))
def test_every_admin_lists_searches_adds_and_changes(admin_client, seeded, model, model_admin):
    record = model.objects.first()
    assert record is not None
    changelist = admin_client.get(url(model, "changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert str(record) in changelist.text

    term = getattr(record, "name", None) or getattr(record, "title", None) or record.text
    search = admin_client.get(url(model, "changelist"), {"q": term[:40]})
    assert search.status_code == HTTPStatus.OK
    assert search.context["cl"].result_count >= 1
    assert record in search.context["cl"].result_list

    assert admin_client.get(url(model, "add")).status_code == HTTPStatus.OK
    change = admin_client.get(url(model, "change", record.pk))
    assert change.status_code == HTTPStatus.OK
    assert admin_client.get(url(model, "history", record.pk)).status_code == HTTPStatus.OK


def test_every_content_model_is_in_the_admin():
    registered = {model.__name__ for model, _ in MISSIONS_ADMINS}
    assert registered >= {"Mission", "Decision", "Institution", "Partner", "Citation"}


def test_an_editor_adds_a_partner_from_the_admin(admin_client, db):
    response = admin_client.post(
        url(Partner, "add"),
        {"name_en": "New partner", "slug": "new-partner", "status": "draft", "kind": "coalition"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Partner.objects.get(slug="new-partner").status == "draft"


def test_the_admin_explains_a_date_that_is_more_precise_than_its_precision(admin_client, seeded):
    record = Decision.objects.get(slug="nmi-established")
    data = {
        "name_en": record.name,
        "slug": record.slug,
        "status": record.status,
        "mission": record.mission_id,
        "date": "14/07/2018",
        "date_precision": "month",
        "decided_by": record.decided_by_id,
        "action": record.action,
        "summary_en": record.summary,
    }
    response = admin_client.post(url(Decision, "change", record.pk), data)
    assert response.status_code == HTTPStatus.OK
    assert (
        "“14/07/2018” gives a day, but the precision is “Month and year”: type the month and "
        "year, e.g. July 2018"
    ) in response.text
    record.refresh_from_db()
    assert (record.date, record.date_precision) == (datetime.date(2018, 7, 1), "month")


def test_decisions_are_inline_on_their_mission(admin_client, seeded):
    nmi = Decision.objects.first().mission
    response = admin_client.get(url(type(nmi), "change", nmi.pk))
    assert "North Atlantic Council expands the scope of NMI" in response.text
