"""The editors' decision list costs the same number of queries however many decisions there are."""

from http import HTTPStatus

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.data import add_decisions


def changelist_queries(admin_client):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:missions_decision_changelist"))
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_the_decision_changelist_runs_a_fixed_number_of_queries(admin_client, seeded):
    add_decisions(10)
    with_few = changelist_queries(admin_client)
    add_decisions(190)
    assert changelist_queries(admin_client) == with_few
