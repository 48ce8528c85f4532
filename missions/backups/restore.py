"""Restoring a backup: validate everything, then replace the content in one transaction.

The file is read in passes, never whole: the checksum first (so damage is reported as damage,
not as a puzzling record error), then every record is checked, then the records that differ
from the database are written. Memory holds natural keys and primary keys, not rows.

What is checked before anything is written: the header (format, version, migration state), the
SHA-256 of the records, each record's shape, model and fields, each value's JSON type and its
conversion by the model field, ``full_clean()`` of every record (field validators, choices,
lengths, required values and the model's ``clean()``), that every citation quotes its sentence
of its source verbatim (the source's text from the backup), uniqueness of natural keys and of
unique fields within the backup, that every reference resolves to a record of the backup (or, for
models the backup does not hold, of the database), and the row counts of the header.

Uniqueness and check constraints the database computes (such as names unique regardless of
case) are checked by the database while writing; a violation is traced back to its record with
Django's own constraint validation, and the transaction is rolled back.
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

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import F, Max, UniqueConstraint

from missions.models import Citation, Source, over_long_value
from missions.signals import content_replaced
from missions.sources import misquote

from .accounts import Accounts
from .canonical import CanonicalSerializer
from .scope import (
    FORMAT,
    FORMAT_VERSION,
    MAX_LINE_BYTES,
    BackupError,
    Scope,
    has_natural_key,
    is_history_model,
    label,
    tracked_pk_field,
)

GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"
HEADER_KEYS = {"format", "version", "history", "users", "migrations", "counts", "sha256"}


def line_digest(data):
    return hashlib.blake2b(data, digest_size=16).digest()


def open_source(source, path):
    """The backup's raw bytes as a file the restore can read from the start as often as it needs.

    ``source`` is a path, or ``-`` for standard input. A pipe (standard input, or a path such as
    /dev/stdin when it is one) can be read only once, so its bytes are first copied to an
    anonymous temporary file; a regular file is read in place.
    """
    try:
        raw = sys.stdin.buffer if source == STDIN else open(source, "rb")  # noqa: SIM115
    except OSError as error:
        raise BackupError(f"cannot be read: {error.strerror}", path=path) from None
    if raw.seekable():
        return raw
    copy = tempfile.TemporaryFile()  # noqa: SIM115 (the restore closes it when done)
    try:
        shutil.copyfileobj(raw, copy)
    except OSError as error:
        copy.close()
        raise BackupError(f"cannot be read: {error.strerror or error}", path=path) from None
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
                f"the gzip data is damaged or cut short ({error})", path=path, line=number + 1
            ) from None
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise BackupError(
                f"the line is longer than {MAX_LINE_BYTES // 2**20} MiB, so it is no record "
                "of an NMI Records backup",
                path=path,
                line=number,
            )
        if not line.strip():
            raise BackupError(
                "the line is blank: every line after the header is a record", path=path, line=number
            )
        yield number, line


def parse_header(line, path):
    """The header's fields, after checking that they are all there and of the right kind."""
    why = ""
    try:
        header = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        header = None
    except RecursionError:
        header, why = None, " (its JSON is nested too deeply to read)"
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(
            f"not an NMI Records backup: the first line is not a header naming the format "
            f"'{FORMAT}'{why}",
            path=path,
            line=1,
        )
    version = header.get("version")
    if type(version) is not int or version < 1:
        raise BackupError("the header's format version is not a positive number", path=path)
    if version > FORMAT_VERSION:
        raise BackupError(
            f"the backup has format version {version}, written by a newer NMI Records; this "
            f"one reads version {FORMAT_VERSION}: upgrade the code before restoring",
            path=path,
            line=1,
        )
    missing = sorted(HEADER_KEYS - header.keys())
    if missing:
        raise BackupError(f"the header lacks {', '.join(missing)}", path=path, line=1)
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
        raise BackupError("the header's fields are not of the expected kinds", path=path, line=1)
    return header


class Reference:
    """Stands in for a referenced record while only its natural key is known, so that
    ``natural_key()`` of a record that depends on it (a citation's source) can be computed."""

    __slots__ = ("key", "pk")

    def __init__(self, key, pk):
        self.key = key
        self.pk = pk

    def natural_key(self):
        return self.key


