"""export_backup and restore_backup: canonical, exact, atomic, and quiet unless asked."""

import datetime
import gzip
import hashlib
import io
import json
import os
import stat
import sys
import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from missions.backups.canonical import CanonicalSerializer
from missions.backups.scope import Scope
from missions.models import Body, Citation, Decision, Institution, Mission, Partner, Source

from .make_corpus import field_edit, join, split
from .test_corpus import database_state

EVERYTHING = Scope(with_history=True, with_users=True)


def export(path, **options):
    """Export to ``path`` (replacing it) and return the backup's uncompressed bytes."""
    call_command("export_backup", output=str(path), overwrite=True, verbosity=0, **options)
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def restore(path, **options):
    out = io.StringIO()
    call_command("restore_backup", str(path), stdout=out, **options)
    return out.getvalue()


def header_of(data):
    return json.loads(data.splitlines()[0])


def empty_database(*, users=False):
    """Delete every backed-up row (without recording the deletions as history) and restart the
    id sequences, as in a freshly migrated database."""
    models = Scope(with_history=True, with_users=users).models()
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for model in reversed(models):
            model._base_manager.all().delete()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def test_two_exports_of_the_same_data_are_byte_identical(seeded, tmp_path):
    first = export(tmp_path / "first.jsonl")
    assert export(tmp_path / "second.jsonl") == first
    assert export(tmp_path / "third.jsonl.gz") == first
    assert (tmp_path / "third.jsonl.gz").read_bytes()[:2] == b"\x1f\x8b"
    call_command("export_backup", output=str(tmp_path / "again.jsonl.gz"), verbosity=0)
    assert (tmp_path / "again.jsonl.gz").read_bytes() == (tmp_path / "third.jsonl.gz").read_bytes()


def test_the_header_describes_the_backup(seeded, tmp_path):
    data = export(tmp_path / "backup.jsonl")
    header = header_of(data)
    payload = data.split(b"\n", 1)[1]
    assert header["format"] == "nmi-records-backup"
    assert header["version"] == 2
    assert (header["history"], header["users"]) == (False, False)
    assert header["migrations"]["missions"][0] == "0001_initial"
    assert header["counts"]["missions.decision"] == Decision.objects.count() == 3
    assert header["counts"]["missions.citation"] == 22
    assert sum(header["counts"].values()) == len(payload.splitlines())
    assert header["sha256"] == hashlib.sha256(payload).hexdigest()
    models = {json.loads(line)["model"] for line in payload.splitlines()}
    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def test_rows_are_sorted_by_natural_key_and_relations_by_value(seeded, tmp_path):
    records = [json.loads(line) for line in export(tmp_path / "b.jsonl").splitlines()[1:]]
    decisions = [r["fields"]["slug"] for r in records if r["model"] == "missions.decision"]
    assert decisions == sorted(decisions)
    numbers = [r["fields"]["number"] for r in records if r["model"] == "missions.citation"]
    assert numbers == list(range(1, 23))
    for record in records:
        assert "pk" not in record
        for value in record["fields"].values():
            if isinstance(value, list) and value and isinstance(value[0], list):
                assert value == sorted(value)


def test_round_trip_into_an_empty_database_is_byte_identical(seeded, tmp_path):
    Decision.objects.filter(slug="nmi-established").update(status="draft")
    Institution.objects.create(name="Ministère de l\u2019Intérieur ✓", slug="interieur")
    backup = export(tmp_path / "backup.jsonl.gz")
    empty_database()
    assert not Decision.objects.exists()

    out = restore(tmp_path / "backup.jsonl.gz")
    assert "missions.decision" in out
    assert "Restored" in out
    assert export(tmp_path / "again.jsonl.gz") == backup
    assert Institution.objects.get(slug="interieur").name == "Ministère de l\u2019Intérieur ✓"
    # Primary keys handed out after a restore do not collide with restored ones (PostgreSQL
    # sequences are reset, as loaddata does).
    Institution.objects.create(name="Created after the restore", slug="after")
    Decision.objects.create(
        name="After",
        slug="after",
        mission=Mission.objects.first(),
        date=datetime.date(2024, 1, 1),
        date_precision="year",
        decided_by=Body.objects.first(),
        action="expand-scope",
        summary="Created after the restore.",
    )


