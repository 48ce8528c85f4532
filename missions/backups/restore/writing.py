"""Writing a plan: the database comes to hold exactly the backup's records, in one transaction.

Everything this needs is in the plan: the rows to rewrite and delete, the line numbers of the
records to write (read from the backup again, a batch at a time) and the primary key of every
natural key they name. Uniqueness and check constraints the database computes (such as names
unique regardless of case) are checked by the database here; a violation is traced back to its
record with Django's own constraint validation, and the transaction is rolled back.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils.translation import gettext

from missions.signals import content_replaced

from ..progress import no_progress
from ..scope import BackupError, label
from .rows import RowReader


def write(plan, *, dry_run=False, progress=None):
    """Make the plan's database hold exactly its backup's records, in one transaction; with
    ``dry_run``, rehearse it and roll back."""
    Writer(plan, progress or no_progress).write(dry_run=dry_run)


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


class PlannedKeys:
    """The primary keys a RowReader asks for, as the plan fixed them."""

    def __init__(self, plan):
        self.plan = plan

    def resolve(self, spec, model_field, target, key, number):
        if target in spec.in_scope:
            return self.plan.ids[target][key]
        return self.plan.outside[(target, key)]

    def referrer(self, key):
        """Checking has resolved every reference already."""

    def place(self, spec, key, number):
        return self.plan.ids[spec.model][key]


class Writer:
    """One write of a plan, in the order that keeps every row's references valid: rewritten
    rows out, absent rows deleted, the backup's rows in, references checked."""

    def __init__(self, plan, progress):
        self.plan = plan
        self.path = plan.path
        self.using = plan.using
        self.connection = connections[plan.using]
        self.progress = progress

    def write(self, *, dry_run):
        try:
            with history_recording_paused(), transaction.atomic(using=self.using):
                self._remove_changed()
                self._remove_absent()
                self._write_rows()
                self._check_references()
                if dry_run:
                    transaction.set_rollback(True, using=self.using)
                else:
                    self._reset_sequences()
                    content_replaced.send(sender=Writer, using=self.using)
        except DatabaseError as error:
            raise BackupError(
                gettext("the database refused the restore, so nothing was changed (%(error)s)")
                % {"error": error},
                path=self.path,
            ) from None

    def _remove_changed(self):
        """Changed rows are deleted and written again under the same primary key, so swapped
        unique values never collide. Nothing cascades: every row pointing at them stays."""
        for model_plan in self.plan.models:
            model = model_plan.model
            for start in range(0, len(model_plan.changed_pks), 500):
                batch = model_plan.changed_pks[start : start + 500]
                for m2m in self.plan.specs[model].m2m:
                    through = m2m.remote_field.through
                    through._base_manager.using(self.using).filter(
                        **{f"{m2m.m2m_field_name()}__in": batch}
                    )._raw_delete(self.using)
                # Django's own signal-free, cascade-free delete (what the collector runs last).
                model._base_manager.using(self.using).filter(pk__in=batch)._raw_delete(self.using)

    def _remove_absent(self):
        """Rows the backup lacks are deleted through Django's collector, latest dependants
        first, so relations from outside the backup (the admin log) follow their rules."""
        for model_plan in reversed(self.plan.models):
            for start in range(0, len(model_plan.deleted_pks), 500):
                batch = model_plan.deleted_pks[start : start + 500]
                model_plan.model._base_manager.using(self.using).filter(pk__in=batch).delete()

    def _write_rows(self):
        """Write the added and changed records, a batch at a time, so memory holds one batch."""
        bar = self.progress(self.plan.rows_to_write, gettext("Restoring"))
        reader = RowReader(
            self.plan.specs, PlannedKeys(self.plan), self.path, self.plan.backup.header["version"]
        )
        batch = []
        for number, line in self.plan.backup.lines():
            if number not in self.plan.to_write:
                continue
            row = reader.read(number, line)
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
        return BackupError(
            gettext("the database refused the records (%(error)s)") % {"error": error},
            path=self.path,
        )

    def _explain_row(self, row, instance, error):
        located = {"path": self.path, "line": row.line, "model": label(row.model), "key": row.key}
        for constraint in row.model._meta.constraints:
            try:
                constraint.validate(row.model, instance, using=self.using)
            except ValidationError as violation:
                names = constraint_field_names(constraint)
                return BackupError(
                    gettext("%(messages)s (database constraint %(constraint)s)")
                    % {"messages": " ".join(violation.messages), "constraint": constraint.name},
                    field=names[0] if names else None,
                    **located,
                )
        return BackupError(
            gettext("the database refused it (%(error)s)") % {"error": str(error).strip()},
            **located,
        )

    def _check_references(self):
        tables = [p.model._meta.db_table for p in self.plan.models]
        try:
            self.connection.check_constraints(table_names=tables)
        except DatabaseError as error:
            raise BackupError(
                gettext("the database found a broken reference (%(error)s)") % {"error": error},
                path=self.path,
            ) from None

    def _reset_sequences(self):
        models = [p.model for p in self.plan.models]
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with self.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
