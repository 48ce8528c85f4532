"""History and revert: every change is recorded with who, when and old -> new values, relations
included; any version can be reverted to; deleted records can be restored."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from simple_history.models import HistoricalChanges

from missions.editors.health import find_problems
from missions.management.commands.loaddata import IMPORTED, RELOADED
from missions.models import (
    NOT_CONTENT,
    Citation,
    Decision,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Status,
)
from tests.editors.forms import form_data

TRACKED = [
    model
    for model in apps.get_app_config("missions").get_models()
    if not issubclass(model, HistoricalChanges) and model not in NOT_CONTENT
]


def admin_url(record, view, *args):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/{view}/" + "".join(
        f"{arg}/" for arg in args
    )


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def cited(entry):
    return sorted(entry.citations.values_list("citation__number", flat=True))


def test_every_seeded_record_has_one_complete_entry_imported_from_the_source(seeded):
    for model in TRACKED:
        for record in model.objects.all():
            entries = list(record.history.all())
            assert [(e.history_type, e.history_change_reason) for e in entries] == [
                ("+", IMPORTED)
            ], record
            if hasattr(entries[0], "citations"):
                assert cited(entries[0]) == sorted(
                    record.citations.values_list("number", flat=True)
                )


def test_loading_the_seed_again_records_nothing(seeded):
    counts = {model: model.history.count() for model in TRACKED}
    call_command("loaddata", "nmi", verbosity=0)
    assert {model: model.history.count() for model in TRACKED} == counts


def test_reloading_the_seed_over_an_edit_records_what_it_replaced(decision):
    decision.summary = "An editor's summary."
    decision.save()
    decision.institutions.clear()
    call_command("loaddata", "nmi", verbosity=0)
    latest, before = decision.history.all()[:2]
    assert latest.history_change_reason == RELOADED
    changes = {change.field: change for change in latest.diff_against(before).changes}
    assert changes["summary_en"].old == "An editor's summary."
    assert len(changes["institutions"].new) == 2


def test_an_admin_edit_is_recorded_with_who_and_what(admin_client, admin_user, decision):
    page = admin_client.get(admin_url(decision, "change"))
    ministry = Institution.objects.get(slug="ministry-of-defence")
    institutions = [*page.context["adminform"].form["institutions"].value(), str(ministry.pk)]
    admin_client.post(
        admin_url(decision, "change"),
        form_data(page, summary_en="A new summary.", institutions=institutions),
    )
    entries = decision.history.filter(history_type="~")
    assert {entry.history_user for entry in entries} == {admin_user}
    first = decision.history.earliest()
    diff = decision.history.first().diff_against(first)
    assert set(diff.changed_fields) == {"summary_en", "institutions"}


def test_saving_a_mission_unchanged_records_nothing_in_any_history(admin_client, seeded):
    mission = Mission.objects.get(slug="nmi")
    counts = {model: model.history.count() for model in TRACKED}
    page = admin_client.get(admin_url(mission, "change"))
    response = admin_client.post(admin_url(mission, "change"), form_data(page))
    assert response.status_code == HTTPStatus.FOUND
    assert {model: model.history.count() for model in TRACKED} == counts


def test_changing_one_inline_row_records_that_row_only(admin_client, seeded):
    mission = Mission.objects.get(slug="nmi")
    counts = {model: model.history.count() for model in TRACKED}
    page = admin_client.get(admin_url(mission, "change"))
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is KeyFact
    )
    first_row = formset.forms[0]
    admin_client.post(
        admin_url(mission, "change"),
        form_data(page, **{first_row.add_prefix("figure"): "About 4,000"}),
    )
    grown = {
        model: model.history.count() - count
        for model, count in counts.items()
        if model.history.count() != count
    }
    assert grown == {KeyFact: 1}
    assert first_row.instance.history.first().figure == "About 4,000"


def test_changes_from_the_shell_are_recorded_too(decision):
    decision.citations.clear()
    latest = decision.history.first()
    assert latest.history_type == "~"
    assert latest.history_user is None
    assert cited(latest) == []


def test_the_history_page_shows_who_changed_what_from_what_to_what(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    admin_client.post(
        admin_url(decision, "change"), form_data(page, summary_en="A new summary.", citations=[])
    )
    response = admin_client.get(admin_url(decision, "history"))
    assert response.status_code == HTTPStatus.OK
    text = response.text
    assert "Imported from the source document" in text
    assert f"<strong>Summary:</strong> {decision.summary} → A new summary." in text
    assert "<strong>Citations:</strong> [nato-mission-iraq §18:" in text
    assert "→ []" in text
    assert ">admin<" in text


def test_reverting_restores_fields_and_relations(admin_client, decision):
    original = decision.history.get()
    page = admin_client.get(admin_url(decision, "change"))
    admin_client.post(
        admin_url(decision, "change"),
        form_data(page, summary_en="A mistake.", citations=[], institutions=[]),
    )
    revert_page = admin_client.get(admin_url(decision, "history", original.history_id))
    assert revert_page.status_code == HTTPStatus.OK
    form = revert_page.context["adminform"].form
    assert form["summary_en"].value() == original.summary_en
    assert sorted(map(str, form["institutions"].value())) == sorted(
        str(pk) for pk in original.institutions.values_list("institution", flat=True)
    )
    response = admin_client.post(
        admin_url(decision, "history", original.history_id), form_data(revert_page)
    )
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == original.summary_en
    assert decision.institutions.count() == 2
    assert list(decision.citations.values_list("number", flat=True)) == [18]
    assert decision.history.first().history_change_reason.startswith("Reverted to the version of ")


def test_a_deleted_record_is_listed_and_restored_with_its_relations(admin_client, decision):
    institutions = set(decision.institutions.all())
    response = admin_client.post(admin_url(decision, "delete"), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Decision.objects.filter(slug="nmi-scope-expanded").exists()

    changelist = admin_client.get("/admin/missions/decision/")
    assert 'href="/admin/missions/decision/deleted/"' in changelist.text
    deleted = admin_client.get("/admin/missions/decision/deleted/")
    assert deleted.status_code == HTTPStatus.OK
    [listed] = deleted.context["records"]
    assert listed["deletion"].name_en == decision.name
    assert listed["restore_url"] in deleted.text

    restore_page = admin_client.get(listed["restore_url"])
    response = admin_client.post(listed["restore_url"], form_data(restore_page))
    assert response.status_code == HTTPStatus.FOUND
    restored = Decision.objects.get(slug="nmi-scope-expanded")
    assert restored.pk == decision.pk
    assert set(restored.institutions.all()) == institutions
    assert list(restored.citations.values_list("number", flat=True)) == [18]
    assert admin_client.get("/admin/missions/decision/deleted/").context["records"] == []


def test_the_deleted_page_needs_add_and_change_permission(client, django_user_model, db):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get("/admin/missions/decision/deleted/").status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [("publish", Status.DRAFT, Status.PUBLISHED), ("unpublish", Status.PUBLISHED, Status.DRAFT)],
)
def test_bulk_publishing_records_history_for_each_record(
    admin_client, admin_user, seeded, action, start, end
):
    partners = list(Partner.objects.all())
    for partner in partners:
        partner.status = start
        partner.save()
    response = admin_client.post(
        "/admin/missions/partner/",
        {"action": action, "_selected_action": [p.pk for p in partners]},
        follow=True,
    )
    assert f"{len(partners)} partners" in response.text
    for partner in partners:
        partner.refresh_from_db()
        assert partner.status == end
        latest = partner.history.first()
        assert latest.history_user == admin_user
        assert latest.history_change_reason == f"Set to {Status(end).label.lower()} from the list"
        assert latest.diff_against(partner.history.all()[1]).changed_fields == ["status"]
        assert latest.citations.exists()


def test_bulk_publishing_leaves_records_already_in_that_state_alone(admin_client, seeded):
    mission = Mission.objects.get(slug="nmi")
    entries = mission.history.count()
    response = admin_client.post(
        "/admin/missions/mission/",
        {"action": "publish", "_selected_action": [mission.pk]},
        follow=True,
    )
    assert "Published: 0 missions (1 already published)." in response.text
    assert mission.history.count() == entries


def test_a_load_of_other_data_can_give_its_own_reason(seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.summary = "Edited."
    decision.save()
    call_command("loaddata", "nmi", history_reason="Restored from backup.json", verbosity=0)
    assert decision.history.first().history_change_reason == "Restored from backup.json"


def test_a_reason_too_long_for_history_is_refused_before_loading(db):
    with pytest.raises(CommandError, match="must be 1 to 100 characters"):
        call_command("loaddata", "nmi", history_reason="x" * 101, verbosity=0)
    assert not Decision.objects.exists()


def changed(record):
    """The fields the record's latest history entry changed."""
    latest, before = record.history.all()[:2]
    return latest.diff_against(before).changed_fields


