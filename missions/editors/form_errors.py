"""The error summary at the top of a refused change form: each field in error, by name, linked.

Django's banner says only "Please correct the errors below", which on a mission's page, with
its principles and key facts below, sends the editor hunting. The summary names every field in
error (an inline's with its record: "Key fact “2020 Global Terrorism Index: Iraq”: Date") and
links to it; ``editors/admin.js`` then brings the first one into view. A refusal because
someone else saved first (``missions.editors.versioning``) is not an error of the editor's: it
comes first, as a notice, offering “Keep mine” or “Use theirs” for each field both changed;
so do warnings to confirm (``missions.editors.plausibility``) and the stop that shows a source's
numbered sentences before saving them (``missions.editors.source_documents``). Django's banner
is not shown (``with_error_summary`` puts the summary in its place).
"""

from dataclasses import dataclass, field

from django.forms.forms import NON_FIELD_ERRORS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .plausibility import CONFIRMATION, WARNING
from .source_documents import PREVIEW
from .versioning import CONFLICT


@dataclass
class FieldError:
    """One field in error: what the summary calls it, the id its link leads to, the errors;
    for a field both editors changed, the name of the choice between theirs and mine."""

    label: str
    anchor: str
    messages: list
    choice: str = ""


@dataclass
class ErrorSummary:
    """What stopped a save, in the order the form's top says it: refusals for changes made
    meanwhile and the fields both editors changed, warnings to confirm (their box is named
    ``confirmation``), notices (a preview to check), other errors of a whole form, then fields
    in error."""

    conflicts: list = field(default_factory=list)
    conflicting_fields: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    confirmation: str = CONFIRMATION

    def __bool__(self):
        return bool(self.conflicts or self.warnings or self.notices or self.problems or self.fields)


def field_errors(form, record=""):
    """The fields of ``form`` in error, in the form's order, each named after ``record`` (an
    inline's record) when there is one: those both editors changed, then the others."""
    both, others = [], []
    errors = form.errors.as_data()
    for name in form.fields:
        if name not in errors:
            continue
        bound = form[name]
        label = f"{record}: {bound.label}" if record else str(bound.label)
        anchor = bound.id_for_label or bound.auto_id
        conflicting = [error for error in errors[name] if error.code == CONFLICT]
        if conflicting:
            messages = [message for error in conflicting for message in error.messages]
            both.append(FieldError(label, anchor, messages, choice=form.choice_name(name)))
        rest = [message for error in errors[name] if error.code != CONFLICT for message in error]
        if rest:
            others.append(FieldError(label, anchor, rest))
    return both, others


def inline_name(form, opts, position):
    """How the summary names an inline's record: its kind and name, or a new one by position."""
    if form.instance.pk is not None:
        return f"{capfirst(opts.verbose_name)} “{form.instance}”"
    return _("New %(kind)s (%(position)s)") % {"kind": opts.verbose_name, "position": position}


def sort_form_errors(summary, form, record=""):
    """Put ``form``'s errors in the summary: its refusals for a save made meanwhile first, then
    the main form's warnings to confirm, then its other errors, then its fields in error."""
    for error in form.errors.as_data().get(NON_FIELD_ERRORS, []):
        if error.code == CONFLICT:
            target = summary.conflicts
        elif error.code == WARNING and not record:
            target = summary.warnings
        elif error.code == PREVIEW and not record:
            target = summary.notices
        else:
            target = summary.problems
        target.extend(f"{record}: {message}" if record else message for message in error.messages)
    both, others = field_errors(form, record)
    summary.conflicting_fields.extend(both)
    summary.fields.extend(others)


def summarize_errors(form, inline_formsets):
    """The summary of a change form (or revert form) and its inlines."""
    summary = ErrorSummary()
    sort_form_errors(summary, form)
    for inline in inline_formsets:
        formset = inline.formset
        summary.problems.extend(formset.non_form_errors())
        opts = formset.model._meta
        for position, inline_form in enumerate(formset.forms, start=1):
            sort_form_errors(summary, inline_form, inline_name(inline_form, opts, position))
    return summary


def with_error_summary(context):
    """A change form's template context with the error summary in place of Django's banner."""
    if context.get("errors"):
        context["error_summary"] = summarize_errors(
            context["adminform"].form, context.get("inline_admin_formsets", [])
        )
        context["errors"] = None
    return context