def test_a_restore_puts_back_exactly_what_the_backup_holds(seeded, tmp_path):
    backup = export(tmp_path / "backup.jsonl")
    Decision.objects.filter(slug="nmi-established").update(summary_en="Edited after the backup.")
    Institution.objects.create(name="Added after the backup", slug="added")
    Partner.objects.get(slug="united-nations").delete()
    # Two bodies swap names: written in any order, one would collide with the other.
    summit, council = Body.objects.order_by("slug")[:2]
    summit_name, council_name = summit.name, council.name
    Body.objects.filter(pk=summit.pk).update(name_en="placeholder")
    Body.objects.filter(pk=council.pk).update(name_en=summit_name)
    Body.objects.filter(pk=summit.pk).update(name_en=council_name)

    out = restore(tmp_path / "backup.jsonl")
    plan = {line.split()[0]: line.split()[1::2] for line in out.splitlines() if "added" in line}
    assert plan["missions.decision"] == ["0", "1", "0", "2"]
    assert plan["missions.institution"] == ["0", "0", "1", "6"]
    assert plan["missions.partner"][0] == "1"
    assert plan["missions.body"][1] == "2"
    assert export(tmp_path / "after.jsonl") == backup
    assert not Institution.objects.filter(slug="added").exists()


def test_a_restore_keeps_primary_keys_of_records_it_keeps(seeded, tmp_path):
    export(tmp_path / "backup.jsonl")
    before = dict(Decision.objects.values_list("slug", "pk"))
    Decision.objects.filter(slug="nmi-established").update(summary_en="Changed.")
    restore(tmp_path / "backup.jsonl")
    assert dict(Decision.objects.values_list("slug", "pk")) == before


def test_a_dry_run_prints_the_plan_and_changes_nothing(seeded, tmp_path):
    backup = export(tmp_path / "backup.jsonl")
    Decision.objects.filter(slug="nmi-established").update(summary_en="Kept by the dry run.")
    out = restore(tmp_path / "backup.jsonl", dry_run=True)
    assert "1 changed" in out
    assert "nothing was changed" in out
    assert Decision.objects.get(slug="nmi-established").summary == "Kept by the dry run."
    assert export(tmp_path / "after.jsonl") != backup


def test_timestamps_keep_their_microseconds_and_restores_write_no_history(seeded, tmp_path):
    moment = datetime.datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=datetime.UTC)
    Citation.objects.filter(number=3).update(updated_at=moment)
    export(tmp_path / "backup.jsonl")
    empty_database()
    restore(tmp_path / "backup.jsonl")
    assert Citation.objects.get(number=3).updated_at == moment
    assert not Citation.history.exists()


def test_history_follows_its_records_into_another_database(seeded, tmp_path):
    decision = Decision.objects.get(slug="nmi-established")
    decision.summary = "First edit."
    decision.save()
    decision.citations.remove(decision.citations.first())
    gone = Institution.objects.create(name="Short-lived", slug="short-lived")
    gone.delete()
    backup = export(tmp_path / "backup.jsonl", with_history=True)
    assert header_of(backup)["history"] is True
    histories = decision.history.count()
    assert histories >= 2

    empty_database()
    # New primary keys: the restored records will not get their old ones back.
    Source.objects.create(title="Occupies the first ids", slug="placeholder")
    Source.objects.get(slug="placeholder").delete()
    Source.history.all().delete()
    restore(tmp_path / "backup.jsonl", with_history=True)

    restored = Decision.objects.get(slug="nmi-established")
    assert restored.history.count() == histories
    assert restored.history.earliest().summary_en != "First edit."
    assert restored.history.latest().summary_en == "First edit."
    assert Institution.history.filter(slug="short-lived").count() == 2
    assert export(tmp_path / "again.jsonl", with_history=True) == backup


