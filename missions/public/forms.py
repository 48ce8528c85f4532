"""The public site's forms: the timeline's filters and the search box. They read query strings
only; anything that is not a valid choice is refused before any query."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from missions.models import Body, Decision, Institution, Mission

from .escaping import escaped
from .statements import records


def html_attributes(attributes):
    """Attributes as Django's widgets/attrs.html writes them: ``True`` bare, ``False`` left out."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attributes.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's Select, written out here rather than through its templates: one template
    include per option made the timeline's four filters a fifth of its render time. The HTML
    is Django's, byte for byte (a test compares the two), escaped as the public pages' lists
    are (``escaping.escaped``). No option groups: the filters have none."""

    def render(self, name, value, attrs=None, renderer=None):
        # The select's own context, without Django's option groups: a dict of a dozen entries
        # for each option, which cost the timeline's filters as much as writing them.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        options, has_selected = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in widget["value"]
            has_selected |= selected
            options.append(
                f'\n  <option value="{escaped(option_value)}"{" selected" if selected else ""}>'
                f"{escaped(label)}</option>\n"
            )
        return mark_safe(  # each part escaped
            f'<select name="{escaped(widget["name"])}"{html_attributes(widget["attrs"])}>'
            f"{''.join(options)}\n</select>"
        )


class RecordChoiceIterator(forms.models.ModelChoiceIterator):
    """The field's choices from its records as read once per form (``SlugChoiceField.records``):
    Django's iterator runs the field's query again each time, through a server-side cursor on
    PostgreSQL."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.field.records():
            yield self.choice(record)

    def choice(self, record):
        """The record's slug and label: Django's wraps the slug with the record, for widgets
        that write more of it than its value, and finds the slug's field again for each."""
        return (record.slug, self.field.label_from_instance(record))

    def __len__(self):
        return len(self.field.records()) + (self.field.empty_label is not None)


class SlugChoiceField(forms.ModelChoiceField):
    """A record chosen by slug; anything that is not a slug is refused before any query. Its
    records are read once per form, for checking the choice and for listing the choices both
    (``records``), and the page may show them too (the timeline's missions): by a statement
    built once under ``statement`` (``statements.records``), the same for every form."""

    iterator = RecordChoiceIterator

    def __init__(self, queryset, *, statement, **kwargs):
        self._records = None
        self.statement = statement
        super().__init__(queryset, to_field_name="slug", **kwargs)

    def _set_queryset(self, queryset):
        self._records = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        """The field of one form. Django's copies the queryset, so that each form reads its own
        choices; this field's are read by a statement built once (``records``), so each form's
        field shares the queryset and starts with no records read."""
        field = super(forms.ChoiceField, self).__deepcopy__(memo)
        field._records = None
        field.widget.choices = field.choices  # read from this form's field
        return field

    def records(self):
        """The records to choose from, read on first use."""
        if self._records is None:
            self._records = records(self.statement, lambda: self.queryset)
        return self._records

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            validate_slug(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
        for record in self.records():
            if record.slug == value:
                return record
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class YearChoices(BaseChoiceIterator):
    """The years to choose from, as they are: Django checks each choice of a list, for the
    field and again for its widget (the timeline's 22 years: a third of the form's making)."""

    def __init__(self, years):
        self.years = years

    def __iter__(self):
        yield ("", _("Any year"))
        for year in self.years:
            yield (year, year)

    def __len__(self):
        return len(self.years) + 1


class DecisionFilterForm(forms.Form):
    """The timeline's filters; anything else in the query string is ignored."""

    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, widget=Select
    )
    # Each body's published decisions counted by a subquery, which reads the index of published
    # decisions by body alone (COUNT(*), an index-only scan): joining every decision to its body
    # read the whole table (10,000 decisions: 4.8-8.2 ms), counting their keys read each
    # decision's row (3.7 ms), this way 0.85 ms.
    body = SlugChoiceField(
        queryset=Body.objects.published().annotate(
            decision_count=Coalesce(
                Subquery(
                    Decision.objects.published()
                    .filter(decided_by=OuterRef("pk"))
                    .order_by()
                    .values("decided_by")
                    .annotate(count=Count("*"))
                    .values("count")
                ),
                0,
            )
        ),
        statement="timeline: bodies",
        required=False,
        empty_label=_("Any body"),
        label=_("Decided by"),
        widget=Select,
    )
    mission = SlugChoiceField(
        queryset=Mission.objects.published().order_by("launched_on", "name_en"),
        statement="timeline: missions",
        required=False,
        empty_label=_("Any mission"),
        label=_("Mission"),
        widget=Select,
    )
    institution = SlugChoiceField(
        queryset=Institution.objects.published().order_by("name_en"),
        statement="timeline: institutions",
        required=False,
        empty_label=_("Any institution"),
        label=_("Institution brought in"),
        widget=Select,
    )

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["year"].choices = YearChoices(years)
        self.fields["body"].label_from_instance = lambda body: (
            f"{body.name} ({body.decision_count})"
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the record"), max_length=200, required=False)