@dataclass
class ModelPlan:
    """What a restore does to one model's rows."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    changed_pks: list = field(default_factory=list)
    deleted_pks: list = field(default_factory=list)


@dataclass
class Plan:
    header: dict
    models: dict  # model -> ModelPlan, in backup order
    accounts: list = field(default_factory=list)  # lines naming the accounts that change

    @property
    def records(self):
        return sum(self.header["counts"].values())

    def lines(self):
        width = max(len(label(m)) for m in self.models)
        for model, plan in self.models.items():
            yield (
                f"  {label(model):<{width}}  {plan.added:>7} added  {plan.changed:>7} changed  "
                f"{plan.deleted:>7} deleted  {plan.unchanged:>7} unchanged"
            )
        yield from self.accounts


@dataclass
class Row:
    """One record of the backup, converted: the values to write, by attribute name."""

    line: int
    model: type
    key: tuple
    values: dict
    m2m: dict


class ModelSpec:
    """How one model's records are read: its fields, references and unique fields."""

    def __init__(self, model, scope_models):
        self.model = model
        self.natural = has_natural_key(model)
        self.tracked = tracked_pk_field(model)
        # History rows are simple-history's audit records, not editors' input: their fields
        # are not meant for form validation (a change reason may be null but not blank), so
        # they get type, reference, length and required-value checks but not full_clean().
        self.history = is_history_model(model)
        self.fields = [f for f in model._meta.concrete_fields if f.serialize]
        self.m2m = [
            f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created
        ]
        self.names = {f.name for f in [*self.fields, *self.m2m]}
        self.references = [f.name for f in self.fields if f.is_relation]
        self.required = [f for f in model._meta.concrete_fields if not f.null and not f.primary_key]
        self.unique_sets = [
            (f.attname,) for f in model._meta.concrete_fields if f.unique and not f.primary_key
        ]
        self.unique_sets += [
            tuple(model._meta.get_field(name).attname for name in names)
            for names in model._meta.unique_together
        ]
        self.unique_sets += [
            tuple(model._meta.get_field(name).attname for name in c.fields)
            for c in model._meta.constraints
            if isinstance(c, UniqueConstraint) and c.fields and c.condition is None
        ]
        self.in_scope = set(scope_models)


def json_kind(value):
    """The JSON type of a value, or of a converted field value as export writes it (dates,
    decimals and other rich values are written as text)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text"


def constraint_field_names(constraint):
    """The fields a constraint reads, so an error can name one."""
    names = list(getattr(constraint, "fields", ()) or ())
    expressions = list(getattr(constraint, "expressions", ()))
    while expressions:
        expression = expressions.pop()
        if isinstance(expression, F):
            names.append(expression.name)
        elif hasattr(expression, "get_source_expressions"):
            expressions.extend(expression.get_source_expressions())
    return names


@contextmanager
def history_recording_paused():
    """simple-history's own switch: a restore puts records back, it is not an edit."""
    unset = object()
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", unset)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        if previous is unset:
            del settings.SIMPLE_HISTORY_ENABLED
        else:
            settings.SIMPLE_HISTORY_ENABLED = previous


