"""The project's admin site: Django's, plus the pages that belong to the whole site."""

import gzip
import tempfile
from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.backups.export import write_backup
from missions.editors.dashboard import (
    drafts_of,
    recent_changes,
    scheduled,
    search_records,
    waiting_for_review,
)
from missions.editors.health import find_problems, source_coverage, untranslated_records
from missions.editors.review import review_on
from missions.models import Citation


class RecordsAdminSite(admin.AdminSite):
    """Django's admin plus the site-wide pages of this project, under DJANGO_ADMIN_URL with the
    rest of the admin: a front page that is a dashboard (``missions.editors.dashboard``), a search
    of every kind of record, the Content health page for editors and, for superusers, a streamed
    "Download backup" link (the action "Export selected as fixture" is on HistoryAdmin).

    It is the default admin site (``missions.editors.apps.RecordsAdminConfig``), so
    ``admin.site`` and ``@admin.register`` work as usual.
    """

    index_template = "admin/dashboard.html"

    def admin_view(self, view, cacheable=False):
        """Every admin page, answering a request it cannot read with a 400 page that says why.

        Query parameters reach the database as filters, searches and autocomplete terms, and
        PostgreSQL refuses NUL characters outright, so they are refused here, for every page at
        once. A view refuses anything else it cannot apply by raising ``BadRequest``.
        """

        def checked_view(request, *args, **kwargs):
            try:
                refuse_nul_characters(request.GET)
                return view(request, *args, **kwargs)
            except BadRequest as error:
                return self.bad_request(request, str(error))

        return super().admin_view(update_wrapper(checked_view, view), cacheable)

    def bad_request(self, request, message):
        context = {**self.each_context(request), "title": _("Bad request"), "message": message}
        return TemplateResponse(request, "admin/bad_request.html", context, status=400)

    def autocomplete_view(self, request):
        """Django's autocomplete, labelling each citation with its source's title, number and
        whole sentence (as the chosen ones are labelled), so an editor picks the sentence
        itself."""
        return CitationLabelledAutocomplete.as_view(admin_site=self)(request)

    def get_urls(self):
        return [
            path(
                "content-health/",
                self.admin_view(self.content_health_view),
                name="content-health",
            ),
            path("backup/", self.admin_view(self.download_backup), name="backup-download"),
            path("search/", self.admin_view(self.search_view), name="search"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {
            "recent_changes": recent_changes(),
            "my_drafts": drafts_of(request.user),
            "scheduled": scheduled(),
            "waiting_for_review": waiting_for_review() if review_on() else None,
            "problem_count": len(find_problems()),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def search_view(self, request):
        """Records of every kind whose list's search finds the words asked for."""
        query = request.GET.get("q", "").strip()
        context = {
            **self.each_context(request),
            "title": _("Records matching “%(query)s”") % {"query": query}
            if query
            else _("Find records"),
            "query": query,
            "found": search_records(request, self, query) if query else [],
        }
        return TemplateResponse(request, "admin/search.html", context)

    def content_health_view(self, request):
        """The page listing what ``manage.py check_content`` reports, with links to fix it."""
        context = {
            **self.each_context(request),
            "title": _("Content health"),
            "problems": find_problems(),
            "coverage": source_coverage(),
            "translations": untranslated_records(),
        }
        return TemplateResponse(request, "admin/content_health.html", context)

    def download_backup(self, request):
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


def refuse_nul_characters(query):
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            shown = name.replace("\x00", "%00")[:40]
            raise BadRequest(
                _(
                    "The address cannot be read: its parameter “%(name)s” holds a NUL character "
                    "(%%00), which no record contains. Remove it from the address and try again."
                )
                % {"name": shown}
            )


class CitationLabelledAutocomplete(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Citation):
            result["text"] = obj.label()
        return result
