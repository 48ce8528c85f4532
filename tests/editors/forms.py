"""What a browser would post back from an admin form page, for tests that edit like an editor."""

from django import forms


def form_data(response, **changes):
    """The fields of the page's main form and inline formsets, as rendered, with ``changes``."""
    context = response.context
    every_form = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        every_form += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in every_form:
        for bound_field in form:
            data.update(sent_values(bound_field))
    data.update(changes)
    return data


def sent_values(bound_field):
    """The names and values a field's inputs send: one, or one per input of a widget of several
    (a partial date sends ``date_precision`` and ``date``)."""
    field = bound_field.field
    widget = getattr(field.widget, "widget", field.widget)
    value = bound_field.value()
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        inputs = zip(widget.widgets_names, widget.widgets, parts, strict=True)
    else:
        inputs = [("", widget, value)]
    sent = {}
    for suffix, input_widget, part in inputs:
        value = sent_value(field, input_widget, part)
        if value is not None:
            sent[bound_field.html_name + suffix] = value
    return sent


def sent_value(field, widget, value):
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    shown = widget.format_value(value)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list(shown)
    if isinstance(shown, list):
        return shown[0] if shown else ""
    return "" if shown is None else shown


def change_url(record):
    return f"/admin/missions/{record._meta.model_name}/{record.pk}/change/"


def row_prefix(page, record):
    """The prefix of ``record``'s row in the inline formsets of an admin page."""
    return next(
        form.prefix
        for inline in page.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.instance == record
    )
