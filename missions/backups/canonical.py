"""The canonical form of a row: one JSON line from Django's ``jsonl`` serializer.

Export writes these lines; restore compares them with the backup's to tell changed rows from
unchanged ones, so both sides use exactly this code.
"""

import datetime
import json

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from .scope import has_natural_key, tracked_pk_field

CHUNK_SIZE = 2000


class BackupJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping date-times and times to the microsecond.

    ``DjangoJSONEncoder`` cuts them to milliseconds, so a restore would not give back exactly
    what was exported.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def natural_key_paths(model, prefix=""):
    """``select_related`` paths that ``model.natural_key()`` follows (its declared dependencies),
    so computing a natural key costs no query."""
    if not has_natural_key(model):
        return []
    dependencies = {d.lower() for d in getattr(model.natural_key, "dependencies", [])}
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model._meta.label_lower in dependencies:
            path = prefix + field.name
            paths += [path, *natural_key_paths(field.related_model, path + "__")]
    return paths


def row_queryset(model, using):
    """Every row of ``model`` with what its serialization needs fetched in a few queries."""
    related = []
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            related += [field.name, *natural_key_paths(field.related_model, field.name + "__")]
    prefetches = [
        Prefetch(
            field.name,
            queryset=field.related_model._base_manager.using(using)
            .select_related(*natural_key_paths(field.related_model))
            .order_by(),
        )
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    queryset = model._base_manager.using(using).order_by("pk")
    return queryset.select_related(*related).prefetch_related(*prefetches)


def sort_key(obj):
    """Rows are written in natural-key order (primary-key order for models without one)."""
    return tuple(obj.natural_key()) if has_natural_key(type(obj)) else (obj.pk,)


class CanonicalSerializer(jsonl.Serializer):
    """Django's JSON Lines serializer, made canonical for backups.

    - many-to-many values are sorted, whatever order the database returns them in;
    - a history row's copy of a foreign key whose target has since been deleted keeps the
      stored id instead of failing, as simple-history does not constrain those columns;
    - a history row's tracked-record id is written as that record's natural key, so history
      follows its record into a database where primary keys differ.

    Each row is handed to ``on_row(model, key, pk, line)`` instead of being written, so the
    caller decides where it goes.
    """

    def __init__(self, models, on_row):
        super().__init__()
        self.on_row = on_row
        self.tracked_fields = {m: f for m in models if (f := tracked_pk_field(m)) is not None}
        self.keys_by_pk = {m.instance_type: {} for m in self.tracked_fields}

    def serialize_model(self, model, using):
        self.serialize(
            row_queryset(model, using).iterator(chunk_size=CHUNK_SIZE),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            cls=BackupJSONEncoder,
        )

    def handle_field(self, obj, field):
        if self.tracked_fields.get(type(obj)) is field:
            pk = field.value_from_object(obj)
            key = self.keys_by_pk[obj.instance_type].get(pk)
            self._current[field.name] = pk if key is None else key
        else:
            super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        stored = getattr(obj, field.attname)
        try:
            related = getattr(obj, field.name)
        except ObjectDoesNotExist:
            related = None
        if stored is not None and related is None:
            self._current[field.name] = self._value_from_field(obj, field)
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name].sort()

    def end_object(self, obj):
        line = json.dumps(self.get_dump_object(obj), **self.json_kwargs)
        self._current = None
        key = sort_key(obj)
        model = type(obj)
        if model in self.keys_by_pk:
            self.keys_by_pk[model][obj.pk] = key
        self.on_row(model, key, obj.pk, line)
