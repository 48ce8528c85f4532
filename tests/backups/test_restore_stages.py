"""A restore's three stages work apart: reading needs no database, checking writes nothing and
gives an immutable plan, and writing that plan alone gives the database the file describes."""

import dataclasses
import gzip

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missions.backups.restore import check, read_backup, write
from missions.backups.scope import BackupError
from missions.models import Body, Decision, Institution, Partner

from .test_backup import export, restore
from .test_corpus import BROKEN, database_state


@pytest.fixture
def backup_path(seeded, tmp_path):
    """The seed's backup, and then a database that differs from it in each way a plan counts."""
    path = tmp_path / "backup.jsonl.gz"
    export(path)
    Decision.objects.filter(slug="nmi-established").update(summary_en="Edited after the backup.")
    Institution.objects.create(name="Added after the backup", slug="added")
    Partner.objects.get(slug="united-nations").delete()
    return path


def test_reading_gives_the_header_and_records_without_asking_the_database(
    backup_path, django_assert_num_queries
):
    with django_assert_num_queries(0), read_backup(backup_path) as backup:
        first = list(backup.lines())
        second = list(backup.lines())
    assert backup.path == backup_path
    assert backup.header["counts"]["missions.decision"] == 3
    assert len(first) == backup.records == sum(backup.header["counts"].values())
    assert [number for number, _line in first] == list(range(2, backup.records + 2))
    assert first == second, "each pass reads the same records from the file"


def test_reading_a_damaged_file_fails_before_any_check(db, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(BackupError, match="SHA-256"):
        read_backup(BROKEN / "wrong-checksum.jsonl")


def test_checking_writes_nothing_and_says_what_writing_would_do(backup_path):
    before = database_state()
    with CaptureQueriesContext(connection) as queries, read_backup(backup_path) as backup:
        plan = check(backup)
    assert database_state() == before
    statements = [q["sql"].lstrip().split()[0].upper() for q in queries]
    assert "SELECT" in statements
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements
    counts = {p.model: (p.added, p.changed, p.deleted) for p in plan.models}
    assert counts[Decision] == (0, 1, 0)
    assert counts[Institution] == (0, 0, 1)
    assert counts[Partner] == (1, 0, 0)
    assert counts[Body] == (0, 0, 0)
    assert plan.using == "default"
    assert plan.accounts == (), "a content-only plan says nothing of accounts"


def test_a_check_refusing_a_record_writes_nothing(seeded):
    before = database_state()
    with (
        read_backup(BROKEN / "dangling-reference.jsonl") as backup,
        pytest.raises(BackupError, match="no-such-mission"),
    ):
        check(backup)
    assert database_state() == before


def test_a_written_plan_gives_the_database_the_file_describes(backup_path, tmp_path):
    with read_backup(backup_path) as backup:
        plan = check(backup)
        write(plan)
    assert export(tmp_path / "after.jsonl.gz") == gzip.decompress(backup_path.read_bytes())
    assert not Institution.objects.filter(slug="added").exists()
    assert Partner.objects.filter(slug="united-nations").exists()


def test_a_dry_run_of_a_plan_writes_nothing(backup_path):
    before = database_state()
    with read_backup(backup_path) as backup:
        write(check(backup), dry_run=True)
    assert database_state() == before


def test_the_command_prints_the_plan_that_checking_returns(backup_path):
    with read_backup(backup_path) as backup:
        lines = list(check(backup).lines())
    out = restore(backup_path, dry_run=True)
    assert out.splitlines()[1 : 2 + len(lines)] == ["Plan:", *lines]


def test_a_plan_is_immutable(backup_path):
    with read_backup(backup_path) as backup:
        plan = check(backup)
    decisions = next(p for p in plan.models if p.model is Decision)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.using = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        decisions.changed = 0
    with pytest.raises(TypeError):
        plan.ids[Decision][("nmi-established",)] = 1
    with pytest.raises(TypeError):
        plan.ids[Decision] = {}
    with pytest.raises(TypeError):
        plan.header["counts"]["missions.decision"] = 0
    with pytest.raises(AttributeError):
        plan.to_write.add(1)
    assert isinstance(decisions.changed_pks, tuple)
    assert isinstance(plan.models, tuple)


def test_a_plan_names_the_accounts_it_changes_and_writing_it_changes_them(accounts, tmp_path):
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    User.objects.create_user("mallory", is_staff=True)
    before = database_state()
    with read_backup(path) as backup:
        plan = check(backup, with_users=True)
        assert database_state() == before
        write(plan)
    assert plan.accounts[0] == "Accounts (auth.user): 0 added, 0 changed, 1 deleted, 3 unchanged"
    assert '  deleted  "mallory" (staff, active; groups none)' in plan.accounts
    assert sorted(User.objects.values_list("username", flat=True)) == ["admin", "alice", "bob"]


def test_a_french_plan_counts_without_agreeing_a_plural_with_one(accounts, tmp_path):
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    User.objects.create_user("mallory", is_staff=True)
    with translation.override("fr"), read_backup(path) as backup:
        plan = check(backup, with_users=True)
        decisions = next(model for model in plan.models if model.model is Decision)
        line = decisions.line(width=20)
    assert plan.accounts[0] == (
        "Comptes (auth.user) : ajouts : 0 ; modifications : 0 ; suppressions : 1 ; "
        "sans changement : 3"
    )
    assert line.endswith(
        "ajouts :       0  modifications :       0  suppressions :       0  "
        f"sans changement : {decisions.unchanged:7d}"
    )
