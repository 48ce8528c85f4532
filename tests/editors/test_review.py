"""Review, when the team turns it on: an editor submits a change for review, and only a publisher
other than its author publishes it, or sends it back with a comment the author sees. Off (the
default), editors publish as they save."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from missions.editors.permissions import EDITORS_GROUP, PUBLISHERS_GROUP
from missions.models import Decision, Partner, Revision, Status
from tests.editors.forms import form_data

SUBMITTED = "A summary submitted for review."


@pytest.fixture
def review(settings):
    settings.EDITORIAL_REVIEW = True


def account(name, *groups):
    user = get_user_model().objects.create_user(name, password="x", is_staff=True)
    for group in (EDITORS_GROUP, *groups):
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def team(seeded, review):
    """An editor, and two publishers."""
    return (
        account("eve"),
        account("pat", PUBLISHERS_GROUP),
        account("quinn", PUBLISHERS_GROUP),
    )


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def change_url(record):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/change/"


def submit(browser, record, **changes):
    page = browser.get(change_url(record))
    return browser.post(
        change_url(record), form_data(page, _submitreview="Submit for review", **changes)
    )


def test_with_review_off_editors_publish_as_they_save(seeded, decision):
    eve = account("eve")
    page = eve.get(change_url(decision))
    assert 'value="Submit for review"' not in page.text
    eve.post(change_url(decision), form_data(page, summary_en="Published at once."))
    decision.refresh_from_db()
    assert decision.summary == "Published at once."


def test_an_editor_cannot_publish_and_submits_for_review_instead(team, decision):
    eve, *_ = team
    page = eve.get(change_url(decision))
    assert 'value="Publish changes"' not in page.text
    assert 'value="Submit for review"' in page.text
    refused = eve.post(change_url(decision), form_data(page, summary_en="Straight out."))
    assert refused.status_code == HTTPStatus.OK
    assert "review is on, so a publisher publishes" in refused.text
    response = submit(eve, decision, summary_en=SUBMITTED)
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary != SUBMITTED
    assert Revision.objects.get().submitted_at is not None
    page = eve.get(change_url(decision))
    assert "Submitted for review" in page.text
    assert "submitted for review on" in page.text


def test_a_publisher_other_than_the_author_publishes_the_change(team, decision):
    eve, pat, _ = team
    submit(eve, decision, summary_en=SUBMITTED)
    page = pat.get(change_url(decision))
    assert 'value="Publish changes"' in page.text
    assert 'value="Send back"' in page.text
    response = pat.post(change_url(decision), form_data(page))
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == SUBMITTED
    latest = decision.history.first()
    assert latest.history_user.username == "pat"
    assert latest.history_change_reason == "Published the draft change of eve"
    dashboard = pat.get("/admin/").text
    assert "No change is waiting for review." in dashboard


def test_a_publisher_cannot_publish_their_own_change(team, decision):
    _, pat, quinn = team
    submit(pat, decision, summary_en=SUBMITTED)
    page = pat.get(change_url(decision))
    assert 'value="Publish changes"' not in page.text
    refused = pat.post(change_url(decision), form_data(page))
    assert "you submitted this change, so another publisher must publish it" in refused.text
    page = quinn.get(change_url(decision))
    assert quinn.post(change_url(decision), form_data(page)).status_code == HTTPStatus.FOUND


def test_a_publisher_publishes_the_change_as_submitted(team, decision):
    eve, pat, _ = team
    submit(eve, decision, summary_en=SUBMITTED)
    page = pat.get(change_url(decision))
    refused = pat.post(change_url(decision), form_data(page, summary_en="Pat's own words."))
    assert "you changed the submitted change" in refused.text
    decision.refresh_from_db()
    assert decision.summary not in (SUBMITTED, "Pat's own words.")


def test_a_publisher_sends_a_change_back_with_a_comment_the_author_sees(team, decision):
    eve, pat, _ = team
    submit(eve, decision, summary_en=SUBMITTED)
    page = pat.get(change_url(decision))
    response = pat.post(
        change_url(decision),
        form_data(page, _sendback="Send back", change_note="Cite the source sentence."),
        follow=True,
    )
    assert "Sent back to eve." in response.text
    draft = Revision.objects.get()
    assert draft.submitted_at is None
    assert draft.review_comment == "Cite the source sentence."
    page = eve.get(change_url(decision)).text
    assert "<strong>Sent back by pat:</strong> Cite the source sentence." in page
    dashboard = eve.get("/admin/").text
    assert "Sent back by pat: Cite the source sentence." in dashboard
    decision.refresh_from_db()
    assert decision.summary != SUBMITTED


def test_a_new_record_is_published_through_review_too(team):
    eve, pat, _ = team
    eve.post(
        "/admin/missions/partner/add/",
        {"name_en": "A new partner", "slug": "a-new-partner", "status": "draft"},
    )
    partner = Partner.objects.get(slug="a-new-partner")
    page = eve.get(change_url(partner))
    refused = eve.post(change_url(partner), form_data(page, status="published"))
    assert "review is on, so a publisher publishes" in refused.text
    submit(eve, partner, status="published")
    partner.refresh_from_db()
    assert partner.status == Status.DRAFT
    page = pat.get(change_url(partner))
    pat.post(change_url(partner), form_data(page))
    partner.refresh_from_db()
    assert partner.status == Status.PUBLISHED


def test_the_dashboard_lists_changes_waiting_for_review(team, decision):
    eve, pat, _ = team
    submit(eve, decision, summary_en=SUBMITTED)
    text = pat.get("/admin/").text
    waiting = text[text.index("Waiting for review") : text.index("Scheduled")]
    assert f'<a href="{change_url(decision)}">{decision.name}</a>' in waiting
    assert "by eve" in waiting


def test_bulk_publishing_and_reverts_by_editors_are_refused_under_review(team, decision):
    eve, *_ = team
    Partner.objects.update(status=Status.DRAFT)
    response = eve.post(
        "/admin/missions/partner/",
        {
            "action": "publish",
            "_selected_action": list(Partner.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "Nothing changed: review is on" in response.text
    assert not Partner.objects.published().exists()
    first = decision.history.earliest()
    url = f"/admin/missions/decision/{decision.pk}/history/{first.history_id}/"
    assert eve.post(url, {}).status_code == HTTPStatus.FORBIDDEN


def test_a_publisher_reverts_under_review(team, decision):
    _, pat, _ = team
    first = decision.history.earliest()
    Decision.objects.filter(pk=decision.pk).update(summary_en="Changed behind the form.")
    url = f"/admin/missions/decision/{decision.pk}/history/{first.history_id}/"
    response = pat.post(url, form_data(pat.get(url)))
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == first.summary_en


def test_create_editor_publisher_makes_a_publisher(db, tmp_path):
    password = tmp_path / "password"
    password.write_text("Keep-the-record-true-2026\n", encoding="utf-8")
    call_command("create_editor", "pat", "--publisher", "--password-file", str(password))
    pat = get_user_model().objects.get(username="pat")
    assert set(pat.groups.values_list("name", flat=True)) == {EDITORS_GROUP, PUBLISHERS_GROUP}
