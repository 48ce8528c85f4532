"""The backup commands speak the operator's language: the one active when they run
(``LANGUAGE_CODE``, English, unless the caller activates another), with the same file, line,
record and field in every language."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from missions.models import Decision
from tests.backups.test_corpus import BROKEN

REQUESTED_BY_DECIDER = BROKEN / "requested-by-decider.jsonl"
WRONG_TYPE = BROKEN / "wrong-type-text.jsonl"
DECISION = 'missions.decision ["nmi-established"]'
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # French typography's, as the translations write it


def restore_error(path, language):
    with translation.override(language), pytest.raises(CommandError) as error:
        call_command("restore_backup", str(path), verbosity=0)
    return str(error.value)


def export_report(path, language):
    out = io.StringIO()
    with translation.override(language):
        call_command("export_backup", output=str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            f"{REQUESTED_BY_DECIDER}, line 9, {DECISION}, field 'requested_by': The requesting "
            "body is the same as the deciding body: leave it empty or choose who asked for the "
            "decision.",
        ),
        (
            "fr",
            f"{REQUESTED_BY_DECIDER}, ligne 9, {DECISION}, champ « requested_by » : L{APOSTROPHE}"
            f"organe demandeur est le même que l{APOSTROPHE}organe décideur : laissez le champ "
            "vide ou choisissez qui a demandé la décision.",
        ),
        (
            "ar",
            f"{REQUESTED_BY_DECIDER}، السطر 9، {DECISION}، الحقل 'requested_by': الهيئة الطالبة "
            "هي نفسها الهيئة صاحبة القرار: اترك الحقل فارغًا أو اختر الجهة التي طلبت القرار.",
        ),
    ],
)
def test_a_restore_error_names_file_line_record_and_field_in_the_operators_language(
    seeded, language, expected
):
    assert restore_error(REQUESTED_BY_DECIDER, language) == expected


@pytest.mark.parametrize(
    ("language", "fragments"),
    [
        ("en", ["line 9", DECISION, "field 'summary_en'", "expected text, found a number"]),
        (
            "fr",
            ["ligne 9", DECISION, "champ « summary_en »", "attendu : du texte, trouvé : un nombre"],
        ),
        ("ar", ["السطر 9", DECISION, "الحقل 'summary_en'", "كان المتوقع نص، ووُجد عدد"]),
    ],
)
def test_a_restore_error_about_a_value_is_translated_whole(seeded, language, fragments):
    message = restore_error(WRONG_TYPE, language)
    assert message.startswith(str(WRONG_TYPE))
    for fragment in fragments:
        assert fragment in message


def test_the_file_place_is_put_in_the_language_the_error_is_told_in(seeded):
    """The separators follow the language, the file, record and field stay as they are."""
    message = restore_error(REQUESTED_BY_DECIDER, "ar")
    assert message.startswith(f"{REQUESTED_BY_DECIDER}، السطر 9، {DECISION}، الحقل 'requested_by'")


@pytest.mark.parametrize(
    ("language", "report"),
    [
        ("en", "Wrote {count} records to {path} (sha256 "),
        ("fr", "{count} fiches écrites dans {path} (sha256 "),
        ("ar", "كُتب {count} سجلًا في {path} ‏(sha256 "),
    ],
)
def test_export_reports_in_the_operators_language(seeded, tmp_path, language, report):
    path = tmp_path / "backup.jsonl"
    records = export_report(path, language)
    count = (path.read_bytes().count(b"\n")) - 1
    assert 11 <= count % 100 <= 99  # the seed: the plural form the Arabic line uses
    assert records.startswith(report.format(count=count, path=path))
    assert Decision.objects.exists()


def test_the_backup_itself_is_the_same_in_every_language(seeded, tmp_path):
    """Only the messages change: the file format is not translated."""
    for language in ("en", "fr", "ar"):
        export_report(tmp_path / f"{language}.jsonl", language)
    english = (tmp_path / "en.jsonl").read_bytes()
    assert (tmp_path / "fr.jsonl").read_bytes() == english
    assert (tmp_path / "ar.jsonl").read_bytes() == english
