"""The editorial workflow of a record's change form, beyond Django's "Save".

Draft changes (``DraftMixin``): on a published record, "Save draft" keeps the record as the public
sees it and stores the form's fields and relations as its draft change
(``missions.models.Revision``); the form reopens on the draft; "Publish changes" saves the form
(the draft with whatever was changed since) as the record, in the history with who published
whose draft; "Discard draft" drops it. The rows on a record's page (a mission's decisions) are
records of their own, which a draft does not keep: changing one while saving a draft is refused.

"Preview" (``PreviewMixin``) opens, in a new tab, the record's public page as it would look with
the form's unsaved values, under the "Draft preview" banner: a submit button posts the form to the
preview address with ``formtarget="_blank"``, so it works without JavaScript. The page is found
from the record's public address and rendered by the public site's own view, handed the values on
the request (``missions.previews``); nothing is saved and the answer is never cached. A record not
saved yet has no stored row for the view to read: its preview saves it in a transaction that is
rolled back once the page is rendered, so the view reads it as usual and nothing remains.

With review on (``missions.editors.review``), "Submit for review" saves the draft change marked
submitted; only a publisher other than its author may publish it ("Publish changes", as submitted)
or send it back ("Send back", the note being the comment its author reads).
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import is_historic

from missions import previews
from missions.models import Revision, Schedule, Status, reason_with_note

from .review import is_publisher, may_publish, refusal, review_on
from .versioning import NOTE, RecordForm
from .wording import lazy_format

# The names of the change form's buttons for a draft change: save one, drop it, submit it for
# review, send it back to its author.
SAVE_DRAFT = "_savedraft"
DISCARD_DRAFT = "_discarddraft"
SUBMIT = "_submitreview"
SEND_BACK = "_sendback"


def public_view(record):
    """The URL match of ``record``'s own public page, or None for a kind shown only on other
    pages (a principle on its mission's page), whose page a preview of it could not show."""
    try:
        match = resolve(urlsplit(record.get_absolute_url()).path)
    except Resolver404:
        return None
    shows = getattr(getattr(match.func, "view_class", None), "model", None)
    return match if shows is type(record) else None


def has_public_page(model):
    """Whether records of ``model`` have a public page of their own (a decision does; a key
    fact, shown on its mission's page, does not)."""
    try:
        return public_view(model(slug="a-record")) is not None
    except (AttributeError, ValueError, LookupError, model.DoesNotExist):
        return False


class PreviewMixin:
    """ "Preview" on the add and change forms of every record kind with a public page of its
    own."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "add/preview/",
                self.admin_site.admin_view(self.preview_new_view),
                name=f"{opts.app_label}_{opts.model_name}_preview_new",
            ),
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

    def add_view(self, request, form_url="", extra_context=None):
        context = dict(extra_context or {})
        if has_public_page(self.model):
            context["preview_url"] = reverse(admin_urlname(self.model._meta, "preview_new"))
        return super().add_view(request, form_url, context)

    def preview_new_view(self, request):
        """The public page a record not saved yet would have, or the form's errors: the record
        is saved, its page rendered and the transaction rolled back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not has_public_page(self.model):
            raise Http404(f"A {self.model._meta.verbose_name} has no public page of its own.")
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request, None, change=False)(request.POST, request.FILES)
        form.checks_version = form.reviewing = False
        if not form.is_valid():
            return self.preview_errors(request, form, None)
        with transaction.atomic():
            record = form.save()
            match = public_view(record)
            preview = previews.carrying(request, previews.Preview(record))
            response = match.func(preview, *match.args, **match.kwargs)
            response.render()
            transaction.set_rollback(True)
        return never_cached(response)

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
        form.checks_version = form.reviewing = False
        if form.is_valid():
            relations = chosen_relations(self.model, form)
            match = public_view(form.instance)
            preview = previews.carrying(request, previews.Preview(form.instance, relations))
            return never_cached(match.func(preview, *match.args, **match.kwargs))
        return self.preview_errors(request, form, record)

    def preview_errors(self, request, form, record):
        """The errors that keep ``form`` from being previewed, in the preview's tab."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("This %(kind)s cannot be previewed yet")
            % {"kind": self.model._meta.verbose_name},
            "opts": self.model._meta,
            "original": record,
            "form": form,
        }
        return never_cached(
            TemplateResponse(request, "admin/missions/preview_errors.html", context, status=400)
        )


def never_cached(response):
    """A preview is for the editor who asked: never stored, never indexed."""
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# The change form's fields scheduling the record, by what they schedule.
SCHEDULE_FIELDS = {Schedule.Action.PUBLISH: "publish_at", Schedule.Action.UNPUBLISH: "unpublish_at"}


def schedule_field(label, help_text):
    """A date and time in one box, the browser's own picker (one labelled input, which works
    with a keyboard and a screen reader, and without JavaScript as text: 2026-12-24T09:00)."""
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=format_lazy(
            "{} {}",
            help_text,
            lazy_format(gettext_lazy("Server time (%(zone)s)."), {"zone": settings.TIME_ZONE}),
        ),
    )


class ScheduledRecordForm(RecordForm):
    """A record's form, with the times it is to be published or unpublished at (see
    ``missions.scheduling``): a draft record, or the draft change of a published record, may be
    published later, and a published record unpublished."""

    publish_at = schedule_field(
        gettext_lazy("Publish at"),
        gettext_lazy(
            "Leave empty to publish by hand. A draft record (Status: Draft) is published then; "
            "on a published record, press “Save draft” and the draft change is published then."
        ),
    )
    unpublish_at = schedule_field(
        gettext_lazy("Unpublish at"), gettext_lazy("Leave empty to keep the record published.")
    )
    # Set by ``DraftMixin.get_form``: whether the form is saved as a draft change, whether review
    # is on, and who saves.
    saving_draft = False
    reviewing = False
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for schedule in Schedule.objects.of(self.instance):
                self.initial[SCHEDULE_FIELDS[schedule.action]] = timezone.localtime(schedule.at)

    def clean(self):
        cleaned_data = super().clean()
        publish_at, unpublish_at = (cleaned_data.get(name) for name in SCHEDULE_FIELDS.values())
        for name in SCHEDULE_FIELDS.values():
            if (
                name in self.changed_data
                and cleaned_data.get(name)
                and (cleaned_data[name] <= timezone.now())
            ):
                self.add_error(name, _("This time has passed: choose a later one, or empty it."))
        public_at_once = cleaned_data.get("status") == Status.PUBLISHED and not self.saving_draft
        if publish_at and public_at_once:
            self.add_error(
                "publish_at",
                _(
                    "Saving this way makes the record public at once. To publish it later, set "
                    "Status to Draft (a record not yet published) or press “Save draft” (a "
                    "change to a published record); or empty this box to publish now."
                ),
            )
        if unpublish_at and not (publish_at or cleaned_data.get("status") == Status.PUBLISHED):
            self.add_error(
                "unpublish_at",
                _(
                    "Only a published record, or one scheduled to be published, can be "
                    "unpublished later: set “Publish at” too, or empty this box."
                ),
            )
        if publish_at and unpublish_at and unpublish_at <= publish_at:
            self.add_error(
                "unpublish_at", _("This comes before “Publish at”: choose a later time.")
            )
        if self.reviewing:
            self._refuse_publishing_without_review(cleaned_data)
        return cleaned_data

    def _refuse_publishing_without_review(self, cleaned_data):
        """Under review, a save that the public would see (or a publication scheduled) must be a
        publisher publishing, as submitted, a change someone else submitted."""
        scheduling = "publish_at" in self.changed_data and cleaned_data.get("publish_at")
        if scheduling and not may_publish(self.user, self.draft):
            self.add_error("publish_at", refusal(self.user, self.draft))
        if self.saving_draft:
            return
        model = type(self.instance)
        was_public = self.instance.pk is not None and (
            model._base_manager.filter(pk=self.instance.pk, status=Status.PUBLISHED).exists()
        )
        if not (was_public or cleaned_data.get("status") == Status.PUBLISHED):
            return
        if not may_publish(self.user, self.draft):
            raise ValidationError(refusal(self.user, self.draft))
        edited = set(self.changed_data) - {"version", NOTE, *SCHEDULE_FIELDS.values()}
        if edited:
            raise ValidationError(
                _(
                    "Not saved: you changed the submitted change. Press “Submit for review” to "
                    "have your changes reviewed too, or undo them to publish the change as "
                    "submitted."
                )
            )

    def keep_schedules(self, record, user):
        """Save the times the form holds as the record's schedules; an empty box removes one."""
        for action, name in SCHEDULE_FIELDS.items():
            at = self.cleaned_data.get(name)
            if at is None:
                Schedule.objects.of(record).filter(action=action).delete()
            elif name in self.changed_data:
                Schedule.objects.update_or_create(
                    content_type=ContentType.objects.get_for_model(
                        record, for_concrete_model=False
                    ),
                    object_id=record.pk,
                    action=action,
                    defaults={"at": at, "scheduled_by": user},
                )


