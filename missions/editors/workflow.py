"""The editorial workflow of a record's change form, beyond Django's "Save".

"Preview" (``PreviewMixin``) opens, in a new tab, the record's public page as it would look with
the form's unsaved values, under the "Draft preview" banner: a submit button posts the form to the
preview address with ``formtarget="_blank"``, so it works without JavaScript. The page is found
from the record's public address and rendered by the public site's own view, handed the values on
the request (``missions.previews``); nothing is saved and the answer is never cached.
"""

from urllib.parse import urlsplit

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils.cache import add_never_cache_headers

from missions import previews


def public_view(record):
    """The URL match of ``record``'s own public page, or None for a kind shown only on other
    pages (a principle on its mission's page), whose page a preview of it could not show."""
    try:
        match = resolve(urlsplit(record.get_absolute_url()).path)
    except Resolver404:
        return None
    shows = getattr(getattr(match.func, "view_class", None), "model", None)
    return match if shows is type(record) else None


class PreviewMixin:
    """ "Preview" on the change form of every record kind with a public page of its own."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if record is not None and public_view(record) is not None:
            context["preview_url"] = reverse(
                admin_urlname(self.model._meta, "preview"), args=[record.pk]
            )
        return super().change_view(request, object_id, form_url, context)

    def preview_view(self, request, object_id):
        """The public page with the posted form's values, or the form's errors."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self.get_object(request, unquote(object_id))
        if record is None or public_view(record) is None:
            what = self.model._meta.verbose_name
            raise Http404(f"No {what} with a public page of its own has this address.")
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        form = self.get_form(request, record, change=True)(
            request.POST, request.FILES, instance=record
        )
        form.checks_version = False
        if form.is_valid():
            relations = {
                field.name: [related.pk for related in form.cleaned_data[field.name]]
                for field in self.model._meta.many_to_many
                if field.name in form.cleaned_data
            }
            match = public_view(form.instance)
            preview = previews.carrying(request, previews.Preview(form.instance, relations))
            response = match.func(preview, *match.args, **match.kwargs)
        else:
            context = {
                **self.admin_site.each_context(request),
                "title": f"This {self.model._meta.verbose_name} cannot be previewed yet",
                "opts": self.model._meta,
                "original": record,
                "form": form,
            }
            response = TemplateResponse(
                request, "admin/missions/preview_errors.html", context, status=400
            )
        add_never_cache_headers(response)
        response.headers["X-Robots-Tag"] = "noindex"
        return response