def test_editor_accounts_are_backed_up_only_when_asked_with_a_warning(seeded, tmp_path):
    editors = Group.objects.get(name="Editors")  # made by the Editors migration
    user = User.objects.create_user("editor", password="a long passphrase")
    user.groups.add(editors)
    User.objects.create_superuser("admin", password="another long passphrase")
    assert b"auth.user" not in export(tmp_path / "content.jsonl")

    err = io.StringIO()
    call_command("export_backup", output=str(tmp_path / "all.jsonl"), with_users=True, stderr=err)
    assert "password hashes" in err.getvalue()
    permissions = set(editors.permissions.values_list("codename", flat=True))
    User.objects.all().delete()
    Group.objects.all().delete()
    restore(tmp_path / "all.jsonl", with_users=True)
    restored = User.objects.get(username="editor")
    assert restored.check_password("a long passphrase")
    assert list(restored.groups.values_list("name", flat=True)) == ["Editors"]
    restored_permissions = restored.groups.get().permissions.values_list("codename", flat=True)
    assert set(restored_permissions) == permissions


def test_history_naming_an_account_not_in_the_database_is_refused(seeded, tmp_path):
    editor = User.objects.create_user("editor")
    decision = Decision.objects.get(slug="nmi-established")
    decision._history_user = editor
    decision.save()
    export(tmp_path / "backup.jsonl", with_history=True)
    editor.delete()
    with pytest.raises(Exception, match=r"auth\.user") as error:
        call_command(
            "restore_backup", str(tmp_path / "backup.jsonl"), verbosity=0, with_history=True
        )
    assert "--with-users" in str(error.value)


def doctor_accounts(path, change):
    """The backup at ``path`` with ``change(users)`` applied to its accounts (a dict of username
    -> fields), re-signed as an attacker who can write the file would."""
    header, records = split(path.read_bytes())
    users = {}
    others = []
    for line in records:
        record = json.loads(line)
        if record["model"] == "auth.user":
            users[record["fields"]["username"]] = record["fields"]
        else:
            others.append(line)
    change(users)
    lines = [
        json.dumps({"model": "auth.user", "fields": fields}) + "\n"
        for _name, fields in sorted(users.items())
    ]
    at = next(i for i, line in enumerate(others) if '"model": "auth.group"' in line) + 1
    records = [*others[:at], *lines, *others[at:]]
    header["counts"]["auth.user"] = len(users)
    path.write_bytes(join(header, records))


@pytest.mark.parametrize(
    ("option", "fragment"),
    [
        (
            "with_users",
            "holds editor accounts and groups, and restoring them replaces every account: "
            "add --with-users to restore them",
        ),
        (
            "with_history",
            "holds the change history, and restoring it replaces the whole history: add "
            "--with-history to restore it",
        ),
    ],
)
def test_a_backup_with_accounts_or_history_needs_the_flag_to_restore(
    accounts, tmp_path, option, fragment
):
    """The file's header no longer decides: a content-only restore of a file holding accounts
    (or history) is refused, and so is the flag for a file that holds none."""
    path = tmp_path / "backup.jsonl"
    export(path, **{option: True})
    User.objects.filter(username="bob").delete()
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("restore_backup", str(path), verbosity=0)
    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{path}, line 1: the backup {fragment}")
    assert database_state() == before

    content = tmp_path / "content.jsonl"
    export(content)
    with pytest.raises(CommandError) as error:
        call_command("restore_backup", str(content), verbosity=0, **{option: True})
    flag = "--" + option.replace("_", "-")
    assert f"{flag} was given, but the backup holds no" in str(error.value)
    assert database_state() == before


