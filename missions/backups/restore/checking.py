"""Checking a backup against a database, writing nothing: its result is the plan.

After reading has checked the header and checksum: the scope the operator granted, the
migration state, then every record in one pass (shape, model and fields, each value's JSON type
and its conversion by the model field, ``full_clean()`` with its validators, choices, lengths,
required values and the model's ``clean()``, that every citation quotes its sentence of its
source verbatim (the source's text from the backup), uniqueness of natural keys and unique fields
within the backup, that every reference resolves to a record of the backup or, for models the
backup does not hold, of the database), the header's row counts, and, with accounts, that an
active superuser remains. Memory holds natural keys, primary keys and line digests, not rows.
"""

import hashlib
import json
from types import MappingProxyType

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Max
from django.utils.translation import gettext, ngettext

from missions.models import Citation, Source, over_long_value
from missions.sources import misquote

from ..accounts import Accounts
from ..canonical import CanonicalSerializer
from ..progress import no_progress
from ..scope import BackupError, Scope, has_natural_key, label
from .plan import ModelPlan, Plan
from .rows import ModelSpec, RowReader, located


def check(backup, *, using=DEFAULT_DB_ALIAS, with_users=False, with_history=False, progress=None):
    """The plan for making database ``using`` hold exactly the records of ``backup``, after
    checking all of them; a ``BackupError`` naming the file, line, record and field otherwise.

    ``with_users`` and ``with_history`` are the parts besides content the operator lets the
    restore replace; a backup holding a part not granted is refused, whatever its header asks.
    """
    scope = Scope(with_history=with_history, with_users=with_users)
    return Checker(backup, scope, using, progress or no_progress).plan()


def line_digest(data):
    return hashlib.blake2b(data, digest_size=16).digest()


