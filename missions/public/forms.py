"""The public site's forms: the timeline's filters and the search box. They read query strings
only; anything that is not a valid choice is refused before any query."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Count, Q

from missions.models import Body, Institution, Mission, Status


class SlugChoiceField(forms.ModelChoiceField):
    """A record chosen by slug; anything that is not a slug is refused before any query."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                validate_slug(value)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class DecisionFilterForm(forms.Form):
    """The timeline's filters; anything else in the query string is ignored."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    body = SlugChoiceField(
        queryset=Body.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="Any body",
        label="Decided by",
    )
    mission = SlugChoiceField(
        queryset=Mission.objects.published().order_by("launched_on", "name"),
        to_field_name="slug",
        required=False,
        empty_label="Any mission",
        label="Mission",
    )
    institution = SlugChoiceField(
        queryset=Institution.objects.published().order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any institution",
        label="Institution brought in",
    )

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["year"].choices = [("", "Any year"), *((year, year) for year in years)]
        self.fields["body"].queryset = Body.objects.published().annotate(
            decision_count=Count(
                "decisions_taken", filter=Q(decisions_taken__status=Status.PUBLISHED)
            )
        )
        self.fields["body"].label_from_instance = lambda body: (
            f"{body.name} ({body.decision_count})"
        )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the record", max_length=200, required=False)