def chosen_relations(model, form):
    """The keys of the records each many-to-many relation of ``model`` holds in ``form``."""
    return {
        field.name: [related.pk for related in form.cleaned_data[field.name]]
        for field in model._meta.many_to_many
        if field.name in form.cleaned_data
    }


def saving_draft(request):
    """Whether ``request`` saves a draft change (decided in ``DraftMixin.changeform_view``; the
    revert page, which saves too, never does)."""
    return getattr(request, "saving_draft", False)


def submitting(request):
    """Whether ``request`` submits a draft change for review."""
    return getattr(request, "submitting", False)


class DraftMixin:
    """ "Save draft", "Publish changes" and "Discard draft" on the change form of a published
    record (see the module's docstring)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Read by saving_draft() and submitting().
        request.saving_draft = request.submitting = False
        if request.method == "POST" and object_id is not None:
            record = self.get_object(request, unquote(object_id))
            if record is not None and DISCARD_DRAFT in request.POST:
                return self.discard_draft(request, record)
            if record is not None and SEND_BACK in request.POST:
                return self.send_back(request, record)
            published = record is not None and record.status == Status.PUBLISHED
            request.submitting = record is not None and review_on() and SUBMIT in request.POST
            request.saving_draft = request.submitting or (published and SAVE_DRAFT in request.POST)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The buttons the record's state calls for (see the module's docstring)."""
        record = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if record is not None and self.has_change_permission(request, record):
            published = record.status == Status.PUBLISHED
            draft = Revision.objects.pending_for(record)
            reviewing = review_on()
            may = not reviewing or may_publish(request.user, draft)
            context.update(
                draft=draft,
                can_draft=published,
                workflow_buttons=published or reviewing,
                show_publish=published and may,
                show_save=not published,
                show_submit=reviewing,
                show_send_back=reviewing and may_publish(request.user, draft),
            )
        return super().change_view(request, object_id, form_url, context)

    def revert_disabled(self, request, obj=None):
        """Under review, a revert (which the public sees at once) is for publishers."""
        if review_on() and not is_publisher(request.user):
            return True
        return super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and review_on() and not is_publisher(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The history, headed by the draft change waiting to be published, if any."""
        record = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        draft = record and Revision.objects.pending_for(record)
        if draft:
            context["draft"] = draft
            context["draft_changes"] = draft.changes(record)
        return super().history_view(request, object_id, context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A change form opens on the record's draft change, and checks it is still the one
        waiting when it saves."""
        form = super().get_form(request, obj, change, **kwargs)
        attributes = {
            "saving_draft": saving_draft(request),
            # A revert is a publisher's (``history_form_view``), checked there.
            "reviewing": review_on() and not (obj is not None and is_historic(obj)),
            "user": request.user,
        }
        if change and obj is not None:
            attributes.update(draft=Revision.objects.pending_for(obj), checks_draft=True)
        return type(form.__name__, (form,), attributes)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if saving_draft(request):
            kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "in_draft_of": obj}
        return kwargs

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get(NOTE, "")
        if saving_draft(request):
            relations = chosen_relations(self.model, form)
            Revision.keep(obj, relations, request.user, note, submitted=submitting(request))
        else:
            draft = form.draft
            if draft is not None:
                author = draft.author or "someone"
                published = f"Published the draft change of {author}"
                form.cleaned_data[NOTE] = reason_with_note(published, note or draft.note)
            super().save_model(request, obj, form, change)
            if draft is not None:
                draft.delete()
        form.keep_schedules(obj, request.user)

    def save_related(self, request, form, formsets, change):
        if not saving_draft(request):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if submitting(request):
            return "Submitted a draft change for review"
        if saving_draft(request):
            return "Saved a draft change (not public)"
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if submitting(request):
            self.message_user(
                request,
                _(
                    "Submitted for review: a publisher will publish your change or send it back "
                    "to you with a comment. Until then the public sees the record as it was."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if saving_draft(request):
            self.message_user(
                request,
                _(
                    "Draft saved. The public still sees the published version; press “Publish "
                    "changes” to make the draft public, or “Discard draft” to drop it."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def send_back(self, request, record):
        """Return the submitted draft change to its author with the publisher's comment (the
        form's note), if it is still the one the form opened on."""
        draft = Revision.objects.pending_for(record)
        if not (review_on() and self.has_change_permission(request, record)):
            raise PermissionDenied
        opened = request.POST.get("version", "").partition(".")[2]
        if may_publish(request.user, draft) and draft.token == opened:
            comment = request.POST.get(NOTE, "").strip()[
                : Revision._meta.get_field("review_comment").max_length
            ]
            draft.send_back(request.user, comment)
            self.log_change(request, record, f"Sent the draft change back: {comment}")
            if draft.author:
                sent_back = _("Sent back to %(author)s.") % {"author": draft.author}
            else:
                sent_back = _("Sent back to its author.")
            self.message_user(request, sent_back, messages.SUCCESS)
        else:
            self.message_user(
                request,
                _(
                    "Not sent back: only a publisher other than its author sends a submitted "
                    "change back, and this one changed since you opened the form. It is shown as "
                    "it is now."
                ),
                messages.ERROR,
            )
        return HttpResponseRedirect(request.path)

    def discard_draft(self, request, record):
        """Drop the record's draft change, if it is still the one the form opened on."""
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        opened = request.POST.get("version", "").partition(".")[2]
        draft = Revision.objects.pending_for(record)
        discarded = 0
        if draft is not None:
            discarded = Revision.objects.filter(pk=draft.pk, token=opened).delete()[0]
        what = self.model._meta.verbose_name
        if discarded:
            Schedule.objects.of(record).filter(action=Schedule.Action.PUBLISH).delete()
            self.log_change(request, record, "Discarded the draft change.")
            self.message_user(
                request,
                _("Draft discarded: the %(kind)s is as the public sees it.") % {"kind": what},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "Nothing discarded: someone saved, published or discarded the draft change "
                    "since you opened the form. The %(kind)s is shown as it is now."
                )
                % {"kind": what},
                messages.ERROR,
            )
        return HttpResponseRedirect(request.path)
