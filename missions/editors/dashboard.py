"""The admin's front page: what editors come to do, each linked.

Recent changes by everyone (the admin log of the record, not only the editor's own actions), the
editor's drafts (draft changes of published records, and unpublished records they worked on),
what is scheduled to be published or unpublished, the number of content-health problems, and a
search over every kind of record at once (``search_records``), which uses each kind's own admin
search, so it finds what each list finds.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from missions.models import Revision, Schedule, Status, record_models

RECENT_CHANGES = 15
# How many of each kind the dashboard's lists and the search show; each links to the rest.
PER_KIND = 10


def recent_changes():
    """The latest changes anyone made to the record in the admin, newest first."""
    return (
        LogEntry.objects.filter(content_type__app_label="missions")
        .select_related("user", "content_type")
        .order_by("-action_time")[:RECENT_CHANGES]
    )


@dataclass(frozen=True)
class Listed:
    """A record in one of the dashboard's lists, and what the list says of it."""

    record: object
    what: str

    @property
    def admin_url(self):
        return reverse(admin_urlname(self.record._meta, "change"), args=[self.record.pk])

    @property
    def kind(self):
        return self.record._meta.verbose_name


def draft_state(draft):
    """Where a draft change stands, in a few words."""
    if draft.submitted_at is not None:
        return _("Submitted for review %(date)s") % {"date": day(draft.submitted_at)}
    if draft.reviewed_by is not None:
        return _("Sent back by %(reviewer)s: %(comment)s") % {
            "reviewer": draft.reviewed_by,
            "comment": draft.review_comment or _("no comment"),
        }
    return _("Draft change, saved %(date)s") % {"date": day(draft.saved_at)}


def day(moment):
    """The day of ``moment`` as the lists give it, with the month named in the editor's
    language ("03 Dec 2026", "03 déc. 2026")."""
    return formats.date_format(moment, "d M Y")


def waiting_for_review():
    """The draft changes submitted for review, oldest first, and who submitted them."""
    waiting = Revision.objects.filter(submitted_at__isnull=False).select_related("author")
    waiting = waiting.prefetch_related("record")
    listed = []
    for draft in waiting.order_by("submitted_at")[: PER_KIND * 2]:
        if draft.record is not None:
            submitted = _("%(state)s by %(author)s") % {
                "state": draft_state(draft),
                "author": draft.author or _("someone"),
            }
            listed.append(Listed(draft.record, submitted))
    return listed


def drafts_of(user):
    """``user``'s draft changes of published records, then the unpublished records they saved,
    newest first, at most ``PER_KIND`` of each kind."""
    drafted = []
    drafts = Revision.objects.filter(author=user).select_related("reviewed_by")
    for draft in drafts.prefetch_related("record")[:PER_KIND]:
        record = draft.record
        if record is not None:
            drafted.append(Listed(record, draft_state(draft)))
    for model in record_models():
        latest_by_user = model.history.filter(history_user=user).values(model._meta.pk.attname)
        records = model.objects.filter(status=Status.DRAFT, pk__in=latest_by_user)
        for record in records.order_by("-updated_at")[:PER_KIND]:
            drafted.append(Listed(record, _("Not published yet")))
    return drafted


@dataclass(frozen=True)
class Found:
    """The records of one kind a search found: the first ``PER_KIND``, the number of them, and
    the address of the kind's list searched the same way."""

    kind: str
    records: list
    count: int
    list_url: str


def search_records(request, admin_site, query):
    """Every kind of record the editor may view, searched with its list's own search."""
    found = []
    for model in record_models():
        model_admin = admin_site._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            continue
        queryset, duplicates = model_admin.get_search_results(
            request, model_admin.get_queryset(request), query
        )
        if duplicates:
            queryset = queryset.distinct()
        count = queryset.count()
        if count:
            opts = model._meta
            list_url = reverse(admin_urlname(opts, "changelist")) + "?" + urlencode({"q": query})
            records = [
                (record, reverse(admin_urlname(opts, "change"), args=[record.pk]))
                for record in queryset[:PER_KIND]
            ]
            found.append(Found(opts.verbose_name_plural, records, count, list_url))
    return found


def scheduled():
    """What is to be published or unpublished next, soonest first, and who scheduled it."""
    schedules = Schedule.objects.select_related("scheduled_by", "content_type")
    listed = []
    for schedule in schedules.prefetch_related("record").order_by("at")[: PER_KIND * 2]:
        if schedule.record is not None:
            when = formats.date_format(timezone.localtime(schedule.at), "j M Y, H:i")
            what = _("%(action)s at %(when)s, scheduled by %(who)s") % {
                "action": schedule.get_action_display(),
                "when": when,
                "who": schedule.scheduled_by or _("someone"),
            }
            listed.append(Listed(schedule.record, what))
    return listed