def test_deleting_a_record_records_what_it_unlinks_in_each_linked_record_at_once(
    admin_client, admin_user, decision
):
    ministry = Institution.objects.get(slug="ministry-of-interior")
    nmi = decision.mission
    response = admin_client.post(admin_url(ministry, "delete"), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    for record in (decision, nmi):
        latest = record.history.first()
        assert latest.history_user == admin_user
        assert latest.history_change_reason == (
            "Unlinked from the deleted institution “Ministry of Interior”"
        )
        assert changed(record) == ["institutions"]
        assert ministry.pk not in latest.institutions.values_list("institution", flat=True)


def test_the_next_save_of_a_linked_record_records_only_its_own_change(
    admin_client, admin_user, django_user_model, client, decision
):
    Institution.objects.get(slug="ministry-of-interior").delete()
    ben = django_user_model.objects.create_superuser("ben", password="x")
    client.force_login(ben)
    page = client.get(admin_url(decision, "change"))
    client.post(admin_url(decision, "change"), form_data(page, summary_en="Ben's summary."))
    latest = decision.history.first()
    assert latest.history_user == ben
    assert changed(decision) == ["summary_en"]


def test_a_bulk_delete_records_one_entry_in_each_linked_record_naming_what_it_unlinked(
    admin_client, admin_user, decision
):
    entries = decision.history.count()
    both = Institution.objects.filter(decisions=decision)
    response = admin_client.post(
        "/admin/missions/institution/",
        {"action": "delete_selected", "_selected_action": [i.pk for i in both], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert decision.history.count() == entries + 1
    latest = decision.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Unlinked from 2 deleted institutions"
    assert list(latest.institutions.all()) == []


def test_a_delete_from_the_shell_is_recorded_as_the_shells(decision):
    Institution.objects.get(slug="federal-police-command").delete()
    latest = decision.history.first()
    assert latest.history_user is None
    assert latest.history_change_reason == (
        "Unlinked from the deleted institution “Federal Police Command”"
    )


def test_deleting_a_citation_records_it_in_every_record_that_cited_it(seeded):
    citation = Citation.objects.get(number=18)
    citing = [
        record
        for model in TRACKED
        if "citations" in {field.name for field in model._meta.many_to_many}
        for record in model.objects.filter(citations=citation)
    ]
    assert len(citing) == 4
    citation.delete()
    for record in citing:
        assert changed(record) == ["citations"], record
        assert record.history.first().history_change_reason.startswith(
            "Unlinked from the deleted citation “nato-mission-iraq §18:"
        )


def test_deleting_a_mission_records_that_its_successor_lost_its_predecessor(seeded):
    ntm = Mission.objects.get(slug="ntm-i")
    nmi = Mission.objects.get(slug="nmi")
    ntm.delete()
    latest = nmi.history.first()
    assert latest.predecessor_id is None
    assert changed(nmi) == ["predecessor"]
    assert latest.history_change_reason == (
        "Unlinked from the deleted mission “NATO Training Mission-Iraq”"
    )


def test_the_deletion_entry_holds_the_relations_the_record_had(admin_client, admin_user, decision):
    institutions = sorted(decision.institutions.values_list("pk", flat=True))
    admin_client.post(admin_url(decision, "delete"), {"post": "yes"})
    deletion = Decision.history.filter(id=decision.pk).first()
    assert deletion.history_type == "-"
    assert deletion.history_user == admin_user
    assert cited(deletion) == [18]
    assert sorted(deletion.institutions.values_list("institution", flat=True)) == institutions


def restore(client, model, pk):
    """Bring a deleted record back as an editor does: "Deleted ..." on its list, then "Restore"
    next to it, then "Revert"."""
    deleted = client.get(f"/admin/missions/{model._meta.model_name}/deleted/")
    [listed] = [record for record in deleted.context["records"] if record["deletion"].id == pk]
    page = client.get(listed["restore_url"])
    response = client.post(listed["restore_url"], form_data(page))
    assert response.status_code == HTTPStatus.FOUND
    return model.objects.get(pk=pk)


def assert_linked_again(record, field, restored, user):
    """``record`` links to ``restored`` again, and says so in its history, in ``user``'s name."""
    assert restored in getattr(record, field).all()
    latest = record.history.first()
    assert latest.history_user == user
    kind = restored._meta.verbose_name
    assert latest.history_change_reason.startswith(f"Linked again to the restored {kind} “")
    assert changed(record) == [field]


def test_restoring_an_institution_brings_back_the_links_to_it_from_both_sides(
    admin_client, admin_user, decision
):
    ministry = Institution.objects.get(slug="ministry-of-interior")
    nmi = decision.mission
    linked = {
        record: sorted(record.institutions.values_list("pk", flat=True))
        for record in (nmi, decision)
    }
    admin_client.post(admin_url(ministry, "delete"), {"post": "yes"})

    restored = restore(admin_client, Institution, ministry.pk)
    assert sorted(restored.citations.values_list("number", flat=True)) == [13, 18]
    for record, institutions in linked.items():
        assert sorted(record.institutions.values_list("pk", flat=True)) == institutions
        assert_linked_again(record, "institutions", restored, admin_user)
    assert decision.history.first().history_change_reason == (
        "Linked again to the restored institution “Ministry of Interior”"
    )
    assert find_problems() == []


def test_restoring_a_partner_brings_back_the_missions_it_works_with(
    admin_client, admin_user, seeded
):
    union = Partner.objects.get(slug="european-union")
    nmi = Mission.objects.get(slug="nmi")
    admin_client.post(admin_url(union, "delete"), {"post": "yes"})
    assert union not in nmi.partners.all()

    restored = restore(admin_client, Partner, union.pk)
    assert_linked_again(nmi, "partners", restored, admin_user)
    assert list(restored.citations.values_list("number", flat=True)) == [22]
    assert find_problems() == []


def test_restoring_a_citation_brings_it_back_to_every_record_that_cited_it(
    admin_client, admin_user, seeded
):
    citation = Citation.objects.get(number=18)
    citing = [
        record
        for model in TRACKED
        if "citations" in {field.name for field in model._meta.many_to_many}
        for record in model.objects.filter(citations=citation)
    ]
    admin_client.post(admin_url(citation, "delete"), {"post": "yes"})

    restored = restore(admin_client, Citation, citation.pk)
    assert restored.text == citation.text
    for record in citing:
        assert_linked_again(record, "citations", restored, admin_user)
    assert find_problems() == []


def test_restoring_a_mission_makes_it_its_successors_predecessor_again(admin_client, seeded):
    ntm = Mission.objects.get(slug="ntm-i")
    nmi = Mission.objects.get(slug="nmi")
    admin_client.post(admin_url(ntm, "delete"), {"post": "yes"})

    restore(admin_client, Mission, ntm.pk)
    nmi.refresh_from_db()
    assert nmi.predecessor == ntm
    assert changed(nmi) == ["predecessor"]


def test_restoring_brings_back_only_the_links_there_were_at_the_deletion(admin_client, decision):
    ministry = Institution.objects.get(slug="ministry-of-interior")
    nmi = decision.mission
    nmi.institutions.remove(ministry)
    entries = nmi.history.count()
    admin_client.post(admin_url(ministry, "delete"), {"post": "yes"})

    restored = restore(admin_client, Institution, ministry.pk)
    assert restored in decision.institutions.all()
    assert restored not in nmi.institutions.all()
    assert nmi.history.count() == entries
