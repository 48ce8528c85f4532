"""Scheduled publishing: what ``manage.py publish_scheduled`` applies when it is due.

A ``Schedule`` publishes a draft record, publishes a published record's draft change
(``Revision``), or unpublishes a published record. Each due schedule is applied in a transaction
of its own that removes it, so running the command again, or twice at once, applies nothing
twice. The change is saved like an editor's (history, in the scheduling editor's name; the page
cache hears the save), after the checks an editor's save passes: a change that no longer passes
them (another record took its name meanwhile) is left scheduled and reported, naming the record
and why.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from .models import Revision, Schedule, Status, reason_with_note


@dataclass(frozen=True)
class Outcome:
    """What one due schedule did (``done``, as a sentence starts), or why it could not
    (``error``)."""

    schedule: Schedule
    record: object
    done: str = ""
    error: str = ""

    def __str__(self):
        if self.record is not None:
            record = gettext("%(kind)s “%(record)s”") % {
                "kind": self.record._meta.verbose_name,
                "record": self.record,
            }
        else:
            record = f"{self.schedule.content_type.name} {self.schedule.object_id}"
        told = {
            "record": record,
            "by": self.schedule.scheduled_by or gettext("someone"),
            "when": scheduled_time(self.schedule),
        }
        if self.error:
            told["error"] = self.error
            return (
                gettext("Not done: %(record)s (scheduled by %(by)s for %(when)s): %(error)s") % told
            )
        told["done"] = self.done
        return gettext("%(done)s: %(record)s (scheduled by %(by)s for %(when)s).") % told


REASONS = {
    Schedule.Action.PUBLISH: "Published as scheduled for %s",
    Schedule.Action.UNPUBLISH: "Unpublished as scheduled for %s",
}


def scheduled_time(schedule):
    return formats.date_format(timezone.localtime(schedule.at), "j M Y, H:i")


def apply_due(now=None):
    """Apply every schedule due at ``now`` (default: now), oldest first; one ``Outcome`` each."""
    now = now or timezone.now()
    return [
        outcome
        for pk in Schedule.objects.due(now).values_list("pk", flat=True)
        if (outcome := apply_one(pk)) is not None
    ]


def apply_one(pk):
    with transaction.atomic():
        schedule = (
            Schedule.objects.select_for_update(of=("self",))
            .select_related("content_type", "scheduled_by")
            .filter(pk=pk)
            .first()
        )
        if schedule is None:  # applied by another run meanwhile
            return None
        model = schedule.content_type.model_class()
        record = model._default_manager.filter(pk=schedule.object_id).first()
        if record is None:
            schedule.delete()
            return Outcome(schedule, None, done=gettext("Nothing to do, the record was deleted"))
        try:
            with transaction.atomic():
                done = apply(schedule, record)
        except ValidationError as error:
            record.refresh_from_db()
            return Outcome(schedule, record, error=" ".join(error.messages))
        schedule.delete()
        return Outcome(schedule, record, done=done)


def apply(schedule, record):
    """Make ``record`` what ``schedule`` asks for; say what was done."""
    record._history_user = schedule.scheduled_by
    # In English, as every reason the program writes into history (``unlinked_reason``).
    with translation.override(None):
        reason = REASONS[schedule.action] % scheduled_time(schedule)
    if schedule.action == Schedule.Action.UNPUBLISH:
        if record.status != Status.PUBLISHED:
            return gettext("Nothing to do, already unpublished")
        record.status = Status.DRAFT
        save(record, reason)
        return gettext("Unpublished")
    draft = Revision.objects.pending_for(record)
    if draft is not None:
        draft.apply(record)
        save(record, reason_with_note(reason, draft.note))
        for name, keys in draft.relations.items():
            getattr(record, name).set(keys)
        draft.delete()
        return gettext("Published the draft change")
    if record.status == Status.PUBLISHED:
        return gettext("Nothing to do, already published")
    record.status = Status.PUBLISHED
    save(record, reason)
    return gettext("Published")


def save(record, reason):
    record.full_clean()
    record._change_reason = reason
    record.save()
