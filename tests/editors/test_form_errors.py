"""A refused save names every field in error at the top of the form, each linked to its field,
inline records' fields included; Django's bare "Please correct the errors below" is gone."""

from http import HTTPStatus

import pytest

from missions.models import KeyFact, Mission
from tests.editors.forms import change_url, form_data, row_prefix

pytestmark = pytest.mark.usefixtures("seeded")


def test_the_summary_names_and_links_each_field_in_error_inlines_included(admin_client):
    mission = Mission.objects.get(slug="nmi")
    fact = KeyFact.objects.filter(mission=mission).last()
    page = admin_client.get(change_url(mission))
    row = row_prefix(page, fact)
    refused = admin_client.post(
        change_url(mission),
        form_data(
            page, name_en="", **{f"{row}-date": "31 February 2024", f"{row}-date_precision": ""}
        ),
    )
    assert refused.status_code == HTTPStatus.OK
    text = refused.text
    assert "Please correct the error" not in text
    assert "Not saved: 2 fields need correcting." in text
    assert '<li><a href="#id_name_en">Name</a>: This field is required.</li>' in text
    assert f'<a href="#id_{row}-date_1">Key fact “{fact}”: Date</a>' in text
    assert Mission.objects.get(pk=mission.pk).name == mission.name


def test_one_field_in_error_is_said_in_the_singular(admin_client):
    mission = Mission.objects.get(slug="nmi")
    page = admin_client.get(change_url(mission))
    refused = admin_client.post(change_url(mission), form_data(page, acronym=""))
    assert "Not saved: 1 field needs correcting." in refused.text
    assert '<a href="#id_acronym">Acronym</a>' in refused.text


def test_a_page_without_errors_has_no_summary(admin_client):
    page = admin_client.get(change_url(Mission.objects.get(slug="nmi")))
    assert 'id="error-summary"' not in page.text
