"""Admin polish: status and publishing everywhere, links to public pages, autocomplete on every
relation, help text on every field, and validation errors that say what to do."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib import admin

from missions.models import Decision, Institution, record_models
from tests.editors.forms import form_data

CONTENT_ADMINS = [(model, admin.site._registry[model]) for model in record_models()]
ALL_ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "missions"
]
# Every form editors fill in: (model, its admin or inline, the model of the page it sits on).
EVERY_FORM = [(model_admin.model, model_admin, model) for model, model_admin in ALL_ADMINS] + [
    (inline.model, inline, model)
    for model, model_admin in ALL_ADMINS
    for inline in model_admin.inlines
]


@pytest.mark.parametrize(("model", "model_admin"), CONTENT_ADMINS, ids=str)
def test_every_list_shows_and_filters_the_status(admin_client, seeded, model, model_admin):
    assert "status" in model_admin.list_display
    assert "status" in model_admin.list_filter
    draft = model.objects.first()
    draft.status = "draft"
    draft.save()
    url = f"/admin/missions/{model._meta.model_name}/"
    drafts = admin_client.get(url, {"status__exact": "draft"})
    assert list(drafts.context["cl"].result_list) == [draft]
    assert '<td class="field-status">Draft</td>' in drafts.text
    published = admin_client.get(url, {"status__exact": "published"}).context["cl"]
    assert published.result_count == model.objects.count() - 1


@pytest.mark.parametrize(("model", "model_admin"), CONTENT_ADMINS, ids=str)
def test_every_list_offers_publish_and_unpublish(admin_client, seeded, model, model_admin):
    response = admin_client.get(f"/admin/missions/{model._meta.model_name}/")
    actions = dict(response.context["action_form"].fields["action"].choices)
    plural = model._meta.verbose_name_plural
    assert actions["publish"] == f"Publish the selected {plural}"
    assert actions["unpublish"] == f"Unpublish the selected {plural} (back to draft)"


@pytest.mark.parametrize(("model", "model_admin"), CONTENT_ADMINS, ids=str)
def test_every_record_links_to_its_public_page(admin_client, seeded, model, model_admin):
    record = model.objects.first()
    listing = admin_client.get(f"/admin/missions/{model._meta.model_name}/")
    url = record.get_absolute_url()
    assert f'<a href="{url}">View<span class="visually-hidden"> “{record}” on the public site' in (
        listing.text
    )
    change = admin_client.get(f"/admin/missions/{model._meta.model_name}/{record.pk}/change/")
    assert "View on site" in change.text


def test_view_on_site_leads_to_the_public_page(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    change = admin_client.get(f"/admin/missions/decision/{decision.pk}/change/")
    view_on_site = change.context["absolute_url"]
    response = admin_client.get(view_on_site)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.endswith("/en/decisions/nmi-established/")
    assert admin_client.get(response.url).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("model", "form_admin", "page_model"), EVERY_FORM, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_relation_is_chosen_with_autocomplete(model, form_admin, page_model):
    relations = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and field.editable
        # An inline row's link to the page's record is set by the page itself.
        and not (form_admin.model is not page_model and field.related_model is page_model)
    }
    assert relations <= set(form_admin.autocomplete_fields)


def test_the_mission_page_links_its_latest_decisions_latest_first_and_all_of_them(
    admin_client, seeded
):
    nmi = Decision.objects.first().mission
    response = admin_client.get(f"/admin/missions/mission/{nmi.pk}/change/")
    assert not any(
        inline.opts.model is Decision for inline in response.context["inline_admin_formsets"]
    )
    text = response.text
    latest_first = list(nmi.decisions.order_by("-date"))
    positions = [
        text.index(f'/admin/missions/decision/{d.pk}/change/">{d}</a>') for d in latest_first
    ]
    assert positions == sorted(positions)
    count = nmi.decisions.count()
    assert (
        f'href="/admin/missions/decision/?mission__id__exact={nmi.pk}">'
        f"All {count} decisions of NMI</a>"
    ) in text
    assert (
        f'href="/admin/missions/decision/add/?mission={nmi.pk}">Add a decision to NMI</a>' in text
    )


@pytest.mark.parametrize(("model", "model_admin"), ALL_ADMINS, ids=str)
def test_every_field_has_help_text(model, model_admin):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not field.help_text
    ]
    assert missing == []


@pytest.mark.parametrize(("model", "model_admin"), ALL_ADMINS, ids=str)
def test_every_constraint_message_says_what_to_do(model, model_admin):
    for constraint in model._meta.constraints:
        message = str(constraint.violation_error_message)
        assert ": " in message, (constraint.name, message)


def test_a_duplicate_name_in_the_admin_says_what_to_do(admin_client, seeded):
    response = admin_client.post(
        "/admin/missions/institution/add/",
        {"name_en": "ministry of defence", "slug": "mod-2", "status": "draft"},
    )
    assert response.status_code == HTTPStatus.OK
    assert (
        "Another record already has this name: edit that record instead, or add what tells "
        "the two apart to this name." in response.text
    )
    assert not Institution.objects.filter(slug="mod-2").exists()


def test_an_editor_sees_what_to_do_about_a_date_too_precise_for_its_precision(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    url = f"/admin/missions/decision/{decision.pk}/change/"
    response = admin_client.post(url, form_data(admin_client.get(url), date="14/07/2018"))
    assert (
        "“14/07/2018” gives a day, but the precision is “Month and year”: type the month and "
        "year, e.g. July 2018"
    ) in " ".join(response.context["adminform"].form.errors["date"])
    decision.refresh_from_db()
    assert (decision.date, decision.date_precision) == (datetime.date(2018, 7, 1), "month")