class Restore:
    """Validates the backup at ``path`` completely, then makes the database ``using`` hold
    exactly its records.

    ``plan()`` reads and checks everything without writing and says what would change;
    ``apply(plan)`` writes it in one transaction, or with ``dry_run`` rehearses it and rolls
    back. Every problem is a ``BackupError`` naming the file, line, record and field.

    ``with_users`` and ``with_history`` are the parts besides content the operator lets the
    restore replace; a backup holding a part not granted is refused, whatever its header asks.
    """

    def __init__(
        self, path, *, using=DEFAULT_DB_ALIAS, progress=None, with_users=False, with_history=False
    ):
        self.scope = Scope(with_history=with_history, with_users=with_users)
        self.source = str(path)
        self.path = "standard input" if self.source == STDIN else Path(path)
        self.raw = None
        self.using = using
        self.connection = connections[using]
        self.progress = progress or (lambda total, description: _NoProgress())

    # Reading and validating -------------------------------------------------------------

    def plan(self):
        header = self._check_file()
        self._check_scope(header)
        self._check_migrations(header)
        self.models = self.scope.models()
        self.by_label = {label(m): m for m in self.models}
        unknown = sorted(set(header["counts"]) - set(self.by_label))
        if unknown:
            raise BackupError(
                f"the header counts records of {unknown[0]}, which this backup's scope "
                f"(history={header['history']}, users={header['users']}) does not hold",
                path=self.path,
                line=1,
            )
        self.specs = {m: ModelSpec(m, self.models) for m in self.models}
        self._snapshot_database()
        self.accounts = (
            Accounts(self.specs, self.ids, self.using, self.path) if self.scope.with_users else None
        )
        self._validate_records(header)
        return self._make_plan(header)

    def close(self):
        """Close the backup file (and remove the copy of a piped one)."""
        if self.raw is not None and self.raw is not sys.stdin.buffer:
            self.raw.close()
        self.raw = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _check_file(self):
        """Header and checksum: a damaged file is reported as damaged, before its records.

        A line beyond the number of records the header counts is refused when it is met, so
        no file makes this pass read more than the header promises.
        """
        self.raw = open_source(self.source, self.path)
        with open_backup(self.raw) as stream:
            lines = read_lines(stream, self.path)
            first = next(lines, None)
            if first is None:
                raise BackupError("the file is empty", path=self.path)
            header = parse_header(first[1], self.path)
            records = sum(header["counts"].values())
            digest = hashlib.sha256()
            for number, line in lines:
                if number > records + 1:
                    raise BackupError(
                        f"the header counts {records} records, but the file goes on past them",
                        path=self.path,
                        line=number,
                    )
                digest.update(line)
        if digest.hexdigest() != header["sha256"]:
            raise BackupError(
                "the records do not match the SHA-256 in the header: the file was changed or "
                "damaged after export",
                path=self.path,
            )
        return header

    def _check_scope(self, header):
        """The backup's scope is the command line's, never the file's own say: a file can ask
        to replace every account, but only the operator can grant it."""
        asked = {"users": self.scope.with_users, "history": self.scope.with_history}
        for part, flag, what, them, effect in (
            ("users", "--with-users", "editor accounts and groups", "them", "every account"),
            ("history", "--with-history", "the change history", "it", "the whole history"),
        ):
            if header[part] and not asked[part]:
                raise BackupError(
                    f"the backup holds {what}, and restoring {them} replaces {effect}: add "
                    f"{flag} to restore {them}",
                    path=self.path,
                    line=1,
                )
            if asked[part] and not header[part]:
                raise BackupError(
                    f"{flag} was given, but the backup holds no {what} (it was exported "
                    f"without {flag})",
                    path=self.path,
                    line=1,
                )

    def _check_migrations(self, header):
        applied = MigrationRecorder(self.connection).applied_migrations()
        for app_label, names in header["migrations"].items():
            for name in names:
                if (app_label, name) not in applied:
                    raise BackupError(
                        f"the backup was made at migration {app_label}.{name}, which this "
                        "database has not applied: update the code and run 'manage.py "
                        "migrate' before restoring",
                        path=self.path,
                        line=1,
                    )

    def _snapshot_database(self):
        """Natural key, primary key and canonical line digest of every row in the database."""
        self.ids = {m: {} for m in self.models}
        self.existing = {m: {} for m in self.models}

        def note(model, key, pk, line):
            self.ids[model][key] = pk
            self.existing[model][key] = (pk, line_digest(line.encode() + b"\n"))

        serializer = CanonicalSerializer(self.models, note)
        for model in self.models:
            serializer.serialize_model(model, self.using)
        self.next_pk = {
            m: m._base_manager.using(self.using).aggregate(top=Max("pk"))["top"] or 0
            for m in self.models
            if has_natural_key(m)
        }
        self.outside = {}

    def _validate_records(self, header):
        self.defined = {m: {} for m in self.models}
        self.pending = {}
        self.unplaced = []
        self.unique_seen = {}
        self.to_write = set()
        self.plans = {m: ModelPlan() for m in self.models}
        # Each source's title and text, by key, to check the citations quoting it; and the
        # citations read before their source (none, in a file export_backup wrote).
        self.source_texts = {}
        self.unchecked_quotes = []
        counts = dict.fromkeys(self.models, 0)
        bar = self.progress(sum(header["counts"].values()), "Checking")
        with open_backup(self.raw) as stream:
            lines = read_lines(stream, self.path)
            next(lines)
            for number, line in lines:
                row = self._read_row(number, line, validate=True)
                counts[row.model] += 1
                bar.update(1)
        bar.close()
        for citation, row in self.unchecked_quotes:
            self._check_quote(citation, row)
        if self.pending:
            (target, key), (number, model, row_key, name) = min(
                self.pending.items(), key=lambda item: item[1][0]
            )
            raise BackupError(
                f"refers to {label(target)} {json.dumps(list(key), ensure_ascii=False)}, "
                "which is not in the backup (a restore removes every record the backup does "
                "not hold)",
                path=self.path,
                line=number,
                model=label(model),
                key=row_key,
                field=name,
            )
        for model, found in counts.items():
            expected = header["counts"].get(label(model), 0)
            if found != expected:
                raise BackupError(
                    f"the header counts {expected} {label(model)} records but the file holds "
                    f"{found}",
                    path=self.path,
                )

    def _read_row(self, number, line, *, validate):
        try:
            return self._convert(number, line, validate=validate)
        except BackupError as error:
            raise error.located(path=self.path, line=number) from None
        except Exception as error:
            # Input no check foresaw still gets one clear line, not a traceback.
            raise BackupError(
                f"the record cannot be read ({type(error).__name__}: {error})",
                path=self.path,
                line=number,
            ) from None

    def _convert(self, number, line, *, validate):
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            raise BackupError("the record is not UTF-8 text") from None
        except ValueError as error:
            raise BackupError(f"the record is not valid JSON ({error})") from None
        except RecursionError:
            raise BackupError("the record is not valid JSON (it is nested too deeply)") from None
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("model"), str)
            or not isinstance(record.get("fields"), dict)
            or not set(record) <= {"model", "pk", "fields"}
        ):
            raise BackupError(
                'the record is not an object with "model" and "fields" (and, for history, "pk")'
            )
        model = self.by_label.get(record["model"].lower())
        if model is None:
            raise BackupError(
                f"unknown model '{record['model']}': this backup's scope holds "
                f"{', '.join(self.by_label)}"
            )
        spec = self.specs[model]
        name = label(model)
        values = self._record_pk(spec, record, name)
        problems = [
            (unknown, "no such field on this model")
            for unknown in sorted(set(record["fields"]) - spec.names)
        ]
        stand_ins = {}
        for model_field in spec.fields:
            if model_field.name in record["fields"]:
                try:
                    values[model_field.attname] = self._field_value(
                        spec, model_field, record["fields"][model_field.name], number, stand_ins
                    )
                except BackupError as error:
                    problems.append((model_field.name, error.message))

        instance = model(**values)
        for model_field, reference in stand_ins.items():
            model_field.set_cached_value(instance, reference)
        key = self._natural_key(spec, instance, record)
        if problems:
            raise BackupError(problems[0][1], model=name, key=key, field=problems[0][0])

        m2m = {}
        for model_field in spec.m2m:
            try:
                m2m[model_field] = self._m2m_values(
                    spec, model_field, record["fields"].get(model_field.name, []), number
                )
            except BackupError as error:
                raise BackupError(
                    error.message, model=name, key=key, field=model_field.name
                ) from None
        for reference in self.unplaced:
            line_number, referrer, _unknown_yet, field_name = self.pending[reference]
            self.pending[reference] = (line_number, referrer, key, field_name)
        self.unplaced.clear()
        pk = self._define(spec, key, number, name) if validate else self.ids[model][key]
        instance.pk = pk
        values[model._meta.pk.attname] = pk
        row = Row(number, model, key, values, m2m)
        if validate:
            self._validate(spec, instance, row, line)
        return row

    def _record_pk(self, spec, record, name):
        if spec.natural:
            if "pk" in record:
                raise BackupError(
                    "the record has a primary key, but records of this model are identified "
                    "by their natural key",
                    model=name,
                )
            return {}
        pk = record.get("pk")
        if type(pk) is not int:
            raise BackupError('the record needs its "pk" as a whole number', model=name)
        return {spec.model._meta.pk.attname: pk}

    def _natural_key(self, spec, instance, record):
        if not spec.natural:
            return (record["pk"],)
        try:
            return tuple(instance.natural_key())
        except Exception as error:
            raise BackupError(
                f"its natural key cannot be computed ({error})", model=label(spec.model)
            ) from None

    def _field_value(self, spec, model_field, value, number, stand_ins):
        if model_field is spec.tracked:
            if isinstance(value, list):
                return self._resolve(spec, model_field, spec.model.instance_type, value, number)
            if type(value) is int:
                return value
            raise BackupError(f"expected the tracked record's natural key, found {value!r}")
        if model_field.is_relation:
            return self._reference(spec, model_field, value, number, stand_ins)
        try:
            converted = model_field.to_python(value)
        except ValidationError as error:
            raise BackupError(" ".join(error.messages)) from None
        except Exception as error:
            raise BackupError(f"the value {value!r} cannot be read ({error})") from None
        expected = json_kind(converted)
        if model_field.get_internal_type() != "JSONField" and json_kind(value) != expected:
            raise BackupError(
                f"expected {expected}, found {json_kind(value)} "
                f"({json.dumps(value, ensure_ascii=False)[:60]})"
            )
        return converted

    def _reference(self, spec, model_field, value, number, stand_ins):
        """A foreign key's value: a natural key (a list), null, or, for a history column that
        may point at a deleted record, the stored id."""
        target = model_field.related_model
        natural = has_natural_key(target)
        if value is None:
            return None
        if type(value) is int:
            if not model_field.db_constraint:
                return value
            if not natural:
                return self._resolve(spec, model_field, target, [value], number)
        elif isinstance(value, list) and natural:
            pk = self._resolve(spec, model_field, target, value, number)
            stand_ins[model_field] = Reference(tuple(value), pk)
            return pk
        raise BackupError(
            f'expected a natural key of {label(target)} (a list such as ["slug"]) or null, '
            f"found {json_kind(value)}"
        )

    def _m2m_values(self, spec, model_field, values, number):
        target = model_field.related_model
        natural = has_natural_key(target)
        if not isinstance(values, list):
            raise BackupError(f"expected a list of {label(target)} keys, found {json_kind(values)}")
        pks = []
        for value in values:
            if natural != isinstance(value, list) or (not natural and type(value) is not int):
                kind = "natural keys (lists)" if natural else "ids"
                raise BackupError(f"expected {kind} of {label(target)}, found {value!r}")
            key = value if natural else [value]
            pks.append(self._resolve(spec, model_field, target, key, number))
        if len(set(pks)) != len(pks):
            raise BackupError(f"lists the same {label(target)} twice")
        return pks

    def _resolve(self, spec, model_field, target, key, number):
        """The primary key a reference will have, checking the referenced record exists."""
        if not all(isinstance(part, str | int) and type(part) is not bool for part in key):
            raise BackupError(f"a natural key is a list of text and numbers, found {key!r}")
        key = tuple(key)
        if target in spec.in_scope:
            ids = self.ids[target]
            pk = ids.get(key)
            if pk is None:
                if has_natural_key(target):
                    self.next_pk[target] += 1
                    pk = self.next_pk[target]
                else:
                    pk = key[0]
                ids[key] = pk
            if key not in self.defined[target] and (target, key) not in self.pending:
                self.pending[(target, key)] = (number, spec.model, None, model_field.name)
                self.unplaced.append((target, key))
            return pk
        return self._resolve_outside(target, key)

    def _resolve_outside(self, target, key):
        """A record the backup does not hold (a permission, or an editor when accounts are
        not backed up) must be in the database."""
        found = self.outside.get((target, key))
        if found is None:
            manager = target._default_manager.db_manager(self.using)
            try:
                if has_natural_key(target):
                    found = manager.get_by_natural_key(*key).pk
                else:
                    found = manager.get(pk=key[0]).pk
            except (ObjectDoesNotExist, TypeError, ValueError):
                advice = (
                    " (export with --with-users to include editor accounts)"
                    if target._meta.app_label == "auth"
                    else ""
                )
                raise BackupError(
                    f"refers to {label(target)} {json.dumps(list(key), ensure_ascii=False)}, "
                    f"which is neither in the backup nor in the database{advice}"
                ) from None
            self.outside[(target, key)] = found
        return found

    def _define(self, spec, key, number, name):
        defined = self.defined[spec.model]
        if key in defined:
            raise BackupError(
                f"the same natural key is on line {defined[key]}: each record must be unique",
                model=name,
                key=key,
            )
        defined[key] = number
        if (spec.model, key) in self.pending:
            del self.pending[(spec.model, key)]
        pk = self.ids[spec.model].get(key)
        if pk is None:
            if spec.natural:
                self.next_pk[spec.model] += 1
                pk = self.next_pk[spec.model]
            else:
                pk = key[0]
            self.ids[spec.model][key] = pk
        return pk

    def _validate(self, spec, instance, row, line):
        name = label(spec.model)
        try:
            if not spec.history:
                instance.full_clean(
                    exclude=spec.references, validate_unique=False, validate_constraints=False
                )
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items()))
            raise BackupError(
                " ".join(messages),
                model=name,
                key=row.key,
                field=None if field_name == "__all__" else field_name,
            ) from None
        except Exception as error:
            raise BackupError(f"validation failed ({error})", model=name, key=row.key) from None
        if spec.model is Source:
            self.source_texts[row.key] = (instance.title, instance.text)
        elif spec.model is Citation:
            self._check_quote(instance, row, defer=True)
        if spec.history and (too_long := over_long_value(instance)) is not None:
            raise BackupError(too_long[1], model=name, key=row.key, field=too_long[0])
        for model_field in spec.required:
            if getattr(instance, model_field.attname) is None:
                raise BackupError(
                    "a value is required", model=name, key=row.key, field=model_field.name
                )
        for attnames in spec.unique_sets:
            values = tuple(getattr(instance, a) for a in attnames)
            if None in values:
                continue
            seen = self.unique_seen.setdefault((spec.model, attnames), {})
            if values in seen:
                field_name = spec.model._meta.get_field(attnames[-1].removesuffix("_id")).name
                raise BackupError(
                    f"the record on line {seen[values]} has the same value, which must be unique",
                    model=name,
                    key=row.key,
                    field=field_name,
                )
            seen[values] = row.line
        plan = self.plans[spec.model]
        existing = self.existing[spec.model].get(row.key)
        if existing is None:
            plan.added += 1
            self.to_write.add(row.line)
        elif existing[1] != line_digest(line):
            plan.changed += 1
            plan.changed_pks.append(existing[0])
            self.to_write.add(row.line)
        else:
            plan.unchanged += 1
        if self.accounts is not None:
            self.accounts.note(spec, instance, row)

    def _check_quote(self, citation, row, *, defer=False):
        """Refuse a citation whose text is not its sentence of its source (in the backup)."""
        source_key = row.key[:-1]
        if source_key not in self.source_texts:
            if defer:
                self.unchecked_quotes.append((citation, row))
            return
        title, text = self.source_texts[source_key]
        problem = misquote(title, text, citation.number, citation.text)
        if problem is not None:
            raise BackupError(
                problem,
                path=self.path,
                line=row.line,
                model=label(Citation),
                key=row.key,
                field="text",
            )

    def _make_plan(self, header):
        for model, plan in self.plans.items():
            defined = self.defined[model]
            plan.deleted_pks = [
                pk for key, (pk, _digest) in self.existing[model].items() if key not in defined
            ]
            plan.deleted = len(plan.deleted_pks)
        accounts = [] if self.accounts is None else self.accounts.report()
        return Plan(header, self.plans, accounts)

    # Writing ----------------------------------------------------------------------------

    def apply(self, plan, *, dry_run=False):
        """Make the database hold exactly the backup's records, in one transaction."""
        try:
            with history_recording_paused(), transaction.atomic(using=self.using):
                self._remove_changed(plan)
                self._remove_absent(plan)
                self._write_rows(plan)
                self._check_references()
                if dry_run:
                    transaction.set_rollback(True, using=self.using)
                else:
                    self._reset_sequences()
                    content_replaced.send(sender=type(self), using=self.using)
        except DatabaseError as error:
            raise BackupError(
                f"the database refused the restore, so nothing was changed ({error})",
                path=self.path,
            ) from None

    def _remove_changed(self, plan):
        """Changed rows are deleted and written again under the same primary key, so swapped
        unique values never collide. Nothing cascades: every row pointing at them stays."""
        for model, model_plan in plan.models.items():
            for start in range(0, len(model_plan.changed_pks), 500):
                batch = model_plan.changed_pks[start : start + 500]
                for m2m in self.specs[model].m2m:
                    through = m2m.remote_field.through
                    through._base_manager.using(self.using).filter(
                        **{f"{m2m.m2m_field_name()}__in": batch}
                    )._raw_delete(self.using)
                # Django's own signal-free, cascade-free delete (what the collector runs last).
                model._base_manager.using(self.using).filter(pk__in=batch)._raw_delete(self.using)

    def _remove_absent(self, plan):
        """Rows the backup lacks are deleted through Django's collector, latest dependants
        first, so relations from outside the backup (the admin log) follow their rules."""
        for model, model_plan in reversed(plan.models.items()):
            for start in range(0, len(model_plan.deleted_pks), 500):
                batch = model_plan.deleted_pks[start : start + 500]
                model._base_manager.using(self.using).filter(pk__in=batch).delete()

    def _write_rows(self, plan):
        """Write the added and changed records, a batch at a time, so memory holds one batch."""
        bar = self.progress(sum(p.added + p.changed for p in plan.models.values()), "Restoring")
        batch = []
        with open_backup(self.raw) as stream:
            lines = read_lines(stream, self.path)
            next(lines)
            for number, line in lines:
                if number not in self.to_write:
                    continue
                row = self._read_row(number, line, validate=False)
                if batch and (batch[0].model is not row.model or len(batch) >= 500):
                    self._insert(batch)
                    batch = []
                batch.append(row)
                bar.update(1)
        if batch:
            self._insert(batch)
        bar.close()

    def _insert(self, rows):
        """Insert rows as they are, keeping their timestamps (``raw``, as ``loaddata`` saves),
        and trace a database refusal back to the record that caused it."""
        model = rows[0].model
        fields = model._meta.local_concrete_fields
        instances = [model(**row.values) for row in rows]
        size = max(1, self.connection.ops.bulk_batch_size(fields, instances))
        for start in range(0, len(instances), size):
            chunk = instances[start : start + size]
            try:
                with transaction.atomic(using=self.using):
                    # The insert Model.save_base(raw=True) runs, for a batch at a time.
                    model._base_manager._insert(chunk, fields=fields, using=self.using, raw=True)
            except DatabaseError as error:
                raise self._explain(rows[start : start + size], chunk, error) from None
        self._insert_relations(rows)

    def _insert_relations(self, rows):
        """The many-to-many rows of records just written."""
        relations = {}
        for row in rows:
            pk = row.values[row.model._meta.pk.attname]
            for m2m, targets in row.m2m.items():
                through = m2m.remote_field.through
                source = through._meta.get_field(m2m.m2m_field_name()).attname
                destination = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
                relations.setdefault(through, []).extend(
                    through(**{source: pk, destination: target}) for target in targets
                )
        for through, links in relations.items():
            through._base_manager.using(self.using).bulk_create(links, batch_size=500)

    def _explain(self, rows, instances, error):
        """Find the record the database refused and say which of its fields and why."""
        model = rows[0].model
        fields = model._meta.local_concrete_fields
        for row, instance in zip(rows, instances, strict=True):
            try:
                with transaction.atomic(using=self.using):
                    model._base_manager._insert(
                        [instance], fields=fields, using=self.using, raw=True
                    )
            except DatabaseError as row_error:
                return self._explain_row(row, instance, row_error)
        return BackupError(f"the database refused the records ({error})", path=self.path)

    def _explain_row(self, row, instance, error):
        located = {"path": self.path, "line": row.line, "model": label(row.model), "key": row.key}
        for constraint in row.model._meta.constraints:
            try:
                constraint.validate(row.model, instance, using=self.using)
            except ValidationError as violation:
                names = constraint_field_names(constraint)
                return BackupError(
                    " ".join(violation.messages) + f" (database constraint {constraint.name})",
                    field=names[0] if names else None,
                    **located,
                )
        return BackupError(f"the database refused it ({str(error).strip()})", **located)

    def _check_references(self):
        tables = [m._meta.db_table for m in self.models]
        try:
            self.connection.check_constraints(table_names=tables)
        except DatabaseError as error:
            raise BackupError(
                f"the database found a broken reference ({error})", path=self.path
            ) from None

    def _reset_sequences(self):
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with self.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class _NoProgress:
    def update(self, count):
        """Nothing to show."""

    def close(self):
        """Nothing to close."""
