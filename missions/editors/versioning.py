"""The admin's form for every record: no lost updates, and reverts that restore relations.

Two editors may open the same record; without a check the second save silently undoes the first.
``RecordForm`` carries the version the editor started from: the id of the record's latest history
entry. django-simple-history writes an entry for every save, relation change and deletion, from
the admin, the shell or a command, so any change made meanwhile moves the version on.

A save from an older version is refused. The refused form keeps everything the editor typed,
fills in the other change where the editor left a field alone, marks each field both of them
changed (showing the other value), names who changed what, and carries the new version, so that
saving again keeps both edits. Nothing of either edit is lost.

A published record may have a draft change waiting (``missions.models.Revision``): its form opens
on the draft, and the version names the draft too (``<history id>.<draft token>``), so saving
over a draft someone saved, published or discarded meanwhile is refused as well.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import is_historic, to_historic

from missions.models import REASON_LENGTH, Revision

from .partial_dates import PartialDateFormMixin
from .wording import lazy_format

# The code of the refusal of a save made from an older version, which the admin shows as a
# notice of its own rather than as an error (``missions.editors.form_errors``).
CONFLICT = "changed-meanwhile"

# A field both editors changed offers a choice, sent under the field's name with this suffix:
# keep the editor's value (the default) or use the other's.
CHOICE_SUFFIX = "-choice"
USE_THEIRS = "theirs"

# The form field holding the editor's one-line note on why they save.
NOTE = "change_note"
# How a version's date is shown everywhere an editor meets it: history, revert reasons, refusals.
VERSION_DATE_FORMAT = "j M Y, H:i:s"


class VersionField(forms.CharField):
    """The version a form started from. It is how the form knows whether the record changed
    meanwhile, never an edit: a form whose other fields are as they were has not changed."""

    def has_changed(self, initial, data):
        return False


class NoteField(forms.CharField):
    """The editor's note on why they save: it goes with a change, and is none by itself."""

    def has_changed(self, initial, data):
        return False


