"""Preview before saving: the record's public page with the form's unsaved values, in a new tab,
under the "Draft preview" banner, never cached and never saved."""

from http import HTTPStatus

import pytest
from django.test import Client

from missions.models import ContentVersion, Decision, Institution, Partner, Principle, Status
from tests.editors.forms import form_data


@pytest.fixture
def decision(seeded):
    return Decision.objects.get(slug="nmi-scope-expanded")


def admin_url(record, view):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/{view}/"


def preview(client, record, **changes):
    page = client.get(admin_url(record, "change"))
    return client.post(admin_url(record, "preview"), form_data(page, **changes))


def test_the_change_form_offers_preview_in_a_new_tab_and_view_on_site_too(admin_client, decision):
    text = admin_client.get(admin_url(decision, "change")).text
    assert (
        f'<input type="submit" value="Preview" name="_preview" '
        f'formaction="{admin_url(decision, "preview")}" formtarget="_blank"'
    ) in text
    assert 'class="viewsitelink" target="_blank" rel="noopener"' in text


def test_the_preview_shows_the_unsaved_values_under_the_banner_and_saves_nothing(
    admin_client, decision
):
    entries = decision.history.count()
    response = preview(admin_client, decision, summary_en="A summary not saved yet.")
    assert response.status_code == HTTPStatus.OK
    assert "A summary not saved yet." in response.text
    assert "<strong>Draft preview.</strong> This page shows your unsaved changes" in response.text
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    decision.refresh_from_db()
    assert decision.summary != "A summary not saved yet."
    assert decision.history.count() == entries


def test_the_public_still_gets_the_saved_page_after_a_preview(admin_client, decision):
    public = Client()
    before = public.get(decision.get_absolute_url())
    preview(admin_client, decision, summary_en="A summary not saved yet.")
    after = public.get(decision.get_absolute_url())
    assert after.status_code == HTTPStatus.OK
    assert "A summary not saved yet." not in after.text
    assert decision.summary in after.text
    assert "Draft preview" not in before.text + after.text


def test_the_preview_shows_the_relations_chosen_in_the_form_and_never_drafts(
    admin_client, decision
):
    kept, dropped = decision.institutions.order_by("name_en")
    draft = Institution.objects.create(name="Ministry of Drafts", slug="ministry-of-drafts")
    response = preview(admin_client, decision, institutions=[str(kept.pk), str(draft.pk)])
    assert f'href="{kept.get_absolute_url()}"' in response.text
    assert f'href="{dropped.get_absolute_url()}"' not in response.text
    assert "Ministry of Drafts" not in response.text
    assert decision.institutions.count() == 2


def test_a_form_that_cannot_be_saved_gets_its_errors_instead_of_a_preview(admin_client, decision):
    response = preview(admin_client, decision, summary_en="")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "<strong>Summary:</strong> This field is required." in response.text
    assert "no-store" in response.headers["Cache-Control"]


def test_a_preview_ignores_changes_saved_meanwhile_it_saves_nothing(admin_client, decision):
    page = admin_client.get(admin_url(decision, "change"))
    Decision.objects.get(pk=decision.pk).save()
    response = admin_client.post(
        admin_url(decision, "preview"), form_data(page, summary_en="Previewed.")
    )
    assert response.status_code == HTTPStatus.OK
    assert "Previewed." in response.text


def test_a_draft_record_is_previewed_too(admin_client, decision):
    decision.status = Status.DRAFT
    decision.save()
    response = preview(admin_client, decision, summary_en="Previewed draft.")
    assert "Previewed draft." in response.text


def test_a_preview_needs_a_post_and_the_change_permission(
    admin_client, client, django_user_model, decision
):
    assert admin_client.get(admin_url(decision, "preview")).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)
    response = client.post(admin_url(decision, "preview"), {"summary_en": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    client.logout()
    response = client.post(admin_url(decision, "preview"), {"summary_en": "x"})
    assert response.status_code == HTTPStatus.FOUND
    assert "/login/" in response["Location"]


def test_a_kind_shown_only_on_other_pages_has_no_preview(admin_client, seeded):
    principle = Principle.objects.first()
    assert 'name="_preview"' not in admin_client.get(admin_url(principle, "change")).text
    response = admin_client.post(admin_url(principle, "preview"), {})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_add_form_previews_a_new_partner_and_keeps_nothing(admin_client, seeded):
    page = admin_client.get("/admin/missions/partner/add/")
    assert 'formaction="/admin/missions/partner/add/preview/" formtarget="_blank"' in page.text
    partners, entries = Partner.objects.count(), Partner.history.count()
    content_version = ContentVersion.objects.get().version
    data = form_data(page, name_en="A partner typed, not saved", slug="a-partner-typed")
    response = admin_client.post("/admin/missions/partner/add/preview/", data)
    assert response.status_code == HTTPStatus.OK
    assert "A partner typed, not saved" in response.text
    assert "<strong>Draft preview.</strong>" in response.text
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert Partner.objects.count() == partners
    assert Partner.history.count() == entries
    assert ContentVersion.objects.get().version == content_version


def test_a_new_record_that_cannot_be_saved_gets_its_errors_in_the_preview_tab(admin_client, seeded):
    page = admin_client.get("/admin/missions/partner/add/")
    response = admin_client.post(
        "/admin/missions/partner/add/preview/", form_data(page, name_en="")
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "cannot be saved as it is" in response.text
    assert "Add partner" in response.text


def test_kinds_shown_on_their_missions_page_offer_no_preview_when_new(admin_client, seeded):
    page = admin_client.get("/admin/missions/keyfact/add/")
    assert 'name="_preview"' not in page.text
    response = admin_client.post("/admin/missions/keyfact/add/preview/", {})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_previewing_a_new_record_needs_the_add_permission(client, django_user_model, seeded):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    response = client.post("/admin/missions/partner/add/preview/", {"name_en": "Anything"})
    assert response.status_code == HTTPStatus.FORBIDDEN
