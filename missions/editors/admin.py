"""The editors' admin: every record searchable, filterable, publishable, and with its history.

- Every change form carries the version it started from
  (``missions.editors.versioning.RecordForm``), so a save that would overwrite someone else's
  change is refused, with both edits kept.
- The history page (django-simple-history) lists every version with who, when, why and the
  field-level old -> new values, relations included; any version can be reverted to, and
  deleted records restored from the "Deleted ..." page of their list.
- Content records are drafts or published: the lists show and filter the status, bulk actions
  publish and unpublish (recording history), and every record links to its public page.
- The "Content health" page lists problems an editor should fix (``missions.editors.health``).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import IGNORED_PARAMS, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core import serializers
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext_lazy, ngettext, override
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic, to_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from missions.languages import (
    ORIGINAL,
    TRANSLATIONS,
    column,
    columns,
    language_of,
    translated_texts,
)
from missions.models import (
    Body,
    Citation,
    Decision,
    FocusArea,
    History,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Principle,
    Source,
    Status,
    reason_naming,
    reason_with_note,
)

from .deletion import deletion_effects
from .form_errors import with_error_summary
from .partial_dates import DATES_ADVICE, PartialDateAdminMixin
from .plausibility import DecisionPlausibilityMixin
from .review import review_on
from .source_documents import SourceForm, replace_citations
from .versioning import NOTE, RecordForm, version_date
from .workflow import SCHEDULE_FIELDS, DraftMixin, PreviewMixin, ScheduledRecordForm


def is_key(field, value):
    """Whether ``value`` could be a value of ``field`` (a record's key): a number, and one the
    column can hold. Only such values are looked up; SQLite fails on a larger one."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class KeysOnlyAutocompleteMixin:
    """Django's autocomplete widget looks the chosen keys up to show their names, and fails on a
    submitted value that is not a key ("abc"); it shows such a value as nothing chosen instead,
    next to the field's own error.

    It also says, in the editor's language, what to type in its box (``data-typing-hint``,
    which ``editors/autocomplete.js`` gives to screen readers with the field's name)."""

    def optgroups(self, name, value, attr=None):
        keys = [chosen for chosen in value if is_key(self.field.target_field, chosen)]
        return super().optgroups(name, keys, attr)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if self.field.related_model is Citation:
            attrs["data-typing-hint"] = _("type words of the sentence")
        else:
            attrs["data-typing-hint"] = _("type to search")
        return attrs


class KeysOnlyAutocompleteSelect(KeysOnlyAutocompleteMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyAutocompleteMixin, AutocompleteSelectMultiple):
    def build_attrs(self, base_attrs, extra_attrs=None):
        """No "clear all" button: select2 puts it inside the list of chosen records, where a
        list may hold only items; each chosen one has its own remove button."""
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


class KeysOnlyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field for a many-to-many relation, refusing a number too large to be a key as it
    refuses one that is not a number, rather than looking it up (which fails on SQLite)."""

    def clean(self, value):
        key = self.queryset.model._meta.pk
        for chosen in value or ():
            self.validate_no_null_characters(chosen)
            if not is_key(key, chosen):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": chosen},
                )
        return super().clean(value)


class RelationFieldsMixin:
    """The relations of an admin's or an inline's form (all chosen by autocomplete) take only
    values the database can look up: a submitted value that is not a key is the field's error,
    never a failed query."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Citation:
            kwargs.setdefault("queryset", Citation.objects.select_related("source"))
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KeysOnlyAutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        kwargs.setdefault("form_class", KeysOnlyMultipleChoiceField)
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is Citation:
            formfield.label_from_instance = Citation.label
        return formfield


class RecordChangeList(ChangeList):
    """Django's list, refusing a date drill-down beyond the calendar (``?date__year=99999``,
    or 9999, whose next year does not exist) as it refuses any filter it cannot apply, where
    Django lets the overflow through as a server error."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(
                _("the dates it asks for are outside the calendar (%(error)s)") % {"error": error}
            ) from error


def relink(record, deleted_at, user):
    """Link the records that linked to ``record`` when it was deleted to it again, as restoring
    promises, each change in that record's history and in ``user``'s name. A record that has
    since pointed a foreign key elsewhere keeps it."""
    # The history keeps what the admin writes in English, whatever the editor's language.
    with override("en"):
        kind = str(record._meta.verbose_name)
    reason = reason_naming(f"Linked again to the restored {kind}", record)
    for model, field in History.links_to(type(record)):
        for linking in History.linked_at(model, field, record.pk, deleted_at):
            linking._history_user = user
            linking._change_reason = reason
            if field.many_to_many:
                getattr(linking, field.name).add(record)
            elif getattr(linking, field.attname) is None:
                setattr(linking, field.name, record)
                linking.save()


def admin_change_url(record):
    return reverse(admin_urlname(record._meta, "change"), args=[record.pk])


def lookup_error(error):
    """Why a list could not apply its filters, in the words of the error behind it."""
    cause = error.args[0] if error.args else None
    if isinstance(cause, ValidationError):
        return " ".join(cause.messages).rstrip(".")
    return str(cause or _("there is no such page of it")).rstrip(".")


class VersionedFormMixin:
    """Every change form (and every inline row) sends back the version it started from; the
    note saying why belongs to the page's main form (see ``HistoryAdmin``), not to its rows."""

    form = RecordForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = without_field(super().get_fieldsets(request, obj), NOTE)
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]


