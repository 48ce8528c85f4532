"""Backups carry every language of the record's texts, and backups from before translations
still restore."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import translation

from missions.backups.scope import FORMAT_VERSION
from missions.models import Citation, Decision, Mission

from .make_corpus import join, split
from .test_backup import empty_database, export, header_of, restore

# A backup export_backup wrote before the record's texts were translated (format version 1):
# each text one field, ``name``, ``summary``...
BEFORE_TRANSLATIONS = Path(__file__).parent / "before-translations.jsonl"


def records_of(data, model):
    return [
        record["fields"]
        for record in map(json.loads, data.splitlines()[1:])
        if record["model"] == model
    ]


def test_a_backup_carries_french_and_arabic_translations_byte_for_byte(seeded, tmp_path):
    decision = Decision.objects.get(slug="nmi-established")
    decision.summary_fr = "Les Alliés conviennent de créer la NMI."
    decision.name_ar = "إنشاء بعثة الناتو في العراق"
    decision.save()
    citation = decision.citations.first()
    citation.translation_ar = "جملة مترجمة."
    citation.save()
    cited = (citation.source.slug, citation.number)
    backup = export(tmp_path / "backup.jsonl", with_history=True)
    [fields] = [f for f in records_of(backup, "missions.decision") if f["slug"] == decision.slug]
    assert fields["summary_fr"] == "Les Alliés conviennent de créer la NMI."
    assert fields["name_ar"] == "إنشاء بعثة الناتو في العراق"

    empty_database()
    restore(tmp_path / "backup.jsonl", with_history=True)

    assert export(tmp_path / "again.jsonl", with_history=True) == backup
    restored = Decision.objects.get(slug="nmi-established")
    with translation.override("fr"):
        assert restored.summary == "Les Alliés conviennent de créer la NMI."
    with translation.override("ar"):
        assert restored.name == "إنشاء بعثة الناتو في العراق"
        assert Citation.objects.get_by_natural_key(*cited).translation == "جملة مترجمة."
    assert restored.history.latest().summary_fr == "Les Alliés conviennent de créer la NMI."


def test_a_backup_from_before_translations_restores_its_texts_as_the_english(db, tmp_path):
    assert header_of(BEFORE_TRANSLATIONS.read_bytes())["version"] == 1
    restore(BEFORE_TRANSLATIONS)

    mission = Mission.objects.get(slug="nmi")
    assert mission.name_en == "NATO Mission Iraq"
    assert mission.summary_en == "A non-combat advisory mission."
    assert (mission.name_fr, mission.summary_ar) == ("", "")
    with translation.override("fr"):
        assert mission.name == "NATO Mission Iraq"
    again = export(tmp_path / "again.jsonl")
    assert header_of(again)["version"] == FORMAT_VERSION
    [fields] = records_of(again, "missions.mission")
    assert "name" not in fields
    assert (fields["name_en"], fields["name_fr"]) == ("NATO Mission Iraq", "")


def test_a_current_backup_naming_a_text_without_its_language_is_refused(db, tmp_path):
    """Only version 1 backups name a text without its language: in a newer one the field is
    unknown, as any misspelt field is."""
    header, records = split(BEFORE_TRANSLATIONS.read_bytes())
    path = tmp_path / "mislabelled.jsonl"
    path.write_bytes(join({**header, "version": FORMAT_VERSION}, records))
    with pytest.raises(CommandError) as error:
        restore(path)
    assert "missions.institution [\"mod\"], field 'description'" in str(error.value)
    assert "no such field on this model" in str(error.value)
