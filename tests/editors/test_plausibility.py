"""A decision dated outside its mission's life is not saved silently: the form warns and saves
only once the editor confirms that warning."""

from http import HTTPStatus

import pytest

from missions.models import Decision, Mission
from tests.editors.forms import change_url, form_data

pytestmark = pytest.mark.usefixtures("seeded")

BEFORE_NMI = (
    "Check the date: this decision is dated July 2008, before NATO Mission Iraq began "
    "(July 2018). If the source says so, tick “I checked” below and save again; if not, "
    "correct the date or the mission."
)


@pytest.fixture
def decision():
    return Decision.objects.get(slug="nmi-scope-expanded")


def dated(page, text, **more):
    return form_data(page, date_precision="month", date=text, **more)


def test_a_date_before_the_mission_began_is_refused_with_a_warning_to_confirm(
    admin_client, decision
):
    page = admin_client.get(change_url(decision))
    refused = admin_client.post(change_url(decision), dated(page, "July 2008"))
    assert refused.status_code == HTTPStatus.OK
    assert BEFORE_NMI in refused.text
    assert (
        f'<input type="checkbox" name="confirm_warning" value="{BEFORE_NMI}"> I checked'
    ) in refused.text.replace("&quot;", '"')
    assert "Please correct the error" not in refused.text
    decision.refresh_from_db()
    assert decision.when.text == "August 2023"

    saved = admin_client.post(
        change_url(decision), dated(refused, "July 2008", confirm_warning=BEFORE_NMI)
    )
    assert saved.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.when.text == "July 2008"


def test_a_confirmation_holds_for_its_own_warning_only(admin_client, decision):
    page = admin_client.get(change_url(decision))
    refused = admin_client.post(
        change_url(decision), dated(page, "July 2007", confirm_warning=BEFORE_NMI)
    )
    assert refused.status_code == HTTPStatus.OK
    assert "dated July 2007, before NATO Mission Iraq began" in refused.text
    decision.refresh_from_db()
    assert decision.when.text == "August 2023"


def test_a_date_after_the_mission_ended_is_warned_about_too(admin_client, decision):
    ntm_i = Mission.objects.get(slug="ntm-i")
    page = admin_client.get(change_url(decision))
    refused = admin_client.post(change_url(decision), dated(page, "March 2015", mission=ntm_i.pk))
    assert refused.status_code == HTTPStatus.OK
    assert "after NATO Training Mission-Iraq ended (2011)" in refused.text


def test_a_date_within_the_mission_life_saves_at_once(admin_client, decision):
    page = admin_client.get(change_url(decision))
    saved = admin_client.post(change_url(decision), dated(page, "March 2024"))
    assert saved.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.when.text == "March 2024"
