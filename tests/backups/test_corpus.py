"""Every broken backup gives one clear error, exits with status 2 and changes nothing."""

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from missions.models import Decision

CORPUS = Path(__file__).parent
BROKEN = CORPUS / "broken"
DECISION = 'line 9, missions.decision ["nmi-established"]'

# File name -> fragments its error message must contain (the file name is checked for all).
EXPECTED = {
    "empty.jsonl": ["the file is empty"],
    "garbage.bin": ["line 1", "not an NMI Records backup"],
    "django-fixture.json": ["line 1", "not an NMI Records backup"],
    "header-without-counts.jsonl": ["the header lacks counts"],
    "newer-format-version.jsonl": ["format version 3", "upgrade the code"],
    "unknown-migration.jsonl": ["missions.0099_future", "manage.py migrate"],
    "wrong-checksum.jsonl": ["do not match the SHA-256"],
    "truncated-unsigned.jsonl": ["do not match the SHA-256"],
    "truncated-json.jsonl": ["line 9", "not valid JSON"],
    "truncated.jsonl.gz": ["gzip data is damaged or cut short"],
    "damaged.jsonl.gz": ["gzip data is damaged or cut short"],
    "count-mismatch.jsonl": ["counts 2 missions.decision records but the file holds 1"],
    "record-not-an-object.jsonl": ["line 9", 'not an object with "model" and "fields"'],
    "non-utf8-record.jsonl": ["line 9", "not UTF-8"],
    "unknown-model.jsonl": ["line 7", "unknown model 'missions.spaceship'"],
    "user-in-content-backup.jsonl": ["line 9", "unknown model 'auth.user'"],
    "unknown-field.jsonl": [DECISION, "field 'colour'", "no such field"],
    "wrong-type-number.jsonl": ["line 4, missions.citation", "field 'number'", "integer"],
    "wrong-type-text.jsonl": [DECISION, "field 'summary_en'", "expected text, found a number"],
    "invalid-date.jsonl": [DECISION, "field 'date'", "invalid date"],
    "invalid-choice.jsonl": [DECISION, "field 'status'", "not a valid choice"],
    "too-long.jsonl": ['missions.body ["iraq"]', "field 'name_en'", "at most 200 characters"],
    "negative-number.jsonl": ["missions.citation", "field 'number'", "greater than or equal"],
    "null-required-value.jsonl": ['missions.mission ["nmi"]', "field 'name_en'", "cannot be null"],
    "missing-required-field.jsonl": [DECISION, "field 'summary_en'", "cannot be blank"],
    "missing-date.jsonl": [DECISION, "field 'date'", "cannot be null"],
    "month-precision-not-on-first.jsonl": [DECISION, "field 'date'", "enter the 1st"],
    "requested-by-decider.jsonl": [DECISION, "field 'requested_by'", "same as the deciding"],
    "dangling-reference.jsonl": [
        DECISION,
        "field 'mission'",
        'refers to missions.mission ["no-such-mission"]',
    ],
    "dangling-many-to-many.jsonl": [
        DECISION,
        "field 'citations'",
        'refers to missions.citation ["source", 99]',
    ],
    "duplicate-many-to-many.jsonl": [DECISION, "field 'citations'", "the same missions.citation"],
    "reference-not-a-natural-key.jsonl": [DECISION, "field 'mission'", "expected a natural key"],
    "primary-key-on-natural-record.jsonl": ["line 9, missions.decision", "primary key"],
    "duplicate-natural-key.jsonl": ['line 8, missions.body ["summit"]', "on line 7"],
    "name-unique-regardless-of-case.jsonl": [
        'missions.body ["summit"]',
        "field 'name_en'",
        "Another record already has this name",
    ],
    "too-long-summary.jsonl": [
        DECISION,
        "field 'summary_en'",
        "at most 1000 characters (it has 1001)",
    ],
    "deeply-nested-header.jsonl.gz": ["line 1", "not an NMI Records backup", "nested too deeply"],
    "deeply-nested-record.jsonl.gz": ["line 9", "not valid JSON", "nested too deeply"],
    "misquoted-citation.jsonl": [
        'missions.citation ["source", 2]',
        "field 'text'",
        "its text is not sentence 2 of “Source”, which reads: “It advises ministries.”",
    ],
    "blank-line.jsonl": ["line 5", "the line is blank"],
    "more-lines-than-counted.jsonl": ["line 10", "the header counts 8 records"],
}


