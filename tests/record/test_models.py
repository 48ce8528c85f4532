"""Constraints hold in the database, and clean() reports the same rules as field errors."""

import datetime

import pytest
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missions.dates import PartialDate
from missions.models import (
    Body,
    Citation,
    Decision,
    Institution,
    Mission,
    Partner,
    Source,
    Status,
)

JULY_2018 = datetime.date(2018, 7, 1)


@pytest.fixture
def mission(db):
    return Mission.objects.create(name="Test Mission", slug="test", acronym="TM", summary="s")


@pytest.fixture
def bodies(db):
    return (
        Body.objects.create(name="Council", slug="council", kind=Body.Kind.NATO),
        Body.objects.create(name="Government", slug="government", kind=Body.Kind.GOVERNMENT),
    )


def decision(mission, decided_by, **fields):
    values = {
        "name_en": "A decision",
        "slug": "a-decision",
        "mission": mission,
        "decided_by": decided_by,
        "date": JULY_2018,
        "date_precision": "month",
        "action": Decision.Action.ESTABLISH,
        "summary_en": "s",
    }
    values.update(fields)
    return Decision(**values)


def assert_refused_by_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"date": datetime.date(2018, 7, 14)}, "date", "Month and year"),
        ({"date_precision": "year"}, "date", "1 January 2018"),
        ({"date_precision": ""}, "date_precision", "how precise"),
    ],
)
def test_decision_date_must_match_its_precision(mission, bodies, fields, field, message):
    record = decision(mission, bodies[0], **fields)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert_refused_by_database(record)


def test_a_day_precise_date_may_fall_on_any_day(mission, bodies):
    record = decision(mission, bodies[0], date=datetime.date(2018, 7, 14), date_precision="day")
    record.full_clean()
    record.save()
    assert record.when.text == "14 July 2018"


def test_a_body_cannot_request_its_own_decision(mission, bodies):
    record = decision(mission, bodies[0], requested_by=bodies[0])
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "requested_by" in error.value.message_dict
    assert_refused_by_database(record)


def test_a_mission_cannot_end_before_it_is_launched(mission):
    mission.launched_on, mission.launched_on_precision = datetime.date(2018, 10, 1), "month"
    mission.ended_on, mission.ended_on_precision = JULY_2018, "month"
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "before it is launched" in error.value.message_dict["ended_on"][0]
    assert_refused_by_database(mission)


def test_a_mission_date_needs_its_precision(mission):
    mission.launched_on = JULY_2018
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "launched_on_precision" in error.value.message_dict
    assert_refused_by_database(mission)


def test_a_mission_cannot_be_its_own_predecessor(mission):
    mission.predecessor = mission
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "predecessor" in error.value.message_dict
    assert_refused_by_database(mission)


@pytest.mark.parametrize("model", [Institution, Partner])
def test_slugs_and_names_are_unique(db, model):
    model.objects.create(name="Ministry of Defence", slug="mod")
    for clash in [
        model(name="Another", slug="mod"),
        model(name="MINISTRY OF DEFENCE", slug="other"),
    ]:
        with pytest.raises(ValidationError) as error:
            clash.full_clean()
        assert "already" in str(error.value)
        assert_refused_by_database(clash)


def test_citations_are_numbered_from_one(db):
    source = Source.objects.create(title="Doc", slug="doc")
    citation = Citation(source=source, number=0, text="A sentence.")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "number" in error.value.message_dict
    assert_refused_by_database(citation)


def test_natural_keys_find_each_record(seeded):
    for model in [Mission, Decision, Institution, Partner, Body, Source]:
        for record in model.objects.all():
            assert model.objects.get_by_natural_key(*record.natural_key()) == record
    citation = Citation.objects.get(number=9)
    assert citation.natural_key() == ("nato-mission-iraq", 9)
    assert Citation.objects.get_by_natural_key("nato-mission-iraq", 9) == citation


def test_serialized_records_refer_to_each_other_by_natural_key(seeded):
    record = Decision.objects.get(slug="nmi-scope-expanded")
    data = serializers.serialize(
        "python", [record], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )[0]
    assert "pk" not in data
    assert data["fields"]["mission"] == ("nmi",)
    assert data["fields"]["decided_by"] == ("north-atlantic-council",)
    assert sorted(data["fields"]["institutions"]) == [
        ("federal-police-command",),
        ("ministry-of-interior",),
    ]
    assert data["fields"]["citations"] == [("nato-mission-iraq", 18)]


def test_published_excludes_drafts(db):
    Partner.objects.create(name="Draft", slug="draft")
    Partner.objects.create(name="Live", slug="live", status=Status.PUBLISHED)
    assert [p.slug for p in Partner.objects.published()] == ["live"]


def test_the_seeded_source_holds_the_documents_text_and_only_what_it_states(seeded):
    source = Source.objects.get(slug="nato-mission-iraq")
    document = settings.SOURCE_DOCUMENT.read_bytes()
    assert source.text.encode() == document
    assert source.status == "published"
    assert source.language == "en"
    # The document names no publisher, address, kind or date: none is guessed.
    assert (source.publisher, source.url, source.kind) == ("", "", "")
    assert source.published is None
    assert source.accessed_on is None


def test_a_sources_history_keeps_each_version_of_its_text(seeded):
    source = Source.objects.get(slug="nato-mission-iraq")
    source.text = source.text + "\nA sentence added later."
    source.published = PartialDate(datetime.date(2024, 5, 1), "month")
    source.save()
    latest, previous = source.history.all()[:2]
    assert latest.text.endswith("A sentence added later.")
    assert previous.text == settings.SOURCE_DOCUMENT.read_text(encoding="utf-8")
    assert [change.field for change in latest.diff_against(previous).changes] == [
        "published_on",
        "published_on_precision",
        "text",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("language", "English"), ("url", "not an address"), ("published_on_precision", "")],
)
def test_a_sources_metadata_is_checked(seeded, field, value):
    source = Source.objects.get(slug="nato-mission-iraq")
    source.published = PartialDate(datetime.date(2024, 5, 1), "month")
    setattr(source, field, value)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert field in error.value.message_dict
