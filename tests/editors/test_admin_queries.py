"""The editors' decision list, and a mission's page listing its decisions, cost the same number
of queries however many decisions there are."""

from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.data import add_decisions
from missions.models import Mission


def queries_of(admin_client, url):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def changelist_queries(admin_client):
    return queries_of(admin_client, reverse("admin:missions_decision_changelist"))


def test_the_decision_changelist_runs_a_fixed_number_of_queries(admin_client, seeded):
    add_decisions(10)
    with_few = changelist_queries(admin_client)
    add_decisions(190)
    assert changelist_queries(admin_client) == with_few


def test_a_missions_page_runs_a_fixed_number_of_queries(admin_client, seeded):
    url = reverse("admin:missions_mission_change", args=[Mission.objects.get(slug="nmi").pk])
    add_decisions(10)
    admin_client.get(url)  # the first request caches the content types the page looks up
    with_few = queries_of(admin_client, url)
    add_decisions(190)
    assert queries_of(admin_client, url) == with_few