def database_state():
    """Every row of every model (many-to-many tables included), with primary keys: a restore
    that failed must leave all of it as it was."""
    models = apps.get_models(include_auto_created=True)
    counts = {m._meta.label: m._base_manager.count() for m in models}
    dump = serializers.serialize(
        "json",
        (row for m in models for row in m._base_manager.order_by("pk")),
    )
    return counts, hashlib.sha256(dump.encode()).hexdigest()


def restore_error(path, **options):
    with pytest.raises(CommandError) as error:
        call_command("restore_backup", str(path), verbosity=0, **options)
    assert error.value.returncode == 2
    return str(error.value)


def test_the_corpus_holds_every_kind_of_damage_the_issue_names():
    assert len(EXPECTED) >= 25
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


def test_the_valid_backup_the_corpus_is_made_from_restores(seeded):
    call_command("restore_backup", str(CORPUS / "valid.jsonl"), verbosity=0)
    assert list(Decision.objects.values_list("slug", flat=True)) == ["nmi-established"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_backup_gives_its_error_and_changes_nothing(seeded, name):
    before = database_state()
    message = restore_error(BROKEN / name)
    assert str(BROKEN / name) in message
    for fragment in EXPECTED[name]:
        assert fragment in message
    assert "\n" not in message
    assert database_state() == before


@pytest.mark.parametrize(
    "name", ["name-unique-regardless-of-case.jsonl", "requested-by-decider.jsonl"]
)
def test_a_dry_run_finds_the_same_errors(seeded, name):
    """A dry run rehearses the restore, so it also meets what only the database checks."""
    before = database_state()
    message = restore_error(BROKEN / name, dry_run=True)
    assert all(fragment in message for fragment in EXPECTED[name])
    assert database_state() == before


def test_a_very_large_file_is_refused_without_reading_it_whole(seeded, tmp_path):
    """A gzip bomb: 64 MiB of one line behind a valid-looking header, 64 KiB on disk."""
    header = json.loads((CORPUS / "valid.jsonl").read_bytes().splitlines()[0])
    path = tmp_path / "huge.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(json.dumps(header).encode() + b"\n")
        chunk = b"A" * 2**20
        for _ in range(64):
            out.write(chunk)
    assert path.stat().st_size < 2**20
    before = database_state()
    message = restore_error(path)
    assert "line 2" in message
    assert "longer than 16 MiB" in message
    assert database_state() == before


def test_a_gzip_of_200_million_blank_lines_is_refused_at_the_first(seeded, tmp_path):
    """200 MB of newlines in 200 KB: the first blank line is the error, before the rest of the
    file is read (hashing it all took 99 seconds of CPU)."""
    header = (CORPUS / "valid.jsonl").read_bytes().splitlines()[0] + b"\n"
    million_blank_lines = gzip.compress(b"\n" * 1_000_000, mtime=0)
    path = tmp_path / "blank.jsonl.gz"
    # A gzip file may hold several members, read one after the other as one stream.
    path.write_bytes(gzip.compress(header, mtime=0) + million_blank_lines * 200)
    assert path.stat().st_size < 2**20
    before = database_state()
    message = restore_error(path)
    assert message == f"{path}, line 2: the line is blank: every line after the header is a record"
    assert database_state() == before


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    message = restore_error(tmp_path / "nowhere.jsonl")
    assert "nowhere.jsonl: cannot be read: No such file or directory" in message


def test_the_command_line_exits_with_status_2_and_no_traceback(tmp_path):
    """What an operator sees: one line on standard error, status 2."""
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_backup", str(BROKEN / "empty.jsonl")],
        cwd=Path(__file__).parent.parent.parent,
        env={"DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"CommandError: {BROKEN / 'empty.jsonl'}: the file is empty"


@pytest.mark.parametrize(("argument", "name"), [("-", "standard input"), ("/dev/stdin", None)])
def test_a_backup_piped_to_the_command_is_read_from_the_pipe(tmp_path, argument, name):
    """`... | manage.py restore_backup -` (or /dev/stdin): the pipe is read, and errors name it."""
    broken = BROKEN / "wrong-checksum.jsonl"
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_backup", argument],
        cwd=Path(__file__).parent.parent.parent,
        env={"DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        input=broken.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"CommandError: {name or argument}: the records do not match the SHA-256 in the header: "
        "the file was changed or damaged after export\n"
    )