class TextLanguageMixin:
    """Each box of a translated text says its language (``lang``) and direction (``dir``), so
    that browsers spell-check and screen readers read it in that language, and Arabic runs
    right to left whatever the admin's own language; a translation's label names its language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = language_of(db_field)
        if formfield is not None and language:
            direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
            formfield.widget.attrs.update(lang=language, dir=direction)
            if language != ORIGINAL:
                # "Summary [fr]", as django-translated-fields labels a translation, so that
                # each box's label is its own wherever the form is read out or searched.
                formfield.label = f"{capfirst(db_field.verbose_name)} [{language}]"
        return formfield


# What each language's section of a change form says.
TRANSLATION_ADVICE = {
    "fr": gettext_lazy(
        "The French translation of the texts above. Leave a field empty until it is "
        "translated: the public pages show the English original there, marked as such."
    ),
    "ar": gettext_lazy(
        "The Arabic translation of the texts above. Leave a field empty until it is "
        "translated: the public pages show the English original there, marked as such."
    ),
}


class TranslationFieldsetsMixin(TextLanguageMixin):
    """The English texts stay where each admin puts them; their French and their Arabic
    translations follow them, each language in a collapsed section titled with its name in
    itself (as the site's language switcher names it), for the editor who reads it."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        shown = flatten_fieldsets(fieldsets)
        texts = [
            (name, languages)
            for name, languages in translated_texts(self.model).items()
            if column(name, ORIGINAL if ORIGINAL in languages else languages[0]) in shown
        ]
        if not texts:
            return fieldsets
        for name, languages in texts:
            for language in languages:
                if language != ORIGINAL:
                    fieldsets = without_field(fieldsets, column(name, language))
        fieldsets = [fieldset for fieldset in fieldsets if fieldset[1]["fields"]]
        sections = [
            (
                dict(settings.LANGUAGES)[language],
                {
                    "description": TRANSLATION_ADVICE[language],
                    "fields": [
                        column(name, language) for name, languages in texts if language in languages
                    ],
                    "classes": ["collapse", "translation"],
                },
            )
            for language in TRANSLATIONS
        ]
        english = {column(name, ORIGINAL) for name, _languages in texts}
        last = max(
            (
                index
                for index, (_title, options) in enumerate(fieldsets)
                if english & set(flatten_fieldsets([(None, options)]))
            ),
            default=len(fieldsets) - 1,
        )
        return [*fieldsets[: last + 1], *sections, *fieldsets[last + 1 :]]


def without_field(fieldsets, name):
    """``fieldsets`` without the field ``name``, wherever Django's defaults put it."""
    return [
        (title, {**options, "fields": [field for field in options["fields"] if field != name]})
        for title, options in fieldsets
    ]


class HistoryAdmin(
    PartialDateAdminMixin,
    RelationFieldsMixin,
    TranslationFieldsetsMixin,
    VersionedFormMixin,
    SimpleHistoryAdmin,
):
    """Shared set-up for every model with history: versioned forms, full diffs, restoring.

    Addresses it cannot read are refused with a 400 page that says why (``BadRequest``, see
    ``missions.editors.site``) or are not found, never a server error.
    """

    object_history_list_template = "admin/missions/object_history_list.html"
    object_history_form_template = "admin/missions/object_history_form.html"
    actions = ["export_selected_as_fixture"]

    class Media:
        js = ["editors/admin.js"]

    def has_backup_permission(self, request):
        """Exports hold everything an export can hold: superusers only, as for whole backups."""
        return request.user.is_superuser

    @admin.action(description=gettext_lazy("Export selected as fixture"), permissions=["backup"])
    def export_selected_as_fixture(self, request, queryset):
        """The selected records as a Django fixture with natural keys, ready for ``loaddata``."""
        fixture = serializers.serialize(
            "json",
            queryset,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        response = HttpResponse(fixture, content_type="application/json")
        name = queryset.model._meta.model_name
        response["Content-Disposition"] = f'attachment; filename="{name}-fixture.json"'
        return response

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def get_changelist(self, request, **kwargs):
        return RecordChangeList

    def get_changelist_instance(self, request):
        """A list address with filters the list cannot apply is refused, naming them, where
        Django would send the editor to the whole list without saying why."""
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            asked = ", ".join(
                f"{name}={value}"[:60]
                for name, value in request.GET.items()
                if name not in IGNORED_PARAMS
            )
            raise BadRequest(
                _(
                    "This list cannot be filtered as its address asks (%(asked)s): %(why)s. "
                    "Choose filters in the Filter panel rather than editing the address."
                )
                % {"asked": asked, "why": lookup_error(error)}
            ) from error

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        if not all(is_key(key, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            raise BadRequest(
                _(
                    "Nothing was changed: the selected records sent with the action include one "
                    "that is not a %(kind)s. Tick the records in the list and choose the action "
                    "again."
                )
                % {"kind": self.model._meta.verbose_name}
            )
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        self.refuse_unknown_keys(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.refuse_unknown_keys(object_id, version_id)
        # The revert page saves like a change form: in one transaction, which the version check
        # needs to hold the record while it saves.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def refuse_unknown_keys(self, object_id, version_id=None):
        """simple-history looks the address's keys up as they come and fails on one that is not
        a number (``history/abc/``); such an address names no record or version."""
        version_key = self.model.history.model._meta.pk
        if not is_key(self.model._meta.pk, unquote(object_id)) or (
            version_id is not None and not is_key(version_key, version_id)
        ):
            raise Http404(f"No {self.model._meta.verbose_name} or version has this address.")

    def get_fieldsets(self, request, obj=None):
        """The form's fields, and last, next to the save buttons, the note saying why."""
        return [*super().get_fieldsets(request, obj), (None, {"fields": [NOTE]})]

    def save_model(self, request, obj, form, change):
        """Save the record, unless the form changes nothing: then its history records nothing
        either, as for each inline row the editor left as it was. A form opened on a draft
        change (``missions.editors.workflow``) changes the record even when left as it was."""
        note = form.cleaned_data.get(NOTE, "")
        deletion = None
        unchanged = not form.has_changed() and getattr(form, "draft", None) is None
        if change and not is_historic(obj) and unchanged:
            return
        if is_historic(obj):
            # The history keeps what the admin writes in English, whatever the editor's language.
            with override("en"):
                reverted = f"Reverted to the version of {version_date(to_historic(obj))}"
            obj._change_reason = reason_with_note(reverted, note)
            deletion = self.deletion_of(obj)
        elif note:
            obj._change_reason = note
        super().save_model(request, obj, form, change)
        if deletion is not None:
            relink(obj, deletion.history_date, request.user)

    def save_formset(self, request, form, formset, change):
        """The rows saved with the page (a mission's decisions, ...) carry its note too."""
        note = form.cleaned_data.get(NOTE, "")
        if note:
            for row in formset.forms:
                row.instance._change_reason = note
        super().save_formset(request, form, formset, change)

    def deletion_of(self, obj):
        """The history entry of the record's deletion, when a revert brings it back."""
        if self.model._base_manager.filter(pk=obj.pk).exists():
            return None
        deletions = self.model.history.filter(history_type="-")
        return deletions.filter(**{self.model._meta.pk.attname: obj.pk}).first()

    def render_change_form(self, request, context, *args, **kwargs):
        return super().render_change_form(request, with_error_summary(context), *args, **kwargs)

    def render_history_view(self, request, template, context, **kwargs):
        return super().render_history_view(request, template, with_error_summary(context), **kwargs)

    def get_deleted_objects(self, objs, request):
        """The delete confirmation's list, in plain sentences (``missions.editors.deletion``):
        who loses a link to each record and what goes with it, never link-table rows; Django's
        own answer still decides what is protected and what the editor may not delete."""
        _rows, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        effects = [effect for record in objs for effect in deletion_effects(record)]
        return effects, counts, perms_needed, protected

    def get_historical_record_context_helper(self, request, historical_record):
        """Show whole values in the history's diffs: editors compare sentences, not snippets."""
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=2000
        )

    def deleted_view(self, request):
        """The records of this kind that were deleted, each with a link to restore it as it
        was just before the deletion."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        deletions = (
            self.model.history.latest_of_each()
            .filter(history_type="-")
            .exclude(id__in=self.model._default_manager.values("pk"))
            .select_related("history_user")
        )
        records = []
        for deletion in deletions:
            before = deletion.prev_record
            records.append(
                {
                    "deletion": deletion,
                    "history_url": reverse(admin_urlname(opts, "history"), args=[deletion.id]),
                    "restore_url": before
                    and reverse(
                        admin_urlname(opts, "simple_history"), args=[deletion.id, before.pk]
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(kind)s") % {"kind": opts.verbose_name_plural},
            "opts": opts,
            "records": records,
        }
        return TemplateResponse(request, "admin/missions/deleted_records.html", context)


class PublishedAdmin(HistoryAdmin):
    """What every model with a public page shares: status, publishing from the list, slugs from
    names, citations by search and a link to each one's public page."""

    list_display = ["name_en", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = [*columns("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["citations"]

    class Media:
        css = {"all": ["editors/citations.css"]}
        js = ["editors/autocomplete.js"]

    readonly_fields = ["created_at", "updated_at"]
    history_list_display = ["status"]
    actions = [*HistoryAdmin.actions, "publish", "unpublish"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "public_page"]

    @admin.display(description=gettext_lazy("public page"))
    def public_page(self, obj):
        """A short link, so the list's own columns keep the width: "View", naming the record
        to screen readers, who hear every row's link out of its row."""
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            obj.get_absolute_url(),
            _("View"),
            _("“%(name)s” on the public site") % {"name": obj},
        )

    @admin.action(
        description=gettext_lazy("Publish the selected %(verbose_name_plural)s"),
        permissions=["change"],
    )
    def publish(self, request, queryset):
        self.change_status(request, queryset, Status.PUBLISHED)

    @admin.action(
        description=gettext_lazy("Unpublish the selected %(verbose_name_plural)s (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self.change_status(request, queryset, Status.DRAFT)

    def change_status(self, request, queryset, status):
        """Save each record, rather than one UPDATE, so each gets its history entry (with who
        and why) and its admin log entry. Under review nothing is published or unpublished in
        bulk: each change goes through review on its record's page."""
        if review_on():
            self.message_user(
                request,
                _(
                    "Nothing changed: review is on, so records are published after review, each "
                    "from its own page (“Submit for review”)."
                ),
                messages.ERROR,
            )
            return
        # The history and the admin log keep what the admin writes in English.
        with override("en"):
            label = str(Status(status).label).lower()
        changed = 0
        for record in queryset.exclude(status=status):
            record.status = status
            record._history_user = request.user
            record._change_reason = f"Set to {label} from the list"
            record.save(update_fields=["status", "updated_at"])
            self.log_change(request, record, f"Set to {label}.")
            changed += 1
        opts = self.model._meta
        values = {
            "count": changed,
            "name": opts.verbose_name if changed == 1 else opts.verbose_name_plural,
            "unchanged": queryset.count() - changed,
        }
        self.message_user(request, status_changed(status, values) % values, messages.SUCCESS)


def status_changed(status, values):
    """What publishing or unpublishing from the list did, to format with ``values``: how many
    records changed (``count``, named ``name``) and how many were already so (``unchanged``)."""
    count, unchanged = values["count"], values["unchanged"]
    if status == Status.PUBLISHED and unchanged:
        return ngettext(
            "Published: %(count)d %(name)s (%(unchanged)d already published).",
            "Published: %(count)d %(name)s (%(unchanged)d already published).",
            count,
        )
    if status == Status.PUBLISHED:
        return ngettext("Published: %(count)d %(name)s.", "Published: %(count)d %(name)s.", count)
    if unchanged:
        return ngettext(
            "Draft: %(count)d %(name)s (%(unchanged)d already draft).",
            "Draft: %(count)d %(name)s (%(unchanged)d already draft).",
            count,
        )
    return ngettext("Draft: %(count)d %(name)s.", "Draft: %(count)d %(name)s.", count)


class RecordAdmin(DraftMixin, PreviewMixin, PublishedAdmin):
    """Every kind of record: a published one, besides, takes draft changes, previews of unsaved
    edits and scheduled publishing (``missions.editors.workflow``)."""

    form = ScheduledRecordForm

    def get_fieldsets(self, request, obj=None):
        """The record's fields, then when to publish or unpublish it, then the note."""
        *fieldsets, note = super().get_fieldsets(request, obj)
        for name in SCHEDULE_FIELDS.values():
            fieldsets = without_field(fieldsets, name)
        # Collapsed, as most saves schedule nothing; Django opens it when it holds an error.
        schedule = (
            gettext_lazy("Schedule"),
            {"fields": [tuple(SCHEDULE_FIELDS.values())], "classes": ["collapse"]},
        )
        return [*fieldsets, schedule, note]


@admin.register(Source)
class SourceAdmin(PublishedAdmin):
    """Sources are published like records (a draft source has no public page), without draft
    changes or schedules: a new text replaces its citations when it is saved. They cite
    nothing, as their sentences are the citations. Their text is pasted or uploaded, and
    previewed as numbered sentences before it is saved (``source_documents``)."""

    form = SourceForm
    change_form_template = "admin/missions/source/change_form.html"

    list_display = ["title", "publisher", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "slug", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = []
    # Addresses typed without a scheme are read as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "text" in form.changed_data or "upload" in form.changed_data:
            replace_citations(obj)

    fieldsets = [
        (None, {"fields": ["title", "slug", "status"]}),
        (
            gettext_lazy("The document"),
            {
                "description": DATES_ADVICE,
                "fields": [
                    "publisher",
                    "kind",
                    "url",
                    "published_on",
                    "accessed_on",
                    "language",
                    "text",
                    "upload",
                    "previewed",
                ],
            },
        ),
        (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["number", "text", "source"]
    list_display_links = ["number", "text"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["text", "=number"]
    autocomplete_fields = ["source"]

    def get_queryset(self, request):
        """With each citation's source, which its label in a record's form names."""
        return super().get_queryset(request).select_related("source")


@admin.register(FocusArea)
class FocusAreaAdmin(RecordAdmin):
    list_display = ["name_en", "position", "status", "updated_at"]


@admin.register(Institution)
class InstitutionAdmin(RecordAdmin):
    list_display = ["name_en", "kind", "status", "updated_at"]
    search_fields = [*columns("name"), "slug", *columns("description", "engagement")]


@admin.register(Partner)
class PartnerAdmin(RecordAdmin):
    list_display = ["name_en", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = [*columns("name"), "slug", *columns("description", "engagement")]


@admin.register(Body)
class BodyAdmin(RecordAdmin):
    list_display = ["name_en", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = [*columns("name"), "slug", *columns("description")]


class PrincipleInline(
    RelationFieldsMixin, TextLanguageMixin, VersionedFormMixin, admin.StackedInline
):
    model = Principle
    extra = 0
    # Collapsed (open when one of them is in error), so the mission's page stays short.
    classes = ["collapse"]
    show_change_link = True
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["citations"]
    fields = [("name_en", "slug", "status", "position"), "statement_en", "citations"]


class KeyFactInline(
    PartialDateAdminMixin,
    RelationFieldsMixin,
    TextLanguageMixin,
    VersionedFormMixin,
    admin.StackedInline,
):
    model = KeyFact
    extra = 0
    classes = ["collapse"]
    show_change_link = True
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["citations"]
    fields = [
        ("name_en", "slug", "status", "position"),
        "statement_en",
        ("figure", "date"),
        "citations",
    ]


# How many of its decisions a mission's page lists, latest first.
LATEST_DECISIONS = 10


@admin.register(Mission)
class MissionAdmin(RecordAdmin):
    list_display = ["name_en", "acronym", "launched_display", "ended_display", "status"]
    search_fields = [*columns("name"), "acronym", "slug", *columns("summary", "description")]
    list_select_related = ["predecessor"]
    autocomplete_fields = ["predecessor", "focus_areas", "institutions", "partners", "citations"]
    # Decisions are listed as links (``decision_links``), not edited in place: the NMI's page
    # was 13,000 px tall with every decision stacked in full.
    inlines = [PrincipleInline, KeyFactInline]
    readonly_fields = [*RecordAdmin.readonly_fields, "decision_links"]
    fieldsets = [
        (None, {"fields": [("name_en", "acronym"), "slug", "status", "kind"]}),
        (
            gettext_lazy("Description"),
            {"fields": ["summary_en", "description_en", "aims_en", "area_en"]},
        ),
        (
            gettext_lazy("Dates"),
            {
                "description": DATES_ADVICE,
                "fields": ["established_on", "launched_on", "ended_on"],
            },
        ),
        (gettext_lazy("Decisions"), {"fields": ["decision_links"]}),
        # Long lists of names: collapsed, so the form stays about three screens tall; Django
        # opens a section holding an error.
        (
            gettext_lazy("Relations"),
            {
                "fields": ["predecessor", "focus_areas", "institutions", "partners"],
                "classes": ["collapse"],
            },
        ),
        (gettext_lazy("Sources"), {"fields": ["citations"], "classes": ["collapse"]}),
        (
            gettext_lazy("Record"),
            {"fields": ["created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]
    # The texts' boxes are as tall as the seed's texts need (a box's corner drags it taller),
    # in every language.
    text_rows = {"summary": 3, "area": 3, "aims": 5, "description": 6}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = language_of(db_field)
        text = db_field.name.removesuffix(f"_{language}") if language else db_field.name
        if text in self.text_rows:
            field.widget.attrs["rows"] = self.text_rows[text]
        return field

    @admin.display(description=gettext_lazy("latest decisions"))
    def decision_links(self, obj):
        """The mission's latest decisions as links to their own pages, latest first, with a
        link to all of them and one to add another."""
        if obj is None or obj.pk is None:
            return _("Once the mission is saved, its decisions are listed here.")
        latest = obj.decisions.order_by("-date", "-name_en")[:LATEST_DECISIONS]
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            ((admin_change_url(decision), decision, decision.when) for decision in latest),
        )
        count = obj.decisions.count()
        return format_html(
            '<ul class="decision-links">{}</ul><p><a href="{}?mission__id__exact={}">{}</a> · '
            '<a href="{}?mission={}">{}</a></p>',
            items,
            reverse("admin:missions_decision_changelist"),
            obj.pk,
            ngettext(
                "All %(count)d decision of %(mission)s",
                "All %(count)d decisions of %(mission)s",
                count,
            )
            % {"count": count, "mission": obj.acronym},
            reverse("admin:missions_decision_add"),
            obj.pk,
            _("Add a decision to %(mission)s") % {"mission": obj.acronym},
        )

    @admin.display(description=gettext_lazy("launched"), ordering="launched_on")
    def launched_display(self, obj):
        return obj.launched or ""

    @admin.display(description=gettext_lazy("ended"), ordering="ended_on")
    def ended_display(self, obj):
        return obj.ended or ""


class DecisionForm(DecisionPlausibilityMixin, ScheduledRecordForm):
    """A decision's form, asking to confirm a date outside its mission's life."""


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    form = DecisionForm
    # The columns an editor scans fit a 1280 px screen beside the admin's menu and the filters;
    # who decided and what are filters (on the right) and on each decision's page.
    list_display = ["name_en", "date_display", "mission_display", "status"]
    list_filter = ["status", "mission", "decided_by", "action", "date_precision"]
    list_select_related = ["mission"]
    search_fields = [*columns("name"), "slug", *columns("summary", "description")]
    date_hierarchy = "date"
    autocomplete_fields = ["mission", "decided_by", "requested_by", "institutions", "citations"]
    fieldsets = [
        (None, {"fields": ["name_en", "slug", "status", "mission"]}),
        (
            gettext_lazy("When"),
            {
                "description": DATES_ADVICE,
                "fields": ["date"],
            },
        ),
        (
            gettext_lazy("What"),
            {
                "fields": [
                    ("decided_by", "requested_by"),
                    "action",
                    "summary_en",
                    "description_en",
                    "institutions",
                ]
            },
        ),
        (gettext_lazy("Sources"), {"fields": ["citations"]}),
        (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("date"), ordering="date")
    def date_display(self, obj):
        return obj.when

    @admin.display(description=gettext_lazy("mission"), ordering="mission__launched_on")
    def mission_display(self, obj):
        """The mission by its short name, which editors know it by and which fits the list."""
        return format_html('<abbr title="{}">{}</abbr>', obj.mission.name, obj.mission.acronym)


@admin.register(Principle)
class PrincipleAdmin(RecordAdmin):
    list_display = ["name_en", "mission", "position", "status", "updated_at"]
    list_filter = ["status", "mission"]
    list_select_related = ["mission"]
    search_fields = [*columns("name"), "slug", *columns("statement")]
    autocomplete_fields = ["mission", "citations"]


@admin.register(KeyFact)
class KeyFactAdmin(RecordAdmin):
    list_display = ["name_en", "figure", "mission", "status", "updated_at"]
    list_filter = ["status", "mission"]
    list_select_related = ["mission"]
    search_fields = [*columns("name"), "slug", *columns("statement")]
    autocomplete_fields = ["mission", "citations"]
