"""Reading a backup: its header, its checksum, and its records as lines, without the database.

``read_backup`` opens the file and checks what can be checked from its bytes alone, so damage is
reported as damage, not as a puzzling record error. The ``Backup`` it gives holds the header and
the open file; its records are read from the file on every pass (checking reads them once,
writing once more), so memory never holds the rows.
"""

import gzip
import hashlib
import json
import shutil
import sys
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from django.utils.translation import gettext, ngettext

from ..scope import FORMAT, FORMAT_VERSION, MAX_LINE_BYTES, BackupError

GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"
HEADER_KEYS = {"format", "version", "history", "users", "migrations", "counts", "sha256"}


@dataclass(frozen=True)
class Backup:
    """A backup file whose header and checksum are valid: ``path`` as errors name it, the
    parsed ``header``, and the open file its records are read from.

    Close it when done (it is a context manager): that removes the copy of a piped file.
    """

    path: object
    header: MappingProxyType
    raw: object = field(repr=False, compare=False)

    @property
    def records(self):
        return sum(self.header["counts"].values())

    def lines(self):
        """``(line number, bytes)`` of each record, read from the file again on each call."""
        with open_backup(self.raw) as stream:
            lines = read_lines(stream, self.path)
            next(lines)
            yield from lines

    def close(self):
        if self.raw is not sys.stdin.buffer:
            self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def read_backup(source):
    """The backup at ``source`` (a path, or ``-`` for standard input), after checking its header
    and its checksum.

    A line beyond the number of records the header counts is refused when it is met, so no file
    makes this pass read more than the header promises.
    """
    source = str(source)
    path = gettext("standard input") if source == STDIN else Path(source)
    raw = open_source(source, path)
    try:
        header = check_file(raw, path)
    except BaseException:
        if raw is not sys.stdin.buffer:
            raw.close()
        raise
    return Backup(path, frozen_header(header), raw)


def frozen_header(header):
    """The header as a read-only mapping, its counts and migration names read-only too."""
    migrations = {app_label: tuple(names) for app_label, names in header["migrations"].items()}
    return MappingProxyType(
        {
            **header,
            "counts": MappingProxyType(header["counts"]),
            "migrations": MappingProxyType(migrations),
        }
    )


def check_file(raw, path):
    with open_backup(raw) as stream:
        lines = read_lines(stream, path)
        first = next(lines, None)
        if first is None:
            raise BackupError(gettext("the file is empty"), path=path)
        header = parse_header(first[1], path)
        records = sum(header["counts"].values())
        digest = hashlib.sha256()
        for number, line in lines:
            if number > records + 1:
                raise BackupError(
                    ngettext(
                        "the header counts %(count)s record, but the file goes on past it",
                        "the header counts %(count)s records, but the file goes on past them",
                        records,
                    )
                    % {"count": records},
                    path=path,
                    line=number,
                )
            digest.update(line)
    if digest.hexdigest() != header["sha256"]:
        raise BackupError(
            gettext(
                "the records do not match the SHA-256 in the header: the file was changed or "
                "damaged after export"
            ),
            path=path,
        )
    return header


def open_source(source, path):
    """The backup's raw bytes as a file the restore can read from the start as often as it needs.

    ``source`` is a path, or ``-`` for standard input. A pipe (standard input, or a path such as
    /dev/stdin when it is one) can be read only once, so its bytes are first copied to an
    anonymous temporary file; a regular file is read in place.
    """
    try:
        raw = sys.stdin.buffer if source == STDIN else open(source, "rb")  # noqa: SIM115
    except OSError as error:
        raise BackupError(
            gettext("cannot be read: %(why)s") % {"why": error.strerror}, path=path
        ) from None
    if raw.seekable():
        return raw
    copy = tempfile.TemporaryFile()  # noqa: SIM115 (the Backup closes it when done)
    try:
        shutil.copyfileobj(raw, copy)
    except OSError as error:
        copy.close()
        raise BackupError(
            gettext("cannot be read: %(why)s") % {"why": error.strerror or error}, path=path
        ) from None
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()
    return copy


@contextmanager
def open_backup(raw):
    """The backup's bytes from the start, decompressed when they are gzip (whatever the file is
    called)."""
    raw.seek(0)
    magic = raw.read(2)
    raw.seek(0)
    if magic == GZIP_MAGIC:
        with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            yield stream
    else:
        yield raw


def read_lines(stream, path):
    """``(line number, bytes)`` for each line, refusing lines no export could have written: an
    over-long line is refused before it is read whole, a blank line as soon as it is met."""
    number = 0
    while True:
        try:
            line = stream.readline(MAX_LINE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise BackupError(
                gettext("the gzip data is damaged or cut short (%(error)s)") % {"error": error},
                path=path,
                line=number + 1,
            ) from None
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise BackupError(
                gettext(
                    "the line is longer than %(size)s MiB, so it is no record of an NMI Records "
                    "backup"
                )
                % {"size": MAX_LINE_BYTES // 2**20},
                path=path,
                line=number,
            )
        if not line.strip():
            raise BackupError(
                gettext("the line is blank: every line after the header is a record"),
                path=path,
                line=number,
            )
        yield number, line


def parse_header(line, path):
    """The header's fields, after checking that they are all there and of the right kind."""
    nested = False
    try:
        header = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        header = None
    except RecursionError:
        header, nested = None, True
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        if nested:
            message = gettext(
                "not an NMI Records backup: the first line is not a header naming the format "
                "'%(format)s' (its JSON is nested too deeply to read)"
            )
        else:
            message = gettext(
                "not an NMI Records backup: the first line is not a header naming the format "
                "'%(format)s'"
            )
        raise BackupError(
            message % {"format": FORMAT},
            path=path,
            line=1,
        )
    version = header.get("version")
    if type(version) is not int or version < 1:
        raise BackupError(
            gettext("the header's format version is not a positive number"), path=path
        )
    if version > FORMAT_VERSION:
        raise BackupError(
            gettext(
                "the backup has format version %(version)s, written by a newer NMI Records; "
                "this one reads version %(readable)s: upgrade the code before restoring"
            )
            % {"version": version, "readable": FORMAT_VERSION},
            path=path,
            line=1,
        )
    missing = sorted(HEADER_KEYS - header.keys())
    if missing:
        raise BackupError(
            gettext("the header lacks %(fields)s") % {"fields": ", ".join(missing)},
            path=path,
            line=1,
        )
    migrations, counts, sha = header["migrations"], header["counts"], header["sha256"]
    valid = (
        type(header["history"]) is bool
        and type(header["users"]) is bool
        and isinstance(migrations, dict)
        and all(
            isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in migrations.values()
        )
        and isinstance(counts, dict)
        and all(type(n) is int and n >= 0 for n in counts.values())
        and isinstance(sha, str)
        and len(sha) == 64
    )
    if not valid:
        raise BackupError(
            gettext("the header's fields are not of the expected kinds"), path=path, line=1
        )
    return header
