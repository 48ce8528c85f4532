"""Django's loaddata, plus one history entry per loaded record.

loaddata saves raw, so django-simple-history records nothing for the save itself; yet each
relation it sets afterwards would write a "changed" entry holding only part of the record. This
command silences those partial entries while loading, then writes one complete entry per record:

- "Imported from the source document" for a record with no history yet (the first seed);
- "Reloaded from fixture, replacing edits" when loading changed a record since its last entry
  (an editor's change overwritten by the fixture, which history can then undo);
- nothing when the record is as its last entry says, so loading the same fixture twice
  changes nothing, history included.

``--history-reason`` replaces both reasons, for loads of other data (a restored backup, say).
The reasons are written in English, as every reason the program writes into history.

loaddata saves without validating; a text longer than its field's maximum, and a citation whose text
is not that sentence of its source, are refused here, naming the fixture, the record and the field,
and nothing is loaded.
"""

import json

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.utils.translation import gettext

from missions.models import History, misquoted, over_long_value

IMPORTED = "Imported from the source document"
RELOADED = "Reloaded from fixture, replacing edits"
# The length of simple-history's history_change_reason column.
REASON_LENGTH = 100


class Command(loaddata.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--history-reason",
            help=gettext(
                "The reason recorded in the loaded records' history (default: %(imported)s, or "
                "%(reloaded)s for a record changed since its last entry)."
            )
            % {"imported": repr(IMPORTED), "reloaded": repr(RELOADED)},
        )

    def handle(self, *fixture_labels, history_reason=None, **options):
        if history_reason is not None and not 0 < len(history_reason) <= REASON_LENGTH:
            raise CommandError(
                gettext("--history-reason must be 1 to %(limit)s characters: shorten it.")
                % {"limit": REASON_LENGTH}
            )
        self.history_reason = history_reason
        super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.loaded_with_history = {}
        super().loaddata(fixture_labels)
        for instance in self.loaded_with_history.values():
            del instance.skip_history_when_saving
            latest = instance.history.first()
            if latest is None:
                History.record(instance, "+", self.history_reason or IMPORTED)
            elif not matches(latest, instance):
                History.record(instance, "~", self.history_reason or RELOADED)

    def load_label(self, fixture_label):
        try:
            super().load_label(fixture_label)
        except RefusedValue as error:
            # Django's load_label has put the fixture's path in front of the message.
            raise CommandError(str(error)) from None

    def save_obj(self, obj):
        instance = obj.object
        problem = over_long_value(instance) or misquoted(instance)
        if problem is not None:
            raise RefusedValue(instance, *problem)
        tracked = History.tracks(type(instance))
        if tracked:
            instance.skip_history_when_saving = True
        saved = super().save_obj(obj)
        if saved and tracked:
            self.loaded_with_history[(type(instance), instance.pk)] = instance
        return saved


class RefusedValue(Exception):
    """A fixture's value the record cannot take (a text longer than its field allows, a
    misquoted sentence), told as one line naming record and field."""

    def __init__(self, instance, field, message):
        try:
            key = list(instance.natural_key())
        except (AttributeError, ObjectDoesNotExist):
            key = [instance.pk]
        record = f"{instance._meta.label_lower} {json.dumps(key, ensure_ascii=False)}"
        super().__init__(
            gettext("%(record)s, field '%(field)s': %(message)s")
            % {"record": record, "field": field, "message": message}
        )


def matches(entry, instance):
    """Whether a history entry holds the record's current values and relations.

    Timestamps and other fields editors cannot change are left out, as in the history diffs.
    """
    if any(
        getattr(entry, field.attname) != getattr(instance, field.attname)
        for field in entry.tracked_fields
        if field.editable
    ):
        return False
    for field in entry._history_m2m_fields:
        target = field.m2m_reverse_field_name()
        recorded = set(getattr(entry, field.name).values_list(target, flat=True))
        if recorded != set(getattr(instance, field.name).values_list("pk", flat=True)):
            return False
    return True