def test_restoring_accounts_names_every_account_it_adds_changes_and_deletes(accounts, tmp_path):
    """The attack: a doctored backup deletes the superuser and an editor, makes an editor a
    superuser without groups, and adds a superuser with a known password hash. The plan used to
    say only "auth.user 1 added 2 deleted"."""
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    known = make_password("the attacker's password")

    def attack(users):
        del users["admin"]
        del users["bob"]
        users["alice"].update(is_superuser=True, groups=[], password=known)
        users["eve"] = {
            **users["alice"],
            "username": "eve",
            "is_superuser": True,
            "is_staff": True,
            "email": "eve@example.org",
        }

    doctor_accounts(path, attack)
    logs = LogEntry.objects.count()
    out = restore(path, with_users=True, dry_run=True)
    assert (
        "Accounts (auth.user): 1 added, 1 changed, 2 deleted, 0 unchanged\n"
        '  added    "eve": superuser, staff, active; groups none\n'
        '  changed  "alice": password changed; superuser no -> yes; groups "Editors" -> none\n'
        '  deleted  "admin" (superuser, staff, active; groups none); 2 log entries '
        "(admin.logentry) deleted with it\n"
        '  deleted  "bob" (staff, active; groups "Editors"); 1 log entry (admin.logentry) '
        "deleted with it\n"
        "Groups (auth.group): 0 added, 0 changed, 0 deleted, 1 unchanged\n"
        f"Admin log ({logs} entries, not in backups): kept, except 3 entries of deleted "
        "accounts, deleted with them\n"
    ) in out
    assert User.objects.count() == 3

    restore(path, with_users=True)
    assert sorted(User.objects.values_list("username", flat=True)) == ["alice", "eve"]
    assert LogEntry.objects.count() == logs - 3
    assert LogEntry.objects.filter(user__username="alice").count() == 1


def test_restoring_accounts_says_what_becomes_of_history_naming_a_deleted_account(
    accounts, tmp_path
):
    bob = accounts[2]
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    doctor_accounts(path, lambda users: users.pop("bob"))
    decision = Decision.objects.get(slug="nmi-established")
    decision._history_user = bob
    decision.summary = "Edited by bob."
    decision.save()
    out = restore(path, with_users=True, dry_run=True)
    assert (
        '  deleted  "bob" (staff, active; groups "Editors"); 1 log entry (admin.logentry) '
        "deleted with it; 1 historical decision (missions.historicaldecision) kept, naming "
        "no one\n"
    ) in out


def test_restoring_accounts_names_the_permissions_a_group_gains_or_loses(accounts, tmp_path):
    """Giving the Editors group the right to change accounts makes every editor an
    administrator: the plan says so."""
    editors = Group.objects.get(name="Editors")
    change_user = Permission.objects.get(codename="change_user")
    editors.permissions.add(change_user)
    editors.permissions.remove(Permission.objects.get(codename="view_decision"))
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    editors.permissions.remove(change_user)
    editors.permissions.add(Permission.objects.get(codename="view_decision"))
    out = restore(path, with_users=True, dry_run=True)
    assert (
        "Groups (auth.group): 0 added, 1 changed, 0 deleted, 0 unchanged\n"
        '  changed  "Editors": permissions gained auth.change_user; permissions lost '
        "missions.view_decision\n"
    ) in out
    assert "Accounts (auth.user): 0 added, 0 changed, 0 deleted, 3 unchanged\n" in out


@pytest.mark.parametrize(
    "change",
    [
        lambda users: users.pop("admin"),
        lambda users: users["admin"].update(is_active=False),
        lambda users: users["admin"].update(is_superuser=False),
    ],
    ids=["deleted", "inactive", "demoted"],
)
def test_a_backup_whose_accounts_leave_no_active_superuser_is_refused(accounts, tmp_path, change):
    path = tmp_path / "backup.jsonl"
    export(path, with_users=True)
    doctor_accounts(path, change)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("restore_backup", str(path), verbosity=0, with_users=True)
    assert error.value.returncode == 2
    assert str(error.value).startswith(
        f"{path}: the backup holds no active superuser, so restoring its accounts would leave "
        "no one who can manage accounts"
    )
    assert database_state() == before


