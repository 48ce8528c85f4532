"""One line of a backup made into the row it stands for: checking and writing read records alike.

A ``RowReader`` parses a record, checks each value's JSON kind and converts it with its model
field, and turns natural keys into the primary keys the rows will have. Which primary key a key
gets is its caller's ``keys``: checking hands them out (and notes what is still unresolved),
writing looks them up in the plan, so both read a line the same way.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.utils.translation import gettext, pgettext_lazy

from missions.languages import ORIGINAL, language_of

from ..scope import (
    FORMAT_VERSION,
    TRANSLATED_TEXTS_VERSION,
    BackupError,
    has_natural_key,
    is_history_model,
    label,
    tracked_pk_field,
)


@dataclass(frozen=True)
class ModelSpec:
    """How one model's records are read: its fields, references and unique fields."""

    model: type
    natural: bool
    tracked: object
    # History rows are simple-history's audit records, not editors' input: their fields are
    # not meant for form validation (a change reason may be null but not blank), so they get
    # type, reference, length and required-value checks but not full_clean().
    history: bool
    fields: tuple
    m2m: tuple
    names: frozenset
    references: tuple
    required: tuple
    unique_sets: tuple
    in_scope: frozenset
    # What a backup from before translations names each translated text's English field:
    # ``{"name": "name_en"}``.
    former_names: MappingProxyType

    @classmethod
    def of(cls, model, scope_models):
        meta = model._meta
        fields = tuple(f for f in meta.concrete_fields if f.serialize)
        m2m = tuple(f for f in meta.local_many_to_many if f.remote_field.through._meta.auto_created)
        unique_sets = [(f.attname,) for f in meta.concrete_fields if f.unique and not f.primary_key]
        unique_sets += [
            tuple(meta.get_field(name).attname for name in names) for names in meta.unique_together
        ]
        unique_sets += [
            tuple(meta.get_field(name).attname for name in c.fields)
            for c in meta.constraints
            if isinstance(c, UniqueConstraint) and c.fields and c.condition is None
        ]
        return cls(
            model=model,
            natural=has_natural_key(model),
            tracked=tracked_pk_field(model),
            history=is_history_model(model),
            fields=fields,
            m2m=m2m,
            names=frozenset(f.name for f in [*fields, *m2m]),
            references=tuple(f.name for f in fields if f.is_relation),
            required=tuple(f for f in meta.concrete_fields if not f.null and not f.primary_key),
            unique_sets=tuple(unique_sets),
            in_scope=frozenset(scope_models),
            former_names=MappingProxyType(
                {
                    f.name.removesuffix(f"_{ORIGINAL}"): f.name
                    for f in fields
                    if language_of(f) == ORIGINAL
                }
            ),
        )

    def upgraded(self, fields):
        """A record's fields as a backup from before translations names them, named as now:
        the English text under its English field."""
        return {self.former_names.get(name, name): value for name, value in fields.items()}


@dataclass
class Row:
    """One record of the backup, converted: the values to write, by attribute name, and the
    unsaved instance they make."""

    line: int
    model: type
    key: tuple
    values: dict
    m2m: dict
    instance: object


class Reference:
    """Stands in for a referenced record while only its natural key is known, so that
    ``natural_key()`` of a record that depends on it (a citation's source) can be computed."""

    __slots__ = ("key", "pk")

    def __init__(self, key, pk):
        self.key = key
        self.pk = pk

    def natural_key(self):
        return self.key


# What each JSON type is called in errors, in the operator's language.
JSON_KINDS = {
    "null": pgettext_lazy("JSON type", "null"),
    "true or false": pgettext_lazy("JSON type", "true or false"),
    "a number": pgettext_lazy("JSON type", "a number"),
    "a list": pgettext_lazy("JSON type", "a list"),
    "an object": pgettext_lazy("JSON type", "an object"),
    "text": pgettext_lazy("JSON type", "text"),
}


def kind_of(value):
    """``json_kind`` as an error names it."""
    return JSON_KINDS[json_kind(value)]


def json_kind(value):
    """The JSON type of a value, or of a converted field value as export writes it (dates,
    decimals and other rich values are written as text); a key of ``JSON_KINDS``."""
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


@contextmanager
def located(path, number):
    """Errors about the record on line ``number`` name the file and line; input no check
    foresaw still gets one clear line, not a traceback."""
    try:
        yield
    except BackupError as error:
        raise error.located(path=path, line=number) from None
    except Exception as error:
        raise BackupError(
            gettext("the record cannot be read (%(error)s)")
            % {"error": f"{type(error).__name__}: {error}"},
            path=path,
            line=number,
        ) from None


