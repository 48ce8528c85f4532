"""Public, read-only pages: only published records, in a fixed number of queries whatever the data.

Every view answers GET and HEAD only (anything else gets 405) and needs no CSRF token, as nothing
here changes data. Detail pages also show drafts to staff, under a "Draft preview" banner and with
headers that keep the preview out of caches and search engines; everyone else gets the 404 page.
Related records that are drafts are never shown or linked. An editor's "Preview" in the admin
renders a detail page with the form's unsaved values (``missions.previews``), under the same banner.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView

from missions import previews
from missions.dates import PartialDate
from missions.models import (
    Citation,
    Decision,
    FocusArea,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Principle,
    Status,
)

from . import structured_data
from .footnotes import Footnotes
from .forms import DecisionFilterForm, SearchForm
from .search import search
from .timeline import build_timeline, decision_periods

PAGE_SIZE = 50
LATEST_DECISIONS = 5
# Detail pages name at most this many decisions and link to the timeline, filtered, for the rest.
DECISIONS_ON_RECORD_PAGE = 20


def cited(queryset):
    """``queryset`` with each record's citations (and their source) fetched in one more query."""
    return queryset.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )


def published(model):
    return cited(model.objects.published())


def last_updated(*groups):
    """The latest ``updated_at`` among the records a page shows."""
    return max((record.updated_at for group in groups for record in group), default=None)