def write_in_background(open_pipe, data):
    """Write ``data`` to the pipe ``open_pipe()`` opens, from a thread, as `cat backup |` does:
    a pipe holds only 64 KiB until its reader takes them."""

    def write():
        with open_pipe() as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_a_backup_is_restored_from_standard_input(seeded, tmp_path, monkeypatch):
    backup = export(tmp_path / "backup.jsonl.gz")
    Decision.objects.filter(slug="nmi-established").update(summary_en="Edited after the backup.")
    read_end, write_end = os.pipe()
    writer = write_in_background(
        lambda: os.fdopen(write_end, "wb"), (tmp_path / "backup.jsonl.gz").read_bytes()
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(os.fdopen(read_end, "rb")))
    out = restore("-")
    writer.join()
    assert "standard input: " in out
    assert "1 changed" in out
    assert export(tmp_path / "after.jsonl.gz") == backup


def test_a_backup_is_restored_from_a_named_pipe(seeded, tmp_path):
    """What `restore_backup /dev/stdin` reads when standard input is a pipe."""
    backup = export(tmp_path / "backup.jsonl")
    Institution.objects.create(name="Added after the backup", slug="added")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = write_in_background(lambda: fifo.open("wb"), backup)
    out = restore(fifo)
    writer.join()
    assert "1 deleted" in out
    assert export(tmp_path / "after.jsonl") == backup


def test_export_to_standard_output(seeded, tmp_path, capsysbinary):
    expected = export(tmp_path / "backup.jsonl")
    call_command("export_backup", output="-", verbosity=0)
    assert capsysbinary.readouterr().out == expected


def export_error(output, **options):
    with pytest.raises(CommandError) as error:
        call_command("export_backup", output=str(output), verbosity=0, **options)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    return str(error.value)


@pytest.mark.parametrize("target", ["/proc/self/fd/1", "backup.jsonl"])
def test_export_refuses_to_replace_a_symbolic_link(seeded, tmp_path, capsysbinary, target):
    """A link to standard output was replaced by a file and nothing was written; a link to a
    file was replaced instead of the file. Either way the link and what it names stay."""
    (tmp_path / "backup.jsonl").write_bytes(b"kept")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    message = export_error(link, overwrite=True)
    assert message == (
        f"{link}: is a symbolic link (to {target}); the backup would replace the link, not "
        "write where it points: name the file itself, or '-' for standard output"
    )
    assert os.readlink(link) == target
    assert (tmp_path / "backup.jsonl").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.jsonl", "link.jsonl"]
    assert capsysbinary.readouterr().out == b""


