"""What a backup holds: which models, in which order, and the format's constants.

Content is every concrete model of the ``missions`` app except simple-history's historical
models and those that are not content (``NOT_CONTENT``: the page cache's record of when content
changed, and draft changes waiting to be published), found in the app
registry so new models and fields are backed up automatically. History
and editor accounts are optional. Contenttypes, permissions, sessions and the admin log are never
backed up: Django recreates the first two on ``migrate`` and the others are not content.
"""

import json
from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from django.utils.translation import gettext, pgettext
from simple_history.models import HistoricalChanges

from missions.models import NOT_CONTENT

FORMAT = "nmi-records-backup"
# 2: each translated text is a field per language (``name_en``, ``name_fr``, ``name_ar``).
# Version 1 backups, written before, name the English text alone (``name``): restoring reads
# it as the English field (``missions.backups.restore.rows``), the translations empty.
FORMAT_VERSION = 2
# The first version whose records name each translated text's language.
TRANSLATED_TEXTS_VERSION = 2
CONTENT_APP = "missions"
USER_MODELS = ("auth.group", "auth.user")
# A record longer than this is not one this program wrote; reading stops there instead of
# loading an unbounded line into memory.
MAX_LINE_BYTES = 16 * 1024 * 1024


class BackupError(Exception):
    """A problem with a backup, told as one sentence naming the file, record and field.

    ``message`` is already in the operator's language; the place (``line 3``, ``field 'name'``)
    is put in it when the error is told, so the same error reads the same in the log it ends in.
    """

    def __init__(self, message, *, path=None, line=None, model=None, key=None, field=None):
        self.message = message
        self.path = path
        self.line = line
        self.model = model
        self.key = key
        self.field = field
        super().__init__(str(self))

    def located(self, *, path=None, line=None):
        """The same error, with the file and line filled in where they were still unknown."""
        return BackupError(
            self.message,
            path=self.path or path,
            line=self.line or line,
            model=self.model,
            key=self.key,
            field=self.field,
        )

    def __str__(self):
        place = []
        if self.path:
            place.append(str(self.path))
        if self.line:
            place.append(gettext("line %(number)s") % {"number": self.line})
        if self.model:
            record = self.model
            if self.key is not None:
                record += " " + json.dumps(list(self.key), ensure_ascii=False)
            place.append(record)
        if self.field:
            place.append(gettext("field '%(field)s'") % {"field": self.field})
        if not place:
            return str(self.message)
        separator = pgettext("between the parts of a place in a backup", ", ")
        return gettext("%(place)s: %(message)s") % {
            "place": separator.join(place),
            "message": self.message,
        }


def is_history_model(model):
    """simple-history's historical models (and their many-to-many tables) are history."""
    return issubclass(model, HistoricalChanges)


def has_natural_key(model):
    return hasattr(model, "natural_key") and hasattr(model._default_manager, "get_by_natural_key")


def label(model):
    """The model's name as serializers write it, e.g. 'missions.decision'."""
    return model._meta.label_lower


def tracked_pk_field(model):
    """On a historical model, the field holding the primary key of the record it tracks.

    simple-history copies the tracked model's ``id`` as a plain integer. Backups write it as
    the tracked record's natural key, so history follows its record into another database.
    """
    if not is_history_model(model) or not hasattr(model, "instance_type"):
        return None
    tracked = model.instance_type
    if not has_natural_key(tracked):
        return None
    name = tracked._meta.pk.name
    fields = {f.name: f for f in model._meta.concrete_fields}
    field = fields.get(name)
    if field is None or field.primary_key or field.is_relation:
        return None
    return field


@dataclass(frozen=True)
class Scope:
    """The models one backup holds, in the order its records are written."""

    with_history: bool = False
    with_users: bool = False

    def models(self):
        content = [
            m
            for m in apps.get_app_config(CONTENT_APP).get_models()
            if not is_history_model(m) and not m._meta.proxy and m not in NOT_CONTENT
        ]
        users = [apps.get_model(name) for name in USER_MODELS] if self.with_users else []
        ordered = serializers.sort_dependencies(
            [(apps.get_app_config("auth"), users), (apps.get_app_config(CONTENT_APP), content)],
            allow_cycles=True,
        )
        if self.with_history:
            history = sorted(
                (m for m in apps.get_app_config(CONTENT_APP).get_models() if is_history_model(m)),
                key=label,
            )
            ordered += history
        return ordered

    def by_label(self):
        return {label(m): m for m in self.models()}
