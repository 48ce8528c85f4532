"""A note on every change: the editor's one line saying why is kept in the history next to the
change, for saves, the rows saved with a page, reverts and restores."""

from http import HTTPStatus

import pytest

from missions.models import Decision, Mission
from tests.editors.forms import form_data, row_prefix


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def admin_url(record, view, *args):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/{view}/" + "".join(
        f"{arg}/" for arg in args
    )


def test_the_form_asks_why_next_to_the_save_buttons(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    text = page.text
    assert '<label for="id_change_note">Why (optional):</label>' in text
    assert text.index('name="change_note"') > text.index('name="citations"')
    assert text.index('name="change_note"') < text.index('name="_save"')


def test_the_note_is_shown_in_the_history_next_to_the_change(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    saved = admin_client.post(
        admin_url(decision, "change"),
        form_data(page, summary_en="A new summary.", change_note="The source was corrected."),
    )
    assert saved.status_code == HTTPStatus.FOUND
    assert decision.history.first().history_change_reason == "The source was corrected."
    history = admin_client.get(admin_url(decision, "history")).text
    row = history[history.index("The source was corrected.") :]
    assert row.index("→ A new summary.") < row.index("</tr>")


def test_without_a_note_the_history_has_no_reason(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    admin_client.post(admin_url(decision, "change"), form_data(page, summary_en="A new summary."))
    assert decision.history.first().history_change_reason is None


def test_a_note_longer_than_history_keeps_is_refused_and_nothing_is_saved(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    entries = decision.history.count()
    response = admin_client.post(
        admin_url(decision, "change"),
        form_data(page, summary_en="A new summary.", change_note="x" * 101),
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["change_note"] == [
        "Ensure this value has at most 100 characters (it has 101)."
    ]
    decision.refresh_from_db()
    assert decision.summary != "A new summary."
    assert decision.history.count() == entries


def test_rows_saved_with_the_mission_carry_its_note(admin_client, seeded):
    mission = Mission.objects.get(slug="nmi")
    principle = mission.principles.first()
    page = admin_client.get(admin_url(mission, "change"))
    row = row_prefix(page, principle)
    data = form_data(
        page,
        change_note="Tidied the principles.",
        **{f"{row}-statement_en": "A principle tidied on the mission's page."},
    )
    assert admin_client.post(admin_url(mission, "change"), data).status_code == HTTPStatus.FOUND
    latest = principle.history.first()
    assert latest.statement_en == "A principle tidied on the mission's page."
    assert latest.history_change_reason == "Tidied the principles."


def test_a_revert_writes_its_reason_and_the_note(admin_client, decision):
    original = decision.history.get()
    page = admin_client.get(admin_url(decision, "change"))
    admin_client.post(admin_url(decision, "change"), form_data(page, summary_en="A mistake."))
    revert_page = admin_client.get(admin_url(decision, "history", original.history_id))
    assert 'name="change_note"' in revert_page.text
    admin_client.post(
        admin_url(decision, "history", original.history_id),
        form_data(revert_page, change_note="The summary was right before."),
    )
    reason = decision.history.first().history_change_reason
    assert reason.startswith("Reverted to the version of ")
    assert reason.endswith(": The summary was right before.")


def test_a_long_note_on_a_revert_is_shortened_to_fit(admin_client, decision):
    original = decision.history.get()
    page = admin_client.get(admin_url(decision, "change"))
    admin_client.post(admin_url(decision, "change"), form_data(page, summary_en="A mistake."))
    revert_page = admin_client.get(admin_url(decision, "history", original.history_id))
    admin_client.post(
        admin_url(decision, "history", original.history_id),
        form_data(revert_page, change_note="y" * 100),
    )
    reason = decision.history.first().history_change_reason
    assert len(reason) == 100
    assert reason.endswith("y…")


def test_a_restore_writes_its_reason_and_the_note(admin_client, decision):
    admin_client.post(admin_url(decision, "delete"), {"post": "yes"})
    [listed] = admin_client.get("/admin/missions/decision/deleted/").context["records"]
    restore_page = admin_client.get(listed["restore_url"])
    response = admin_client.post(
        listed["restore_url"], form_data(restore_page, change_note="Deleted by mistake.")
    )
    assert response.status_code == HTTPStatus.FOUND
    restored = Decision.objects.get(pk=decision.pk)
    reason = restored.history.filter(history_type="+").first().history_change_reason
    assert reason.startswith("Reverted to the version of ")
    assert reason.endswith(": Deleted by mistake.")


def test_a_note_alone_is_no_change_and_records_nothing(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    entries = decision.history.count()
    response = admin_client.post(
        admin_url(decision, "change"), form_data(page, change_note="Just looking.")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert decision.history.count() == entries