def test_export_refuses_to_replace_anything_but_a_regular_file(seeded, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    message = export_error(fifo, overwrite=True)
    assert message == (
        f"{fifo}: is a named pipe, not a regular file: name a file, or '-' for standard output"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "is a directory, not a regular file" in export_error(folder, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder"]


def test_export_replaces_an_existing_file_only_when_told_and_says_its_mode_changed(
    seeded, tmp_path
):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"unrelated")
    path.chmod(0o644)
    message = export_error(path)
    assert message == f"{path}: already exists: add --overwrite to replace it"
    assert path.read_bytes() == b"unrelated"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644

    out = io.StringIO()
    call_command("export_backup", output=str(path), overwrite=True, stdout=out)
    assert path.read_bytes().startswith(b'{"format": "nmi-records-backup"')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (
        f"Replaced {path}, which had mode 0644: the backup has mode 0600 (readable by its "
        "owner only)." in out.getvalue()
    )


def test_a_failed_export_leaves_the_previous_backup_untouched(seeded, tmp_path, monkeypatch):
    path = tmp_path / "backup.jsonl"
    previous = export(path)

    def fail(self, model, using):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(CanonicalSerializer, "serialize_model", fail)
    with pytest.raises(Exception, match="No space left on device") as error:
        call_command("export_backup", output=str(path), overwrite=True, verbosity=0)
    assert error.value.returncode == 2
    assert path.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["backup.jsonl"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("command", ["export", "restore"])
def test_progress_bars_show_on_a_terminal_only(seeded, tmp_path, command):
    export(tmp_path / "backup.jsonl")

    def run(stderr, verbosity):
        if command == "export":
            call_command(
                "export_backup",
                output=str(tmp_path / "out.jsonl"),
                overwrite=True,
                stderr=stderr,
                stdout=io.StringIO(),
                verbosity=verbosity,
            )
        else:
            call_command(
                "restore_backup",
                str(tmp_path / "backup.jsonl"),
                stderr=stderr,
                stdout=io.StringIO(),
                verbosity=verbosity,
                dry_run=True,
            )
        return stderr.getvalue()

    label = "Exporting" if command == "export" else "Checking"
    drawn = run(Terminal(), 1)
    assert label in drawn
    assert "records" in drawn
    assert "\r" in drawn
    assert "\n" not in drawn, "a bar redraws in place"
    assert run(Terminal(), 0) == ""
    assert run(io.StringIO(), 1) == ""


def test_export_queries_do_not_grow_with_the_number_of_rows(
    seeded, tmp_path, django_assert_max_num_queries
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(tmp_path / "count.jsonl")
        return len(captured)

    few = queries()
    mission = Mission.objects.get(slug="nmi")
    body = Body.objects.first()
    citations = list(Citation.objects.all()[:3])
    for number in range(30):
        decision = Decision.objects.create(
            name=f"Extra {number}",
            slug=f"extra-{number}",
            mission=mission,
            date=datetime.date(2020, 1, 1),
            date_precision="year",
            decided_by=body,
            action="expand-scope",
            summary="More.",
        )
        decision.citations.set(citations)
    with django_assert_max_num_queries(few):
        export(tmp_path / "count.jsonl")


def test_a_history_row_longer_than_its_field_allows_is_refused(seeded, tmp_path):
    """History rows skip full_clean() (they are audit records, not input), but not the lengths:
    an over-long text would still reach the admin's history pages."""
    header, records = split(export(tmp_path / "backup.jsonl", with_history=True))
    doctored = field_edit("missions.historicaldecision", "nmi-established", summary_fr="x" * 1001)
    path = tmp_path / "doctored.jsonl"
    path.write_bytes(join(header, doctored(records)))
    with pytest.raises(CommandError) as error:
        call_command("restore_backup", str(path), verbosity=0, with_history=True)
    message = str(error.value)
    assert "missions.historicaldecision [" in message
    assert "field 'summary_fr'" in message
    assert "at most 1000 characters (it has 1001)" in message


def test_a_source_keeps_its_text_and_metadata_byte_for_byte(seeded, tmp_path):
    """Line endings, trailing spaces, tabs, no-break spaces and characters beyond the basic plane
    come back exactly: citations are checked against this text."""
    text = "Line one.\r\nLine\ttwo ends in spaces.   \n\n\u00a0«Quoted» 🇮🇶 sentence.\r\n\r\n"
    Source.objects.create(
        title="A communiqué",
        slug="communique",
        publisher="NATO",
        kind=Source.Kind.COMMUNIQUE,
        url="https://www.nato.int/cps/en/natohq/official_texts.htm",
        published_on=datetime.date(2023, 8, 1),
        published_on_precision="month",
        accessed_on=datetime.date(2026, 11, 30),
        language="en",
        text=text,
    )
    seeded_text = Source.objects.get(slug="nato-mission-iraq").text
    backup = export(tmp_path / "backup.jsonl")
    empty_database()
    restore(tmp_path / "backup.jsonl")

    restored = Source.objects.get(slug="communique")
    assert restored.text.encode() == text.encode()
    assert Source.objects.get(slug="nato-mission-iraq").text.encode() == seeded_text.encode()
    assert (restored.publisher, restored.kind, restored.language) == ("NATO", "communique", "en")
    assert restored.published.text == "August 2023"
    assert restored.accessed_on == datetime.date(2026, 11, 30)
    assert export(tmp_path / "again.jsonl") == backup
