"""Every text field has a maximum length, stated in its help text, that the admin, model
validation, loaddata and restore_backup all enforce: a 15 MB summary is refused everywhere."""

import json
from http import HTTPStatus

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from missions.backups.scope import is_history_model
from missions.models import Body, Decision

CONTENT_MODELS = [
    m for m in apps.get_app_config("missions").get_models() if not is_history_model(m)
]
TEXT_FIELDS = [
    (model, field)
    for model in CONTENT_MODELS
    for field in model._meta.concrete_fields
    if isinstance(field, models.TextField)
]


def test_there_are_text_fields_to_check():
    assert len(TEXT_FIELDS) >= 15


@pytest.mark.parametrize(
    ("model", "field"), TEXT_FIELDS, ids=lambda v: getattr(v, "label_lower", getattr(v, "name", v))
)
def test_every_text_field_states_its_maximum_and_model_validation_enforces_it(model, field):
    assert field.max_length is not None, f"{model._meta.label}.{field.name} has no maximum"
    assert f"At most {field.max_length:,} characters." in field.help_text
    record = model(**{field.attname: "x" * (field.max_length + 1)})
    with pytest.raises(ValidationError) as error:
        record.clean_fields()
    assert f"at most {field.max_length} characters" in " ".join(
        error.value.message_dict[field.name]
    )
    record = model(**{field.attname: "x" * field.max_length})
    with pytest.raises(ValidationError) as error:
        record.clean_fields()
    assert field.name not in error.value.message_dict


def test_the_seed_fits_well_within_every_limit(seeded):
    for model, field in TEXT_FIELDS:
        longest = max((len(v) for v in model.objects.values_list(field.name, flat=True)), default=0)
        assert longest * 2 <= field.max_length, f"{model._meta.label}.{field.name}"


def test_the_admin_refuses_an_over_long_summary_and_saves_nothing(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    limit = Decision._meta.get_field("summary_en").max_length
    data = {
        "name_en": decision.name,
        "slug": decision.slug,
        "status": decision.status,
        "mission": decision.mission_id,
        "date": "01/07/2018",
        "date_precision": "month",
        "decided_by": decision.decided_by_id,
        "action": decision.action,
        "summary_en": "x" * (limit + 1),
    }
    url = reverse("admin:missions_decision_change", args=[decision.pk])
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert f"at most {limit} characters (it has {limit + 1})" in response.text
    assert f'maxlength="{limit}"' in admin_client.get(url).text
    decision.refresh_from_db()
    assert len(decision.summary) < limit


def write_fixture(tmp_path, model, slug, **fields):
    """The seed with one record's ``fields`` changed, written as a fixture file."""
    seed = json.loads((settings.BASE_DIR / "fixtures" / "nmi.json").read_text())
    for record in seed:
        if record["model"] == model and record["fields"].get("slug") == slug:
            record["fields"].update(fields)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(seed))
    return path


@pytest.mark.parametrize(
    ("model", "slug", "field", "limit"),
    [
        ("missions.decision", "nmi-established", "summary_fr", 1000),
        ("missions.body", "north-atlantic-council", "name_en", 200),
    ],
)
def test_loaddata_refuses_an_over_long_value_naming_fixture_record_and_field(
    db, tmp_path, model, slug, field, limit
):
    path = write_fixture(tmp_path, model, slug, **{field: "x" * (limit + 1)})
    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(path), verbosity=0)
    message = str(error.value)
    assert str(path) in message
    assert f'{model} ["{slug}"]' in message
    assert f"field '{field}'" in message
    assert f"at most {limit} characters (it has {limit + 1})" in message
    assert "\n" not in message
    assert not Decision.objects.exists()
    assert not Body.objects.exists()