class PublicPageMixin:
    """What every public page shares: read-only methods, footnotes, canonical URL, navigation.

    Each view declares in ``query_parameters`` the query parameters it reads: the page cache
    (missions.pagecache.middleware) stores one page per combination of their values and ignores
    any other parameter. A view that does not declare them has every parameter count.
    """

    http_method_names = ["get", "head"]
    section = ""
    description = ""

    @classmethod
    def as_view(cls, **initkwargs):
        return csrf_exempt(super().as_view(**initkwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("footnotes", Footnotes())
        context.setdefault("meta_description", self.description)
        context["section"] = self.section
        context["canonical_url"] = self.request.build_absolute_uri(self.canonical_path())
        return context

    def canonical_path(self):
        return self.request.path

    def get_template_names(self):
        """A record's list or detail template is under templates/public/, named after its model
        (public/decision_list.html), wherever the model's app is."""
        if self.template_name:
            return [self.template_name]
        return [f"public/{self.model._meta.model_name}{self.template_name_suffix}.html"]


class RecordListView(PublicPageMixin, ListView):
    """A paginated list: PAGE_SIZE records a page, with links to nearby pages."""

    paginate_by = PAGE_SIZE
    query_parameters = (ListView.page_kwarg,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        if page is not None:
            context["page_links"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        context["page_query"] = self.page_query()
        context["last_updated"] = last_updated(context["object_list"])
        return context

    def page_query(self):
        """The query string (ending in '&') that page links keep, such as the filters."""
        return ""


class RecordDetailView(PublicPageMixin, DetailView):
    """One record's page. Staff may preview a draft; the public sees published records only."""

    query_parameters = ()

    def base_queryset(self):
        return cited(self.model.objects.all())

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.request.user.is_staff:
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        """The record; for an editor's preview, with the form's unsaved values over it."""
        preview = previews.previewing(self.request)
        if preview is None:
            return super().get_object(queryset)
        queryset = self.get_queryset()
        stored = queryset.get(pk=preview.record.pk)
        return preview.apply(stored, queryset._prefetch_related_lookups)

    def is_draft_preview(self):
        return (
            self.object.status != Status.PUBLISHED or previews.previewing(self.request) is not None
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_draft_preview():
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = self.is_draft_preview()
        context["is_unsaved_preview"] = previews.previewing(self.request) is not None
        context["last_updated"] = self.object.updated_at
        context["meta_description"] = self.describe(self.object)
        context["structured_data"] = self.structured_data(self.object, self.request)
        return context

    def describe(self, record):
        return record.description


@dataclass(frozen=True)
class KeyDate:
    """A dated moment in a mission's life, for the overview and mission pages."""

    when: PartialDate
    label: str
    mission: Mission

    @property
    def text(self):
        """The sentence a source would state it in, to find the citation that supports it."""
        return f"{self.label} in {self.when}"


def key_dates(missions):
    """The missions' dates by their first day; those on the same day in the order of a
    mission's life (established, launched, ended)."""
    dates = []
    for mission in missions:
        for when, verb in (
            (mission.established, "established"),
            (mission.launched, "launched"),
            (mission.ended, "ended"),
        ):
            if when:
                dates.append(KeyDate(when, f"{mission.name} {verb}", mission))
    return sorted(dates, key=lambda key_date: key_date.when.date)


def current_mission(missions):
    """The mission under way (the latest launched without an end), else the latest one."""
    ongoing = [m for m in missions if m.ended is None]
    return (ongoing or missions or [None])[-1]


class HomeView(PublicPageMixin, TemplateView):
    template_name = "public/home.html"
    query_parameters = ()
    section = "home"
    description = (
        "The sourced record of NATO Mission Iraq (NMI) and its predecessor NTM-I: what the "
        "mission does, the decisions that shaped it, the Iraqi institutions it advises and its "
        "partners."
    )

    def get_context_data(self, **kwargs):
        missions = list(
            published(Mission).prefetch_related(
                Prefetch("focus_areas", queryset=published(FocusArea)),
                Prefetch("institutions", queryset=Institution.objects.published()),
                Prefetch("partners", queryset=Partner.objects.published()),
            )
        )
        latest = list(
            published(Decision)
            .select_related("mission", "decided_by")
            .order_by("-date", "-name")[:LATEST_DECISIONS]
        )
        mission = current_mission(missions)
        return super().get_context_data(
            missions=missions,
            mission=mission,
            key_dates=key_dates(missions),
            latest_decisions=latest,
            last_updated=last_updated(missions, latest),
            structured_data=structured_data.website_data(self.request),
            **kwargs,
        )


class MissionDetailView(RecordDetailView):
    model = Mission
    section = "missions"

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("predecessor", "successor")
            .prefetch_related(
                Prefetch("principles", queryset=published(Principle)),
                Prefetch("key_facts", queryset=published(KeyFact)),
                Prefetch("focus_areas", queryset=published(FocusArea)),
                Prefetch("institutions", queryset=published(Institution)),
                Prefetch("partners", queryset=published(Partner)),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key_dates"] = key_dates([self.object])
        # One mission's latest decisions: a plain LIMIT that index decision_mission_date_name
        # answers in date order, where a prefetch would number every decision of the mission.
        latest = (
            published(Decision)
            .filter(mission=self.object)
            .select_related("decided_by")
            .order_by("-date", "-name")[:DECISIONS_ON_RECORD_PAGE]
        )
        context["decisions"] = list(latest)[::-1]
        context["decision_count"] = self.object.decisions.published().count()
        context["all_decisions_url"] = timeline_url(mission=self.object.slug)
        return context

    def describe(self, record):
        return record.summary

    def structured_data(self, record, request):
        return structured_data.mission_data(record, request)


def timeline_url(**filters):
    return f"{reverse('public:decision-list')}?{urlencode(filters)}"


class DecisionListView(RecordListView):
    """The timeline: every published decision, oldest first, grouped by year, filterable."""

    model = Decision
    section = "decisions"
    description = (
        "Every NATO decision that created or reshaped its missions in Iraq, oldest first: "
        "who decided, who asked and what changed."
    )
    query_parameters = (*DecisionFilterForm.base_fields, ListView.page_kwarg)

    def get(self, request, *args, **kwargs):
        years = [day.year for day in Decision.objects.published().dates("date", "year")]
        self.form = DecisionFilterForm(request.GET, years=years)
        if self.form.is_valid():
            return super().get(request, *args, **kwargs)
        self.object_list = Decision.objects.none()
        self.paginate_by = None
        return self.render_to_response(self.get_context_data(), status=400)

    def get_queryset(self):
        queryset = published(Decision).select_related("mission", "decided_by", "requested_by")
        if self.form.cleaned_data["year"]:
            queryset = queryset.filter(date__year=self.form.cleaned_data["year"])
        if self.form.cleaned_data["body"]:
            queryset = queryset.filter(decided_by=self.form.cleaned_data["body"])
        if self.form.cleaned_data["mission"]:
            queryset = queryset.filter(mission=self.form.cleaned_data["mission"])
        if self.form.cleaned_data["institution"]:
            queryset = queryset.filter(institutions=self.form.cleaned_data["institution"])
        return queryset.order_by("date", "name")

    def filters(self):
        if self.form.errors:
            return {}
        return {
            key: getattr(value, "slug", value)
            for key, value in self.form.cleaned_data.items()
            if value
        }

    def page_query(self):
        filters = self.filters()
        return f"{urlencode(filters)}&" if filters else ""

    def canonical_path(self):
        query = self.filters()
        page = self.request.GET.get("page")
        if page and page != "1" and not self.form.errors:
            query["page"] = page
        return f"{self.request.path}?{urlencode(query)}" if query else self.request.path

    def get_context_data(self, **kwargs):
        missions = list(Mission.objects.published().order_by("launched_on", "name"))
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["is_filtered"] = bool(self.form.is_valid() and any(self.form.cleaned_data.values()))
        context["timeline"] = build_timeline(
            missions, decision_periods(Decision.objects.published()), timezone.localdate()
        )
        return context


class DecisionDetailView(RecordDetailView):
    model = Decision
    section = "decisions"

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("mission", "decided_by", "requested_by")
            .prefetch_related(Prefetch("institutions", queryset=published(Institution)))
        )

    def describe(self, record):
        return record.summary

    def structured_data(self, record, request):
        return structured_data.decision_data(record, request)


def oldest_public_decisions():
    """Published decisions oldest first, for 'since when, by which decision' on the institution
    pages, which show no decision's sources: their citations are not fetched."""
    return Decision.objects.published().select_related("decided_by").order_by("date", "name")


def public_missions():
    return Prefetch(
        "missions",
        queryset=Mission.objects.published().order_by("launched_on", "name"),
        to_attr="public_missions",
    )


class InstitutionListView(RecordListView):
    model = Institution
    section = "institutions"
    description = "The Iraqi institutions NATO Mission Iraq advises or instructs, and since when."

    def get_queryset(self):
        first_decision = Prefetch(
            "decisions", queryset=oldest_public_decisions()[:1], to_attr="public_decisions"
        )
        return published(Institution).prefetch_related(first_decision, public_missions())


class InstitutionDetailView(RecordDetailView):
    model = Institution
    section = "institutions"

    def base_queryset(self):
        return super().base_queryset().prefetch_related(public_missions())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A plain LIMIT, which the database may read in date order from index decision_date_name,
        # where a prefetch would number every decision of the institution.
        self.object.public_decisions = list(
            oldest_public_decisions().filter(institutions=self.object)[:DECISIONS_ON_RECORD_PAGE]
        )
        context["decision_count"] = self.object.decisions.published().count()
        context["all_decisions_url"] = timeline_url(institution=self.object.slug)
        return context

    def describe(self, record):
        return record.description or record.engagement

    def structured_data(self, record, request):
        return structured_data.institution_data(record, request)


class PartnerListView(RecordListView):
    model = Partner
    section = "partners"
    description = "The international partners NATO Mission Iraq coordinates and cooperates with."

    def get_queryset(self):
        return published(Partner).prefetch_related(public_missions())


class PartnerDetailView(RecordDetailView):
    model = Partner
    section = "partners"

    def base_queryset(self):
        return super().base_queryset().prefetch_related(public_missions())

    def describe(self, record):
        return record.description or record.engagement

    def structured_data(self, record, request):
        return structured_data.partner_data(record, request)


class SearchView(PublicPageMixin, TemplateView):
    """Search of every published record; a query the form refuses gets its error and a 400."""

    template_name = "public/search.html"
    section = "search"
    query_parameters = tuple(SearchForm.base_fields)
    description = "Search the names, summaries and descriptions of the NATO Mission Iraq record."

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        self.query = form.cleaned_data["q"] if form.is_valid() else ""
        groups = search(self.query) if self.query else []
        context = self.get_context_data(form=form, query=self.query, groups=groups)
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["result_count"] = sum(len(group.results) for group in context["groups"])
        context["last_updated"] = last_updated(
            [result.record for group in context["groups"] for result in group.results]
        )
        return context

    def canonical_path(self):
        if self.query:
            return f"{self.request.path}?{urlencode({'q': self.query})}"
        return self.request.path


def robots_txt(request):
    """Crawlers may read everything public; the sitemap lists it."""
    sitemap = request.build_absolute_uri(reverse("public:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
