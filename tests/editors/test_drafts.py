"""Draft changes to a published record: "Save draft" keeps the public version as it is and stores
the change; the form reopens on it; "Publish changes" makes it public; "Discard draft" drops it.
Only editors see a draft; the history shows it; a save over someone else's draft is refused."""

import gzip
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client

from missions.models import ContentVersion, Decision, Institution, Mission, Revision, Status
from tests.editors.forms import form_data, row_prefix

DRAFTED = "A summary drafted, not yet public."


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def admin_url(record, view="change"):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/{view}/"


def save_draft(client, record, **changes):
    page = client.get(admin_url(record))
    return client.post(admin_url(record), form_data(page, _savedraft="Save draft", **changes))


def test_a_published_record_offers_publish_and_save_draft(admin_client, decision):
    text = admin_client.get(admin_url(decision)).text
    assert '<input type="submit" value="Publish changes" class="default" name="_save">' in text
    assert '<input type="submit" value="Save draft" name="_savedraft">' in text
    assert 'name="_discarddraft"' not in text


def test_a_draft_record_keeps_the_ordinary_save(admin_client, decision):
    decision.status = Status.DRAFT
    decision.save()
    text = admin_client.get(admin_url(decision)).text
    assert 'value="Save draft"' not in text
    assert 'name="_save"' in text