class RecordForm(PartialDateFormMixin, forms.ModelForm):
    version = VersionField(
        label=gettext_lazy("Version"),
        required=False,
        widget=forms.HiddenInput,
        help_text=gettext_lazy("The version of the record this form started from."),
    )
    change_note = NoteField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        max_length=REASON_LENGTH,
        help_text=lazy_format(
            gettext_lazy(
                "One line saying why you make this change, shown in the history next to it. "
                "At most %(length)s characters."
            ),
            {"length": REASON_LENGTH},
        ),
    )

    # The record's draft change, on the main form of a record that has one (set by the admin,
    # ``missions.editors.workflow.DraftMixin``), and whether the form checks the draft's version.
    draft = None
    checks_draft = False

    def __init__(self, *args, in_draft_of=None, **kwargs):
        """``in_draft_of``: the record whose draft is being saved, when this form is one of the
        rows on its page (a mission's decisions), which a draft does not keep."""
        if self.draft is not None:
            self.draft.apply(kwargs["instance"])
        super().__init__(*args, **kwargs)
        self.in_draft_of = in_draft_of
        if self.draft is not None:
            for name, keys in self.draft.relations.items():
                if name in self.fields:
                    self.initial[name] = keys
        if self.instance.pk is not None:
            self.fields["version"].initial = version_token(
                latest_version(self.instance), self.draft
            )
        if is_historic(self.instance):
            self._start_from_recorded_relations(to_historic(self.instance))
        if self.is_bound:
            self._use_theirs_where_chosen()

    def choice_name(self, name):
        """The name of the choice between “Keep mine” and “Use theirs” for a field both
        editors changed, which the refused form offers (``missions.editors.form_errors``)."""
        return self.add_prefix(f"{name}{CHOICE_SUFFIX}")

    def _use_theirs_where_chosen(self):
        """Where the editor chose “Use theirs”, the record's value (theirs, since the version
        check let this save through) replaces what the box sent."""
        for name, field in self.fields.items():
            if self.data.get(self.choice_name(name)) == USE_THEIRS:
                self._set_data(name, self.get_initial_for_field(field, name))

    def _start_from_recorded_relations(self, entry):
        """A form for an old version (the admin's revert page) shows that version's relations.

        simple-history rebuilds an old version's fields but not its relations, which would show
        today's citations on the revert page and keep them on revert.
        """
        for field in entry._history_m2m_fields:
            if field.name in self.fields:
                self.initial[field.name] = list(
                    getattr(entry, field.name).values_list(
                        field.m2m_reverse_field_name(), flat=True
                    )
                )

    # A preview saves nothing, so it shows the form whatever was saved meanwhile.
    checks_version = True

    def clean(self):
        cleaned_data = super().clean()
        if self.checks_version and self.instance.pk is not None and not self.instance._state.adding:
            self._refuse_changes_made_meanwhile()
        if self.in_draft_of is not None and self.has_changed():
            raise ValidationError(
                _(
                    "Not saved: this %(kind)s is a record of its own, which a draft of the "
                    "%(parent)s does not keep. Undo the change here and save the draft, or press "
                    "“Publish changes”."
                )
                % {
                    "kind": self.instance._meta.verbose_name,
                    "parent": self.in_draft_of._meta.verbose_name,
                }
            )
        return cleaned_data

    def _refuse_changes_made_meanwhile(self):
        model = type(self.instance)
        # Hold the record until this save ends, so two saves cannot both pass the check.
        list(model._default_manager.select_for_update().filter(pk=self.instance.pk).values("pk"))
        history = self.instance.history
        latest = history.first()
        version = self.data.get(self.add_prefix("version"), "")
        started_from, draft_started_from = version.partition(".")[::2]
        if self.checks_draft:
            self._refuse_draft_changed_meanwhile(latest, draft_started_from)
        if latest is None or started_from == str(latest.history_id):
            return
        base = history.filter(history_id=started_from).first() if started_from.isdecimal() else None
        changes = latest.diff_against(base).changes if base else None
        if changes == []:
            return
        later = history.filter(history_date__gt=base.history_date) if base else history.all()
        who = get_text_list(sorted({editor_name(entry) for entry in later}), _("and"))
        when = version_date(latest)
        self._set_data("version", version_token(latest.history_id, self.draft))
        what = model._meta.verbose_name
        if changes is None:
            raise ValidationError(
                _(
                    "Not saved yet: %(who)s changed this %(kind)s (%(when)s) since you opened it. "
                    "The form still holds your input; compare it with the record's history, then "
                    "save again."
                )
                % {"who": who, "kind": what, "when": when},
                code=CONFLICT,
            )
        raise ValidationError(
            self._merge(self._edits(changes, base, latest), who, when, what), code=CONFLICT
        )

    def _refuse_draft_changed_meanwhile(self, latest, started_from):
        """Refuse a save made from another state of the record's draft change than the one
        waiting now: someone saved, published or discarded a draft since the form was opened."""
        draft = Revision.objects.pending_for(self.instance)
        if started_from == (draft.token if draft else ""):
            return
        self.draft = draft
        self._set_data("version", version_token(latest and latest.history_id, draft))
        what = self.instance._meta.verbose_name
        if draft is None:
            message = _(
                "Not saved yet: the draft change you opened was published or discarded since (see "
                "the history). The form still holds your input; open the %(kind)s in another tab "
                "to compare, then save again to replace that draft with yours."
            )
        else:
            message = _(
                "Not saved yet: %(who)s saved a draft change of this %(kind)s (%(when)s) since "
                "you opened it. The form still holds your input; open the %(kind)s in another tab "
                "to compare, then save again to replace that draft with yours."
            )
        when = draft and formats.date_format(
            timezone.localtime(draft.saved_at), VERSION_DATE_FORMAT
        )
        who = draft and (draft.author or _("someone"))
        raise ValidationError(message % {"who": who, "kind": what, "when": when})

    def _edits(self, changes, base, latest):
        """The changes between two history entries, by the form field they concern, each with
        its old and new value as that field takes it. A partial date's two columns are one
        field: its change is one edit, from the date ``base`` holds to the date ``latest``
        holds."""
        edits = {}
        for change in changes:
            declared = self.partial_date_with_column(change.field)
            if declared is not None:
                old, new = declared.value_of(base), declared.value_of(latest)
                edits[declared.column] = (old, new)
            else:
                old = form_value(self.instance, change.field, change.old)
                new = form_value(self.instance, change.field, change.new)
                edits[change.field] = (old, new)
        return edits

    def _merge(self, edits, who, when, what):
        """Take in the other edits the editor did not touch, flag the ones both made, and
        explain both."""
        labels, merged, both = [], [], []
        position = {name: index for index, name in enumerate(self.fields)}
        for name in sorted(edits, key=lambda name: position.get(name, len(position))):
            field = self.fields.get(name)
            label = str(self.instance._meta.get_field(name).verbose_name)
            labels.append(label)
            if field is None:
                continue
            old, new = edits[name]
            yours = self[name].data
            if not field.has_changed(old, yours):
                self._set_data(name, new)
                merged.append(label)
            elif field.has_changed(new, yours):
                both.append(label)
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "%(who)s changed this to “%(value)s” while you were editing. The form "
                            "keeps yours unless you choose “Use theirs”."
                        )
                        % {"who": who, "value": shown(field, new)},
                        code=CONFLICT,
                    ),
                )
        message = [
            _(
                "Not saved yet: %(who)s changed this %(kind)s while you were editing (%(when)s): "
                "%(fields)s."
            )
            % {"who": who, "kind": what, "when": when, "fields": get_text_list(labels, _("and"))}
        ]
        if merged:
            message.append(
                _("Their change to %(fields)s is now in the form.")
                % {"fields": get_text_list(merged, _("and"))}
            )
        if both:
            message.append(
                _("You both changed %(fields)s: choose “Keep mine” or “Use theirs” for each.")
                % {"fields": get_text_list(both, _("and"))}
            )
        message.append(_("Check the form, then save again to keep both edits."))
        return " ".join(message)

    def _set_data(self, name, value):
        """Put ``value`` in the submitted data, as the field's widget would have sent it (a
        widget of several inputs, such as a partial date's, sends each of its parts)."""
        data = self.data.copy()
        field = self.fields[name]
        widget = getattr(field.widget, "widget", field.widget)
        value = field.prepare_value(value)
        if isinstance(widget, forms.MultiWidget):
            parts = zip(widget.widgets_names, widget.widgets, widget.decompress(value), strict=True)
        else:
            parts = [("", widget, value)]
        for suffix, part_widget, part in parts:
            key = self.add_prefix(name) + suffix
            sent = part_widget.format_value(part)
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                data.setlist(key, sent)
            elif isinstance(sent, list):
                data[key] = sent[0] if sent else ""
            else:
                data[key] = "" if sent is None else sent
        self.data = data


