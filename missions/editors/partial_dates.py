"""Dates with a precision in the admin: one field, where the editor chooses how precise the source
is and types the date as it reads.

Each date a model declares with ``missions.dates.PartialDateField`` is one form field here
(``PartialDateFormField``): a precision to choose and a box that takes the date at that precision
("2004"; "July 2018", "Jul 2018", "2018-07"; "3 July 2018", "2018-07-03" or the admin's own
03/07/2018, which its calendar writes). The record stores the first day of the period; nobody
types "the 1st" for a month. With no precision chosen, the precision is what was typed.

The two inputs post under the columns' own names (``date_precision`` and ``date``), so the form
field is named after the date column, and history and the versioning see the same names as the
model. Without JavaScript everything works, and the hint under the field names every form; with
it (``editors/partial_date.js``), the hint names what the chosen precision takes, and the
admin's calendar is offered for exact days only.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.dates import (
    DatePrecision,
    PartialDate,
    how_to_type,
    parse_partial_date,
    partial_dates,
)

# How dates are given, said once per form (in the description of the form's dates), rather than
# under every date.
DATES_ADVICE = gettext_lazy(
    "Give each date only as precisely as the source does: choose “Month and year” for “July "
    "2018” and type July 2018. Never add a day or a month the source does not state."
)


def typing_hint(precision=""):
    """What to type at ``precision``; at no precision, what to type at each."""
    return _("Type %(how)s.") % {"how": how_to_type(precision)}


class PrecisionSelect(forms.Select):
    """The choice of precision; each option carries the hint for what to type at it."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-hint"] = typing_hint(value)
        return option


class PartialDateWidget(forms.MultiWidget):
    """A precision to choose, then a text box for the date; the admin's label names the box."""

    template_name = "editors/widgets/partial_date.html"

    class Media:
        js = [*AdminDateWidget.Media.js, "editors/partial_date.js"]
        css = {"all": ["editors/partial_date.css"]}

    def __init__(self, attrs=None):
        precision = PrecisionSelect(choices=[("", "---------"), *DatePrecision.choices])
        # vDateField: the admin's calendar attaches to it (shown for exact days only).
        text = forms.TextInput(attrs={"class": "vDateField partial-date-text", "size": 20})
        super().__init__({"precision": precision, "": text}, attrs)
        self.precision_label = ""

    def decompress(self, value):
        if isinstance(value, PartialDate):
            return [value.precision.value, value.text]
        return ["", ""]

    def id_for_label(self, id_):
        return f"{id_}_1" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        precision, text = context["widget"]["subwidgets"]
        # The precision may be left empty: the date typed says it.
        precision["attrs"].pop("required", None)
        precision["attrs"]["aria-label"] = self.precision_label
        if context["widget"]["attrs"].get("id"):
            # The admin's help under the field (the hint) describes both inputs.
            described_by = f"{self.id_for_label(context['widget']['attrs']['id'])}_helptext"
            precision["attrs"]["aria-describedby"] = described_by
            text["attrs"]["aria-describedby"] = described_by
        context["widget"]["precision"] = precision["value"][0] if precision["value"] else ""
        return context


class PartialDateFormField(forms.Field):
    """A ``PartialDate`` (or None), from a precision and the date as typed."""

    widget = PartialDateWidget
    default_error_messages = {
        "invalid_choice": gettext_lazy("Choose how precise the date is from the list."),
        "date_required": gettext_lazy("Type the date: %(how)s."),
        "date_or_no_precision": gettext_lazy(
            "Type the date (%(how)s), or clear its precision if the source gives no date."
        ),
    }

    def __init__(self, *, precision_label, meaning="", **kwargs):
        # The hint's text is what partial_date.js replaces as the precision changes.
        hint = format_html('<span class="partial-date-hint">{}</span>', typing_hint())
        kwargs.setdefault("help_text", format_html("{} {}", meaning, hint) if meaning else hint)
        super().__init__(**kwargs)
        self.widget.precision_label = precision_label

    def to_python(self, value):
        if value is None or isinstance(value, PartialDate):
            return value
        precision, text = (str(part or "").strip() for part in value)
        for part in (precision, text):
            ProhibitNullCharactersValidator()(part)
        if precision and precision not in DatePrecision.values:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if not text:
            if not precision:
                return None
            message = "date_required" if self.required else "date_or_no_precision"
            raise ValidationError(
                self.error_messages[message] % {"how": how_to_type(precision)}, code=message
            )
        return parse_partial_date(text, precision)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


def partial_date_form_field(declared, db_field, **kwargs):
    """The form field for the date ``declared`` (a ``PartialDateField``) with ``db_field``,
    its date column."""
    return PartialDateFormField(
        required=declared.required,
        label=capfirst(db_field.verbose_name),
        precision_label=capfirst(declared.precision_field.verbose_name),
        meaning=declared.help_text,
        **kwargs,
    )


class PartialDateAdminMixin:
    """Admins and inlines edit each declared partial date as one ``PartialDateFormField``, in
    the place of its date column; its precision column gets no form field of its own."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        for declared in partial_dates(db_field.model):
            if db_field.name == declared.precision_column:
                return None
            if db_field.name == declared.column:
                return partial_date_form_field(declared, db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PartialDateFormMixin:
    """A model form whose partial date fields start from the record's dates and set both of
    each date's columns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        for declared in self.partial_dates():
            if declared.column not in given:
                self.initial[declared.column] = declared.value_of(self.instance)

    def partial_dates(self):
        """The declared partial dates this form edits as one field each."""
        return [
            declared
            for declared in partial_dates(self._meta.model)
            if isinstance(self.fields.get(declared.column), PartialDateFormField)
        ]

    def partial_date_with_column(self, name):
        """The partial date this form edits whose date or precision column is ``name``."""
        for declared in self.partial_dates():
            if name in (declared.column, declared.precision_column):
                return declared
        return None

    def _post_clean(self):
        # Django copies each field to its model field; a partial date sets both columns, and
        # its date column then takes the first day, as any date field's column does.
        for declared in self.partial_dates():
            if declared.column in self.cleaned_data:
                setattr(self.instance, declared.name, self.cleaned_data[declared.column])
                self.cleaned_data[declared.column] = getattr(self.instance, declared.column)
        super()._post_clean()