def test_saving_a_draft_keeps_the_public_version_and_reopens_the_form_on_the_draft(
    admin_client, decision
):
    entries, version = decision.history.count(), ContentVersion.objects.get().version
    kept, _ = decision.institutions.order_by("name_en")
    response = save_draft(
        admin_client,
        decision,
        summary_en=DRAFTED,
        institutions=[str(kept.pk)],
        change_note="Shorter.",
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == admin_url(decision)
    decision.refresh_from_db()
    assert decision.summary != DRAFTED
    assert decision.institutions.count() == 2
    assert decision.history.count() == entries
    assert ContentVersion.objects.get().version == version

    page = admin_client.get(admin_url(decision))
    form = page.context["adminform"].form
    assert form["summary_en"].value() == DRAFTED
    assert list(map(str, form["institutions"].value())) == [str(kept.pk)]
    assert "Draft saved. The public still sees the published version" in page.text
    assert "<strong>This form shows the draft change</strong> admin saved on" in page.text
    assert "(“Shorter.”)" in page.text
    assert 'name="_discarddraft" formnovalidate' in page.text


def test_the_public_site_sees_only_the_published_version_of_a_drafted_record(
    admin_client, decision, tmp_path
):
    public = Client()
    save_draft(admin_client, decision, summary_en=DRAFTED, name_en="A name drafted")
    for address in (
        decision.get_absolute_url(),
        "/en/decisions/",
        "/en/feeds/decisions/",
        "/sitemap-decisions.xml",
    ):
        response = public.get(address)
        assert response.status_code == HTTPStatus.OK, address
        assert "drafted" not in response.text, address
    assert "Nothing in the record matches “drafted”" in public.get("/en/search/?q=drafted").text
    assert decision.name in public.get(decision.get_absolute_url()).text
    backup = tmp_path / "backup.jsonl.gz"
    call_command("export_backup", "--output", str(backup), verbosity=0)
    text = gzip.decompress(backup.read_bytes()).decode()
    assert "drafted" not in text
    assert "missions.revision" not in text


def test_publishing_makes_the_draft_public_in_the_name_of_who_published_whose_draft(
    editors, decision
):
    ana, ben = editors
    kept, _ = decision.institutions.order_by("name_en")
    save_draft(ana, decision, summary_en=DRAFTED, institutions=[str(kept.pk)], change_note="Short")
    page = ben.get(admin_url(decision))
    response = ben.post(admin_url(decision), form_data(page, _save="Publish changes"))
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == DRAFTED
    assert list(decision.institutions.all()) == [kept]
    assert not Revision.objects.exists()
    latest = decision.history.first()
    assert latest.history_user.username == "ben"
    assert latest.history_change_reason == "Published the draft change of ana: Short"
    assert DRAFTED in Client().get(decision.get_absolute_url()).text


def test_the_history_shows_the_waiting_draft_with_who_when_and_what(admin_client, decision):
    save_draft(admin_client, decision, summary_en=DRAFTED, change_note="Shorter.")
    text = admin_client.get(admin_url(decision, "history")).text
    assert "Draft change waiting to be published" in text
    assert "Saved by admin on " in text
    assert f"<strong>Summary:</strong> {decision.summary} → {DRAFTED}" in text
    page = admin_client.get(admin_url(decision))
    admin_client.post(admin_url(decision), form_data(page))
    text = admin_client.get(admin_url(decision, "history")).text
    assert "Draft change waiting to be published" not in text
    assert "Published the draft change of admin: Shorter." in text


def test_discarding_drops_the_draft_and_the_form_shows_the_public_version(admin_client, decision):
    summary = decision.summary
    save_draft(admin_client, decision, summary_en=DRAFTED)
    page = admin_client.get(admin_url(decision))
    response = admin_client.post(
        admin_url(decision), form_data(page, _discarddraft="Discard draft"), follow=True
    )
    assert "Draft discarded" in response.text
    assert not Revision.objects.exists()
    assert response.context["adminform"].form["summary_en"].value() == summary
    decision.refresh_from_db()
    assert decision.summary == summary


def test_saving_over_a_draft_someone_saved_meanwhile_is_refused(editors, decision):
    ana, ben = editors
    ana_page = ana.get(admin_url(decision))
    save_draft(ben, decision, summary_en="Ben's draft.")
    response = ana.post(admin_url(decision), form_data(ana_page, summary_en="Ana's summary."))
    assert response.status_code == HTTPStatus.OK
    assert "Not saved yet: ben saved a draft change of this decision" in response.text
    decision.refresh_from_db()
    assert decision.summary not in ("Ana's summary.", "Ben's draft.")
    again = ana.post(admin_url(decision), form_data(response, _save="Publish changes"))
    assert again.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == "Ana's summary."


def test_saving_a_draft_published_meanwhile_is_refused(editors, decision):
    ana, ben = editors
    save_draft(ana, decision, summary_en=DRAFTED)
    ana_page, ben_page = ana.get(admin_url(decision)), ben.get(admin_url(decision))
    ben.post(admin_url(decision), form_data(ben_page))
    response = ana.post(
        admin_url(decision), form_data(ana_page, _savedraft="Save draft", summary_en="Later.")
    )
    assert response.status_code == HTTPStatus.OK
    assert "the draft change you opened was published or discarded since" in response.text
    assert not Revision.objects.exists()


def test_discarding_a_draft_someone_saved_again_meanwhile_is_refused(editors, decision):
    ana, ben = editors
    save_draft(ana, decision, summary_en=DRAFTED)
    ana_page = ana.get(admin_url(decision))
    save_draft(ben, decision, summary_en="Ben's draft.")
    response = ana.post(
        admin_url(decision), form_data(ana_page, _discarddraft="Discard draft"), follow=True
    )
    assert "Nothing discarded" in response.text
    assert Revision.objects.get().fields["summary_en"] == "Ben's draft."


def test_a_draft_of_a_mission_refuses_changes_to_the_rows_on_its_page(admin_client, decision):
    mission = Mission.objects.get(slug="nmi")
    page = admin_client.get(admin_url(mission))
    data = form_data(page, _savedraft="Save draft", summary_en="A drafted mission summary.")
    data[f"{row_prefix(page, mission.principles.first())}-statement_en"] = "A row changed."
    response = admin_client.post(admin_url(mission), data)
    assert response.status_code == HTTPStatus.OK
    assert "which a draft of the mission does not keep" in response.text
    assert not Revision.objects.exists()
    page = admin_client.get(admin_url(mission))
    response = admin_client.post(
        admin_url(mission),
        form_data(page, _savedraft="Save draft", summary_en="A drafted mission summary."),
    )
    assert response.status_code == HTTPStatus.FOUND
    mission.refresh_from_db()
    assert mission.summary != "A drafted mission summary."
    assert Revision.objects.get().fields["summary_en"] == "A drafted mission summary."


def test_the_preview_of_a_form_open_on_a_draft_shows_the_draft(admin_client, decision):
    save_draft(admin_client, decision, summary_en=DRAFTED)
    page = admin_client.get(admin_url(decision))
    response = admin_client.post(admin_url(decision, "preview"), form_data(page))
    assert DRAFTED in response.text


def test_a_draft_naming_a_draft_institution_never_shows_it(admin_client, decision):
    draft = Institution.objects.create(name="Ministry of Drafts", slug="ministry-of-drafts")
    save_draft(admin_client, decision, institutions=[str(draft.pk)])
    assert "Ministry of Drafts" not in Client().get(decision.get_absolute_url()).text