class RowReader:
    """Reads records of the models in ``specs`` (model -> ModelSpec).

    ``keys`` gives primary keys: ``resolve(spec, model_field, target, key, number)`` for a
    reference to ``target``'s record ``key`` on line ``number``, ``place(spec, key, number)``
    for the record itself, and ``referrer(key)`` is told the key of the record whose references
    it has just resolved. ``version`` is the backup's format version, which says how its records
    name their fields.
    """

    def __init__(self, specs, keys, path, version=FORMAT_VERSION):
        self.specs = specs
        self.by_label = {label(m): m for m in specs}
        self.keys = keys
        self.path = path
        self.version = version

    def read(self, number, line):
        """The row of line ``number``, or a ``BackupError`` naming the line, record and field."""
        with located(self.path, number):
            return self._convert(number, line)

    def _convert(self, number, line):
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            raise BackupError(gettext("the record is not UTF-8 text")) from None
        except ValueError as error:
            raise BackupError(
                gettext("the record is not valid JSON (%(error)s)") % {"error": error}
            ) from None
        except RecursionError:
            raise BackupError(
                gettext("the record is not valid JSON (it is nested too deeply)")
            ) from None
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("model"), str)
            or not isinstance(record.get("fields"), dict)
            or not set(record) <= {"model", "pk", "fields"}
        ):
            raise BackupError(
                gettext(
                    'the record is not an object with "model" and "fields" (and, for history, "pk")'
                )
            )
        model = self.by_label.get(record["model"].lower())
        if model is None:
            raise BackupError(
                gettext("unknown model '%(model)s': this backup's scope holds %(models)s")
                % {"model": record["model"], "models": ", ".join(self.by_label)}
            )
        spec = self.specs[model]
        if self.version < TRANSLATED_TEXTS_VERSION:
            record["fields"] = spec.upgraded(record["fields"])
        name = label(model)
        values = self._record_pk(spec, record, name)
        problems = [
            (unknown, gettext("no such field on this model"))
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
        self.keys.referrer(key)
        pk = self.keys.place(spec, key, number)
        instance.pk = pk
        values[model._meta.pk.attname] = pk
        return Row(number, model, key, values, m2m, instance)

    def _record_pk(self, spec, record, name):
        if spec.natural:
            if "pk" in record:
                raise BackupError(
                    gettext(
                        "the record has a primary key, but records of this model are identified "
                        "by their natural key"
                    ),
                    model=name,
                )
            return {}
        pk = record.get("pk")
        if type(pk) is not int:
            raise BackupError(gettext('the record needs its "pk" as a whole number'), model=name)
        return {spec.model._meta.pk.attname: pk}

    def _natural_key(self, spec, instance, record):
        if not spec.natural:
            return (record["pk"],)
        try:
            return tuple(instance.natural_key())
        except Exception as error:
            raise BackupError(
                gettext("its natural key cannot be computed (%(error)s)") % {"error": error},
                model=label(spec.model),
            ) from None

    def _field_value(self, spec, model_field, value, number, stand_ins):
        if model_field is spec.tracked:
            if isinstance(value, list):
                return self._resolve(spec, model_field, spec.model.instance_type, value, number)
            if type(value) is int:
                return value
            raise BackupError(
                gettext("expected the tracked record's natural key, found %(value)s")
                % {"value": repr(value)}
            )
        if model_field.is_relation:
            return self._reference(spec, model_field, value, number, stand_ins)
        try:
            converted = model_field.to_python(value)
        except ValidationError as error:
            raise BackupError(" ".join(error.messages)) from None
        except Exception as error:
            raise BackupError(
                gettext("the value %(value)s cannot be read (%(error)s)")
                % {"value": repr(value), "error": error}
            ) from None
        if model_field.get_internal_type() != "JSONField" and json_kind(value) != json_kind(
            converted
        ):
            raise BackupError(
                gettext("expected %(expected)s, found %(found)s (%(value)s)")
                % {
                    "expected": kind_of(converted),
                    "found": kind_of(value),
                    "value": json.dumps(value, ensure_ascii=False)[:60],
                }
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
            gettext(
                'expected a natural key of %(model)s (a list such as ["slug"]) or null, '
                "found %(found)s"
            )
            % {"model": label(target), "found": kind_of(value)}
        )

    def _m2m_values(self, spec, model_field, values, number):
        target = model_field.related_model
        natural = has_natural_key(target)
        if not isinstance(values, list):
            raise BackupError(
                gettext("expected a list of %(model)s keys, found %(found)s")
                % {"model": label(target), "found": kind_of(values)}
            )
        pks = []
        for value in values:
            if natural != isinstance(value, list) or (not natural and type(value) is not int):
                if natural:
                    message = gettext("expected natural keys (lists) of %(model)s, found %(value)s")
                else:
                    message = gettext("expected ids of %(model)s, found %(value)s")
                raise BackupError(message % {"model": label(target), "value": repr(value)})
            key = value if natural else [value]
            pks.append(self._resolve(spec, model_field, target, key, number))
        if len(set(pks)) != len(pks):
            raise BackupError(gettext("lists the same %(model)s twice") % {"model": label(target)})
        return pks

    def _resolve(self, spec, model_field, target, key, number):
        if not all(isinstance(part, str | int) and type(part) is not bool for part in key):
            raise BackupError(
                gettext("a natural key is a list of text and numbers, found %(key)s")
                % {"key": repr(key)}
            )
        return self.keys.resolve(spec, model_field, target, tuple(key), number)