def version_token(history_id, draft):
    """The version a form starts from: the latest history entry's id, and the token of the
    draft change the form opened on, if any. A text, as the form sends it back, so that a row
    of a page nobody changed is not taken for a changed one."""
    if history_id is None:
        return None
    return f"{history_id}.{draft.token}" if draft is not None else str(history_id)


def latest_version(instance):
    """The id of the record's latest history entry: its version."""
    return instance.history.values_list("history_id", flat=True).first()


def version_date(entry):
    return formats.date_format(timezone.localtime(entry.history_date), VERSION_DATE_FORMAT)


def editor_name(entry):
    if entry.history_user is None:
        return _("a command or the shell")
    return entry.history_user.get_username()


def form_value(instance, name, value):
    """A value from a history diff as a form field takes it: relations as lists of keys."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        return [row[target] for row in value]
    return value


def shown(field, value):
    """A value as an editor reads it: names rather than keys, labels rather than codes."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        records = field.queryset.filter(pk__in=value)
        return ", ".join(str(record) for record in records) or _("none")
    if isinstance(field, forms.ModelChoiceField):
        return str(field.queryset.filter(pk=value).first() or _("none"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value)) or _("none")
    if value in (None, ""):
        return _("empty")
    if isinstance(field, forms.DateField):
        return formats.date_format(value)
    return str(value)
