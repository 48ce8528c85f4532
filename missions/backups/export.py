"""Writing a backup: rows streamed from the database, sorted on disk, then written once."""

import gzip
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from .canonical import CanonicalSerializer
from .scope import FORMAT, FORMAT_VERSION, BackupError, Scope, label

CONTENT = Scope()
STDOUT = "-"
# A backup file is readable by its owner only (what tempfile.mkstemp creates).
BACKUP_MODE = 0o600
# What export calls each kind of file it will not replace.
KINDS = {
    stat.S_ISDIR: "a directory",
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


def migration_state(models, using):
    """The migrations applied to the database, for each app whose rows the backup holds."""
    app_labels = {m._meta.app_label for m in models}
    applied = MigrationRecorder(connections[using]).applied_migrations()
    state = {}
    for app_label, name in sorted(applied):
        if app_label in app_labels:
            state.setdefault(app_label, []).append(name)
    return state


def write_backup(out, *, scope=CONTENT, using=DEFAULT_DB_ALIAS, progress=None):
    """Write a backup of the database ``using`` to the binary stream ``out``; return its header.

    Rows are serialized in database order into a scratch file, keeping only their natural
    keys and positions in memory; the payload is then hashed and written in natural-key
    order. Memory stays flat however many rows there are.
    """
    models = scope.models()
    with tempfile.TemporaryFile() as scratch:
        positions = {model: [] for model in models}
        offset = 0

        def keep(model, key, pk, line):
            nonlocal offset
            data = line.encode() + b"\n"
            scratch.write(data)
            positions[model].append((key, offset, len(data)))
            offset += len(data)
            if progress is not None:
                progress.update(1)

        serializer = CanonicalSerializer(models, keep)
        for model in models:
            serializer.serialize_model(model, using)
        for rows in positions.values():
            rows.sort()

        def sorted_records():
            for rows in positions.values():
                for _key, start, length in rows:
                    scratch.seek(start)
                    yield scratch.read(length)

        digest = hashlib.sha256()
        for record in sorted_records():
            digest.update(record)
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "history": scope.with_history,
            "users": scope.with_users,
            "migrations": migration_state(models, using),
            "counts": {label(model): len(rows) for model, rows in positions.items()},
            "sha256": digest.hexdigest(),
        }
        out.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
        for record in sorted_records():
            out.write(record)
    return header


def existing_mode(path, *, overwrite):
    """The permission bits of the regular file at ``path`` that an export may replace, or None
    when there is nothing there.

    The backup is renamed into place, and a rename replaces whatever has the name: a symbolic
    link itself (not the file it names, so a link to /proc/self/fd/1 swallowed the backup), a
    device or an unrelated file. So only a regular file is ever replaced, and only when asked.
    """
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        raise BackupError(
            f"is a symbolic link (to {os.readlink(path)}); the backup would replace the link, "
            "not write where it points: name the file itself, or '-' for standard output",
            path=path,
        )
    if not stat.S_ISREG(found.st_mode):
        kind = next((k for test, k in KINDS.items() if test(found.st_mode)), "something")
        raise BackupError(
            f"is {kind}, not a regular file: name a file, or '-' for standard output", path=path
        )
    if not overwrite:
        raise BackupError("already exists: add --overwrite to replace it", path=path)
    return stat.S_IMODE(found.st_mode)


def export_backup(path, *, scope=CONTENT, using=DEFAULT_DB_ALIAS, progress=None, overwrite=False):
    """Write a backup to ``path`` (gzip when it ends in ``.gz``; ``-`` for standard output).

    The file is written under a temporary name beside its destination, readable by its owner
    only, and renamed only when complete, so a failed export never leaves a half-written
    backup. An existing regular file is replaced only with ``overwrite``; anything else that
    has the name is refused (see ``existing_mode``), before the export and again just before
    the rename.
    """
    if str(path) == STDOUT:
        header = write_backup(sys.stdout.buffer, scope=scope, using=using, progress=progress)
        sys.stdout.buffer.flush()
        return header
    path = Path(path)
    existing_mode(path, overwrite=overwrite)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            if path.suffix == ".gz":
                # mtime=0 and no file name keep two exports of the same data byte-identical.
                with gzip.GzipFile(
                    filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6
                ) as out:
                    header = write_backup(out, scope=scope, using=using, progress=progress)
            else:
                header = write_backup(raw, scope=scope, using=using, progress=progress)
            raw.flush()
            os.fsync(raw.fileno())
        existing_mode(path, overwrite=overwrite)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return header
