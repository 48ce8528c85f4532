"""The editors' admin: every content model, searchable, filterable and with its history."""

import gzip
import tempfile

from django.contrib import admin, messages
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .backup import write_backup
from .models import (
    Body,
    Citation,
    Decision,
    FocusArea,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Principle,
    Source,
)


class ContentAdmin(SimpleHistoryAdmin):
    """Shared set-up for every content model: status, slugs from names, citations by search."""

    list_display = ["name", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["citations"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "path"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "text", "source"]
    list_display_links = ["number", "text"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["text", "=number"]
    autocomplete_fields = ["source"]


@admin.register(FocusArea)
class FocusAreaAdmin(ContentAdmin):
    list_display = ["name", "position", "status", "updated_at"]


@admin.register(Institution)
class InstitutionAdmin(ContentAdmin):
    list_display = ["name", "kind", "status", "updated_at"]
    search_fields = ["name", "slug", "description", "engagement"]


@admin.register(Partner)
class PartnerAdmin(ContentAdmin):
    list_display = ["name", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "description", "engagement"]


@admin.register(Body)
class BodyAdmin(ContentAdmin):
    list_display = ["name", "kind", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "description"]


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    show_change_link = True
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["decided_by", "requested_by", "institutions", "citations"]
    fields = [
        ("name", "slug", "status"),
        ("date", "date_precision"),
        ("decided_by", "requested_by", "action"),
        "summary",
        "description",
        "institutions",
        "citations",
    ]


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0
    show_change_link = True
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["citations"]
    fields = [("name", "slug", "status", "position"), "statement", "citations"]


class KeyFactInline(admin.StackedInline):
    model = KeyFact
    extra = 0
    show_change_link = True
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["citations"]
    fields = [
        ("name", "slug", "status", "position"),
        "statement",
        ("figure", "date", "date_precision"),
        "citations",
    ]


@admin.register(Mission)
class MissionAdmin(ContentAdmin):
    list_display = ["name", "acronym", "launched_display", "ended_display", "status"]
    search_fields = ["name", "acronym", "slug", "summary", "description"]
    list_select_related = ["predecessor"]
    autocomplete_fields = ["predecessor", "focus_areas", "institutions", "partners", "citations"]
    inlines = [DecisionInline, PrincipleInline, KeyFactInline]
    fieldsets = [
        (None, {"fields": [("name", "acronym"), "slug", "status", "kind"]}),
        ("Description", {"fields": ["summary", "description", "aims", "area"]}),
        (
            "Dates",
            {
                "description": "Give each date only as precisely as the source does.",
                "fields": [
                    ("established_on", "established_on_precision"),
                    ("launched_on", "launched_on_precision"),
                    ("ended_on", "ended_on_precision"),
                ],
            },
        ),
        (
            "Relations",
            {"fields": ["predecessor", "focus_areas", "institutions", "partners", "citations"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="launched", ordering="launched_on")
    def launched_display(self, obj):
        return obj.launched_display

    @admin.display(description="ended", ordering="ended_on")
    def ended_display(self, obj):
        return obj.ended_display


@admin.register(Decision)
class DecisionAdmin(ContentAdmin):
    list_display = ["name", "date_display", "mission", "decided_by", "action", "status"]
    list_filter = ["status", "mission", "decided_by", "action", "date_precision"]
    list_select_related = ["mission", "decided_by"]
    search_fields = ["name", "slug", "summary", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["mission", "decided_by", "requested_by", "institutions", "citations"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "mission"]}),
        (
            "When",
            {
                "description": "Give the date only as precisely as the source does.",
                "fields": [("date", "date_precision")],
            },
        ),
        (
            "What",
            {
                "fields": [
                    ("decided_by", "requested_by"),
                    "action",
                    "summary",
                    "description",
                    "institutions",
                ]
            },
        ),
        ("Sources", {"fields": ["citations"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="date", ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Principle)
class PrincipleAdmin(ContentAdmin):
    list_display = ["name", "mission", "position", "status", "updated_at"]
    list_filter = ["status", "mission"]
    list_select_related = ["mission"]
    search_fields = ["name", "slug", "statement"]
    autocomplete_fields = ["mission", "citations"]


@admin.register(KeyFact)
class KeyFactAdmin(ContentAdmin):
    list_display = ["name", "figure", "mission", "status", "updated_at"]
    list_filter = ["status", "mission"]
    list_select_related = ["mission"]
    search_fields = ["name", "slug", "statement"]
    autocomplete_fields = ["mission", "citations"]


# Backups (issue #5) -----------------------------------------------------------------------
# A streamed "Download backup" link on the admin index and a site-wide action exporting the
# selected records as a fixture, both for superusers only. The URL is in nmi_site/urls.py.


def download_backup(request):
    """The whole content as a gzip backup, the same file ``export_backup`` writes."""
    if not request.user.is_superuser:
        raise PermissionDenied
    scratch = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    with gzip.GzipFile(filename="", mode="wb", fileobj=scratch, mtime=0) as out:
        write_backup(out)
    scratch.seek(0)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        scratch,
        as_attachment=True,
        filename=f"nmi-backup-{stamp}.jsonl.gz",
        content_type="application/gzip",
    )


@admin.action(description="Export selected as fixture")
def export_selected_as_fixture(modeladmin, request, queryset):
    """The selected records as a Django fixture with natural keys, ready for ``loaddata``."""
    if not request.user.is_superuser:
        modeladmin.message_user(
            request, "Only superusers can export records as a fixture.", messages.ERROR
        )
        return None
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


admin.site.add_action(export_selected_as_fixture)
admin.site.index_template = "admin/backup_index.html"
