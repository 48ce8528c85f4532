"""No lost updates: a save made from an outdated form is refused, and neither edit is lost."""

from http import HTTPStatus

import pytest

from missions.models import Citation, Decision, Mission, Principle
from tests.editors.forms import form_data, row_prefix


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-size-increased")


def change_url(record):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/change/"


def test_the_second_save_is_refused_naming_who_changed_what(editors, decision):
    ana, ben = editors
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    saved = ana.post(change_url(decision), form_data(ana_page, summary_en="Ana's summary."))
    assert saved.status_code == HTTPStatus.FOUND

    refused = ben.post(change_url(decision), form_data(ben_page, summary_en="Ben's summary."))
    assert refused.status_code == HTTPStatus.OK
    decision.refresh_from_db()
    assert decision.summary == "Ana's summary."
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Not saved yet: ana changed this decision while you were editing" in message
    assert "summary" in message
    field_errors = " ".join(refused.context["adminform"].form.errors["summary_en"])
    assert "ana changed this to “Ana's summary.”" in field_errors
    assert "Ben&#x27;s summary." in refused.text


def test_saving_again_after_a_refusal_keeps_both_edits(editors, decision):
    ana, ben = editors
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    citation = Citation.objects.get(number=2)
    ana.post(
        change_url(decision),
        form_data(
            ana_page,
            description_en="Ana's description.",
            citations=[*form_data(ana_page)["citations"], str(citation.pk)],
        ),
    )
    refused = ben.post(change_url(decision), form_data(ben_page, summary_en="Ben's summary."))
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "description and citations" in message
    assert "Their change to description and citations is now in the form" in message
    assert "summary_en" not in refused.context["adminform"].form.errors

    again = ben.post(change_url(decision), form_data(refused))
    assert again.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == "Ben's summary."
    assert decision.description == "Ana's description."
    assert citation in decision.citations.all()


def test_a_change_from_the_shell_also_refuses_an_outdated_form(admin_client, decision):
    page = admin_client.get(change_url(decision))
    decision.citations.clear()
    refused = admin_client.post(change_url(decision), form_data(page, summary_en="Mine."))
    assert refused.status_code == HTTPStatus.OK
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "a command or the shell changed this decision" in message
    assert list(Decision.objects.get(pk=decision.pk).citations.all()) == []


def test_a_save_without_changes_in_between_goes_through(editors, decision):
    ana, ben = editors
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    ana.post(change_url(decision), form_data(ana_page))
    saved = ben.post(change_url(decision), form_data(ben_page, summary_en="Ben's summary."))
    assert saved.status_code == HTTPStatus.FOUND


def test_a_form_that_does_not_say_its_version_is_refused(admin_client, decision):
    data = form_data(admin_client.get(change_url(decision)), summary_en="Mine.")
    del data["version"]
    refused = admin_client.post(change_url(decision), data)
    assert refused.status_code == HTTPStatus.OK
    assert "since you opened it" in " ".join(refused.context["adminform"].form.non_field_errors())
    assert Decision.objects.get(pk=decision.pk).summary != "Mine."


def test_an_outdated_inline_row_is_refused_and_nothing_is_saved(editors, decision):
    ana, ben = editors
    mission = decision.mission
    principle = mission.principles.first()
    ben_page = ben.get(change_url(mission))
    ana.post(
        change_url(principle),
        form_data(ana.get(change_url(principle)), statement_en="Ana's statement."),
    )
    row = row_prefix(ben_page, principle)
    refused = ben.post(
        change_url(mission),
        form_data(
            ben_page, **{f"{row}-statement_en": "Ben's statement.", "aims_en": "Ben's aims."}
        ),
    )
    assert refused.status_code == HTTPStatus.OK
    [row_form] = [
        form
        for inline in refused.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.prefix == row
    ]
    assert "Not saved yet: ana changed this principle" in " ".join(row_form.non_field_errors())
    assert "ana changed this to “Ana's statement.”" in " ".join(row_form.errors["statement_en"])
    assert Mission.objects.get(pk=mission.pk).aims != "Ben's aims."
    assert Principle.objects.get(pk=principle.pk).statement == "Ana's statement."


def test_an_outdated_revert_is_refused(editors, decision):
    ana, ben = editors
    original = decision.history.get()
    url = f"/admin/missions/decision/{decision.pk}/history/{original.history_id}/"
    revert_page = ben.get(url)
    ana.post(
        change_url(decision),
        form_data(ana.get(change_url(decision)), description_en="Ana's description."),
    )
    refused = ben.post(url, form_data(revert_page))
    assert refused.status_code == HTTPStatus.OK
    assert "ana changed this decision" in " ".join(
        refused.context["adminform"].form.non_field_errors()
    )
    assert Decision.objects.get(pk=decision.pk).description == "Ana's description."


def test_a_link_removed_by_a_delete_is_charged_to_who_deleted_not_to_the_next_editor(
    editors, seeded
):
    ana, ben = editors
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    ministry = decision.institutions.get(slug="ministry-of-interior")
    ben_page = ben.get(change_url(decision))
    ana.post(f"/admin/missions/institution/{ministry.pk}/delete/", {"post": "yes"})

    refused = ben.post(change_url(decision), form_data(ben_page, summary_en="Ben's summary."))
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Not saved yet: ana changed this decision while you were editing" in message
    assert "Their change to institutions is now in the form" in message

    again = ben.post(change_url(decision), form_data(refused))
    assert again.status_code == HTTPStatus.FOUND
    latest, before = decision.history.all()[:2]
    assert latest.history_user.username == "ben"
    assert latest.diff_against(before).changed_fields == ["summary_en"]
    assert before.history_user.username == "ana"
    assert before.history_change_reason == (
        "Unlinked from the deleted institution “Ministry of Interior”"
    )


def refused_on_both_summaries(editors, decision):
    """Ana saves a new summary and description; Ben, who opened the form before, a new summary
    and name of the decision: his save is refused, both having changed the summary."""
    ana, ben = editors
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    ana.post(
        change_url(decision),
        form_data(ana_page, summary_en="Ana's summary.", description_en="Ana's description."),
    )
    return ben.post(
        change_url(decision),
        form_data(ben_page, summary_en="Ben's summary.", name_en="Ben's name"),
    )


def test_the_refusal_comes_first_as_a_notice_without_the_red_banner(editors, decision):
    refused = refused_on_both_summaries(editors, decision)
    text = refused.text
    notice = text.index("Not saved yet: ana changed this decision")
    assert notice < text.index("Keep mine") < text.index('id="id_name_en"')
    assert 'class="errornote"' not in text
    assert "Please correct the error" not in text
    assert '<input type="radio" name="summary_en-choice" value="mine" checked> Keep mine' in text
    assert '<input type="radio" name="summary_en-choice" value="theirs"> Use theirs' in text
    assert '<a href="#id_summary_en">Summary</a>: ana changed this to “Ana&#x27;s summary.”' in text


@pytest.mark.parametrize(
    ("choice", "summary"), [("mine", "Ben's summary."), ("theirs", "Ana's summary.")]
)
def test_each_field_both_changed_takes_the_editors_choice(editors, decision, choice, summary):
    _ana, ben = editors
    refused = refused_on_both_summaries(editors, decision)
    saved = ben.post(change_url(decision), form_data(refused, **{"summary_en-choice": choice}))
    assert saved.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == summary
    assert decision.description == "Ana's description."
    assert decision.name == "Ben's name"