class Checker:
    """The bookkeeping of one check: which keys are defined, which references still wait for
    their record, which unique values were seen. It lives as long as ``check`` runs."""

    def __init__(self, backup, scope, using, progress):
        self.backup = backup
        self.header = backup.header
        self.path = backup.path
        self.scope = scope
        self.using = using
        self.connection = connections[using]
        self.progress = progress

    def plan(self):
        self._check_scope()
        self._check_migrations()
        self.models = self.scope.models()
        by_label = {label(m) for m in self.models}
        unknown = sorted(set(self.header["counts"]) - by_label)
        if unknown:
            raise BackupError(
                gettext(
                    "the header counts records of %(model)s, which this backup's scope "
                    "(history=%(history)s, users=%(users)s) does not hold"
                )
                % {
                    "model": unknown[0],
                    "history": self.header["history"],
                    "users": self.header["users"],
                },
                path=self.path,
                line=1,
            )
        self.specs = {m: ModelSpec.of(m, self.models) for m in self.models}
        self._snapshot_database()
        self.accounts = (
            Accounts(self.specs, self.ids, self.using, self.path) if self.scope.with_users else None
        )
        self._check_records()
        return self._make_plan()

    def _check_scope(self):
        """The backup's scope is the command line's, never the file's own say: a file can ask
        to replace every account, but only the operator can grant it."""
        asked = {"users": self.scope.with_users, "history": self.scope.with_history}
        # Each part's refusals whole, for the translations: the sentences differ with the part.
        refusals = {
            "users": (
                gettext(
                    "the backup holds editor accounts and groups, and restoring them replaces "
                    "every account: add --with-users to restore them"
                ),
                gettext(
                    "--with-users was given, but the backup holds no editor accounts and groups "
                    "(it was exported without --with-users)"
                ),
            ),
            "history": (
                gettext(
                    "the backup holds the change history, and restoring it replaces the whole "
                    "history: add --with-history to restore it"
                ),
                gettext(
                    "--with-history was given, but the backup holds no change history (it was "
                    "exported without --with-history)"
                ),
            ),
        }
        for part, (not_granted, not_held) in refusals.items():
            if self.header[part] and not asked[part]:
                raise BackupError(not_granted, path=self.path, line=1)
            if asked[part] and not self.header[part]:
                raise BackupError(not_held, path=self.path, line=1)

    def _check_migrations(self):
        applied = MigrationRecorder(self.connection).applied_migrations()
        for app_label, names in self.header["migrations"].items():
            for name in names:
                if (app_label, name) not in applied:
                    raise BackupError(
                        gettext(
                            "the backup was made at migration %(migration)s, which this "
                            "database has not applied: update the code and run 'manage.py "
                            "migrate' before restoring"
                        )
                        % {"migration": f"{app_label}.{name}"},
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

    def _check_records(self):
        self.defined = {m: {} for m in self.models}
        self.pending = {}
        self.unplaced = []
        self.unique_seen = {}
        self.to_write = set()
        self.tallies = {m: {"added": 0, "changed": 0, "unchanged": 0} for m in self.models}
        self.changed_pks = {m: [] for m in self.models}
        # Each source's title and text, by key, to check the citations quoting it; and the
        # citations read before their source (none, in a file export_backup wrote).
        self.source_texts = {}
        self.unchecked_quotes = []
        counts = dict.fromkeys(self.models, 0)
        reader = RowReader(self.specs, self, self.path, self.backup.header["version"])
        bar = self.progress(self.backup.records, gettext("Checking"))
        for number, line in self.backup.lines():
            row = reader.read(number, line)
            with located(self.path, number):
                self._check_row(row, line)
            counts[row.model] += 1
            bar.update(1)
        bar.close()
        for citation, row in self.unchecked_quotes:
            with located(self.path, row.line):
                self._check_quote(citation, row)
        if self.pending:
            (target, key), (number, model, row_key, name) = min(
                self.pending.items(), key=lambda item: item[1][0]
            )
            raise BackupError(
                gettext(
                    "refers to %(record)s, which is not in the backup (a restore removes every "
                    "record the backup does not hold)"
                )
                % {"record": f"{label(target)} {json.dumps(list(key), ensure_ascii=False)}"},
                path=self.path,
                line=number,
                model=label(model),
                key=row_key,
                field=name,
            )
        for model, found in counts.items():
            expected = self.header["counts"].get(label(model), 0)
            if found != expected:
                raise BackupError(
                    ngettext(
                        "the header counts %(expected)s %(model)s record but the file holds "
                        "%(found)s",
                        "the header counts %(expected)s %(model)s records but the file holds "
                        "%(found)s",
                        expected,
                    )
                    % {"expected": expected, "model": label(model), "found": found},
                    path=self.path,
                )

    # The keys a RowReader asks for -----------------------------------------------------

    def resolve(self, spec, model_field, target, key, number):
        """The primary key a reference will have, noting a reference to a record of the
        backup not met yet, which must come before the file ends."""
        if target not in spec.in_scope:
            return self._resolve_outside(target, key)
        ids = self.ids[target]
        pk = ids.get(key)
        if pk is None:
            pk = self._new_pk(target, key)
            ids[key] = pk
        if key not in self.defined[target] and (target, key) not in self.pending:
            self.pending[(target, key)] = (number, spec.model, None, model_field.name)
            self.unplaced.append((target, key))
        return pk

    def referrer(self, key):
        """The references just noted were made by the record ``key``, as an error will say."""
        for reference in self.unplaced:
            line_number, referrer, _unknown_yet, field_name = self.pending[reference]
            self.pending[reference] = (line_number, referrer, key, field_name)
        self.unplaced.clear()

    def place(self, spec, key, number):
        """The primary key of the backup's record ``key``, defined on line ``number``."""
        defined = self.defined[spec.model]
        if key in defined:
            raise BackupError(
                gettext("the same natural key is on line %(line)s: each record must be unique")
                % {"line": defined[key]},
                model=label(spec.model),
                key=key,
            )
        defined[key] = number
        self.pending.pop((spec.model, key), None)
        pk = self.ids[spec.model].get(key)
        if pk is None:
            pk = self._new_pk(spec.model, key)
            self.ids[spec.model][key] = pk
        return pk

    def _new_pk(self, model, key):
        """A record the database lacks gets the next free id; history keeps its own."""
        if not has_natural_key(model):
            return key[0]
        self.next_pk[model] += 1
        return self.next_pk[model]

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
                if target._meta.app_label == "auth":
                    message = gettext(
                        "refers to %(record)s, which is neither in the backup nor in the "
                        "database (export with --with-users to include editor accounts)"
                    )
                else:
                    message = gettext(
                        "refers to %(record)s, which is neither in the backup nor in the database"
                    )
                record = f"{label(target)} {json.dumps(list(key), ensure_ascii=False)}"
                raise BackupError(message % {"record": record}) from None
            self.outside[(target, key)] = found
        return found

    # Each record -----------------------------------------------------------------------

    def _check_row(self, row, line):
        spec = self.specs[row.model]
        self._validate(spec, row)
        existing = self.existing[spec.model].get(row.key)
        tally = self.tallies[spec.model]
        if existing is None:
            tally["added"] += 1
            self.to_write.add(row.line)
        elif existing[1] != line_digest(line):
            tally["changed"] += 1
            self.changed_pks[spec.model].append(existing[0])
            self.to_write.add(row.line)
        else:
            tally["unchanged"] += 1
        if self.accounts is not None:
            self.accounts.note(spec, row.instance, row)

    def _validate(self, spec, row):
        name = label(spec.model)
        instance = row.instance
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
            raise BackupError(
                gettext("validation failed (%(error)s)") % {"error": error},
                model=name,
                key=row.key,
            ) from None
        if spec.model is Source:
            self.source_texts[row.key] = (instance.title, instance.text)
        elif spec.model is Citation:
            self._check_quote(instance, row, defer=True)
        if spec.history and (too_long := over_long_value(instance)) is not None:
            raise BackupError(too_long[1], model=name, key=row.key, field=too_long[0])
        for model_field in spec.required:
            if getattr(instance, model_field.attname) is None:
                raise BackupError(
                    gettext("a value is required"), model=name, key=row.key, field=model_field.name
                )
        for attnames in spec.unique_sets:
            values = tuple(getattr(instance, a) for a in attnames)
            if None in values:
                continue
            seen = self.unique_seen.setdefault((spec.model, attnames), {})
            if values in seen:
                field_name = spec.model._meta.get_field(attnames[-1].removesuffix("_id")).name
                raise BackupError(
                    gettext("the record on line %(line)s has the same value, which must be unique")
                    % {"line": seen[values]},
                    model=name,
                    key=row.key,
                    field=field_name,
                )
            seen[values] = row.line

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
            raise BackupError(problem, model=label(Citation), key=row.key, field="text")

    def _make_plan(self):
        models = []
        for model in self.models:
            defined = self.defined[model]
            deleted_pks = tuple(
                pk for key, (pk, _digest) in self.existing[model].items() if key not in defined
            )
            models.append(
                ModelPlan(
                    model,
                    **self.tallies[model],
                    deleted=len(deleted_pks),
                    changed_pks=tuple(self.changed_pks[model]),
                    deleted_pks=deleted_pks,
                )
            )
        accounts = () if self.accounts is None else tuple(self.accounts.report())
        return Plan(
            backup=self.backup,
            using=self.using,
            models=tuple(models),
            specs=MappingProxyType(self.specs),
            ids=MappingProxyType({m: MappingProxyType(ids) for m, ids in self.ids.items()}),
            outside=MappingProxyType(self.outside),
            to_write=frozenset(self.to_write),
            accounts=accounts,
        )
