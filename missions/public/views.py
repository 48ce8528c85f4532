"""Public, read-only pages: only published records, in a fixed number of queries whatever the data.

Every view answers GET and HEAD only (anything else gets 405) and needs no CSRF token, as nothing
here changes data. Detail pages also show drafts to staff, under a "Draft preview" banner and with
headers that keep the preview out of caches and search engines; everyone else gets the 404 page.
Related records that are drafts are never shown or linked. An editor's "Preview" in the admin
renders a detail page with the form's unsaved values (``missions.previews``), under the same banner.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Prefetch,
)
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView

from missions import previews
from missions.dates import PartialDate
from missions.languages import ORIGINAL, column
from missions.models import (
    Decision,
    FocusArea,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Principle,
    Source,
    Status,
)
from missions.sources import sentences

from . import structured_data
from .citing import cited_counts, citing_records
from .first_decisions import OLDEST_FIRST, set_first_decisions
from .footnotes import Footnotes, load_citations
from .forms import DecisionFilterForm, SearchForm
from .search import FEW_RESULTS, search, suggestion
from .statements import RecordList, count, prefetch, record_by_slug, records, select_once
from .timeline import build_timeline, decision_periods

PAGE_SIZE = 50
LATEST_DECISIONS = 5
# Detail pages name at most this many decisions and link to the timeline, filtered, for the rest.
DECISIONS_ON_RECORD_PAGE = 20


def decision_count(shown, counted):
    """How many decisions a detail page's ``shown`` ones (at most DECISIONS_ON_RECORD_PAGE) are
    of: ``counted()`` when there may be more, and as many as are shown when fewer were found,
    without a statement to count them again."""
    return len(shown) if len(shown) < DECISIONS_ON_RECORD_PAGE else counted()


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

    def render_to_response(self, context, **response_kwargs):
        load_citations(*self.cited_records(context))
        context.update(self.cited_context(context))
        return super().render_to_response(context, **response_kwargs)

    def cited_context(self, context):
        """What the page adds to its context once its records hold their ``quotes``."""
        return {}

    def cited_records(self, context):
        """The groups of records whose sources the page cites, given their ``quotes`` in one
        query (``load_citations``) once the context is complete."""
        return ()

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
    # The Prefetch lookups of the page's records, read by ``statements.prefetch``.
    prefetches = ()
    # The foreign keys of the page's records read with them, by ``statements.select_once``.
    selected_once = ()

    def paginate_queryset(self, queryset, page_size):
        if not self.is_narrowed():
            queryset = RecordList(type(self).__qualname__, self.get_queryset, self.known_count())
        paginator, page, records, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = records = list(records)
        prefetch(records, *self.prefetches, name=type(self).__qualname__)
        select_once(
            records, *self.selected_once, name=type(self).__qualname__, known=self.read_already()
        )
        return paginator, page, records, is_paginated

    def is_narrowed(self):
        """Whether the list's query differs from one request to the next, as the timeline's
        does once filtered; otherwise it is read by statements built once (``RecordList``)."""
        return False

    def known_count(self):
        """How many records the list has, where the page has read it already (None: counted
        when the paginator asks)."""
        return None

    def read_already(self):
        """Records the page has read before its list: ``select_once`` takes those among its
        ``selected_once`` records as they are rather than reading them again."""
        return ()

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

    def cited_records(self, context):
        return (context["object_list"],)

    def page_query(self):
        """The query string (ending in '&') that page links keep, such as the filters."""
        return ""


class RecordDetailView(PublicPageMixin, DetailView):
    """One record's page. Staff may preview a draft; the public sees published records only."""

    query_parameters = ()
    # The Prefetch lookups of the record, read by ``statements.prefetch``; an editor's preview
    # narrows each to the records the form chooses.
    prefetches = ()

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.request.user.is_staff:
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        """The record; for an editor's preview, with the form's unsaved values over it."""
        preview = previews.previewing(self.request)
        if preview is None:
            readers = "staff" if self.request.user.is_staff else "public"
            slug = self.kwargs[self.slug_url_kwarg]
            record = record_by_slug(
                f"{type(self).__qualname__}, {readers}", self.get_queryset, slug
            )
            if record is None:
                raise Http404(f"No {self.model._meta.verbose_name} {readers} may see at {slug!r}.")
        else:
            record = self.get_queryset().get(pk=preview.record.pk)
        prefetch([record], *self.prefetches, name=type(self).__qualname__)
        if preview is None:
            return record
        return preview.apply(record, self.prefetches)

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
        return context

    def cited_context(self, context):
        """Structured data names the sources the record cites."""
        return {"structured_data": self.structured_data(self.object, self.request)}

    def describe(self, record):
        return record.description

    def cited_records(self, context):
        return ([self.object],)


# What happens to a mission on each of its key dates, as the pages say it in the reader's
# language (``KeyDate.text`` says it in the English of the sources, to find its citation).
KEY_DATE_LABELS = {
    "established": _("%(mission)s established"),
    "launched": _("%(mission)s launched"),
    "ended": _("%(mission)s ended"),
}


@dataclass(frozen=True)
class KeyDate:
    """A dated moment in a mission's life (``event``: established, launched or ended), for the
    overview and mission pages."""

    when: PartialDate
    event: str
    mission: Mission

    @property
    def label(self):
        """What happened, in the reader's language: "NATO Mission Iraq launched"."""
        return KEY_DATE_LABELS[self.event] % {"mission": self.mission.name}

    @property
    def text(self):
        """The sentence a source would state it in, to find the citation that supports it: in
        English whatever the reader's language, as the sources are ("July 2018", not "juillet
        2018")."""
        name = getattr(self.mission, column("name", ORIGINAL))
        return f"{name} {self.event} in {self.when.text_in(ORIGINAL)}"


def key_dates(missions):
    """The missions' dates by their first day; those on the same day in the order of a
    mission's life (established, launched, ended)."""
    dates = []
    for mission in missions:
        for when, event in (
            (mission.established, "established"),
            (mission.launched, "launched"),
            (mission.ended, "ended"),
        ):
            if when:
                dates.append(KeyDate(when, event, mission))
    return sorted(dates, key=lambda key_date: key_date.when.date)


def current_mission(missions):
    """The mission under way (the latest launched without an end), else the latest one."""
    ongoing = [m for m in missions if m.ended is None]
    return (ongoing or missions or [None])[-1]


class HomeView(PublicPageMixin, TemplateView):
    template_name = "public/home.html"
    query_parameters = ()
    section = "home"
    description = _(
        "The sourced record of NATO Mission Iraq (NMI) and its predecessor NTM-I: what the "
        "mission does, the decisions that shaped it, the Iraqi institutions it advises and its "
        "partners."
    )

    prefetches = (
        Prefetch("focus_areas", queryset=FocusArea.objects.published()),
        Prefetch("institutions", queryset=Institution.objects.published()),
        Prefetch("partners", queryset=Partner.objects.published()),
    )

    def get_context_data(self, **kwargs):
        missions = records("overview: missions", Mission.objects.published)
        prefetch(missions, *self.prefetches, name=type(self).__qualname__)
        latest = records(
            "overview: latest decisions",
            lambda: (
                Decision.objects.published()
                .select_related("decided_by")
                .order_by("-date", "-name_en")[:LATEST_DECISIONS]
            ),
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

    def cited_records(self, context):
        mission = context["mission"]
        focus_areas = mission.focus_areas.all() if mission else ()
        return context["missions"], focus_areas, context["latest_decisions"]


class MissionDetailView(RecordDetailView):
    model = Mission
    section = "missions"
    prefetches = (
        Prefetch("principles", queryset=Principle.objects.published()),
        Prefetch("key_facts", queryset=KeyFact.objects.published()),
        Prefetch("focus_areas", queryset=FocusArea.objects.published()),
        Prefetch("institutions", queryset=Institution.objects.published()),
        Prefetch("partners", queryset=Partner.objects.published()),
    )

    def base_queryset(self):
        return super().base_queryset().select_related("predecessor", "successor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key_dates"] = key_dates([self.object])
        # One mission's latest decisions: a plain LIMIT that index decision_mission_date_name
        # answers in date order, where a prefetch would number every decision of the mission.
        latest = records(
            "mission: latest decisions",
            lambda mission: (
                Decision.objects.published()
                .filter(mission=mission)
                .select_related("decided_by")
                .order_by("-date", "-name_en")[:DECISIONS_ON_RECORD_PAGE]
            ),
            self.object.pk,
            prepared=True,  # Whichever the mission, that index answers it the same way.
        )
        context["decisions"] = latest[::-1]
        context["decision_count"] = decision_count(
            latest,
            lambda: count(
                "mission: decisions",
                lambda mission: Decision.objects.published().filter(mission=mission),
                self.object.pk,
            ),
        )
        context["all_decisions_url"] = timeline_url(mission=self.object.slug)
        return context

    def describe(self, record):
        return record.summary

    def structured_data(self, record, request):
        return structured_data.mission_data(record, request)

    def cited_records(self, context):
        mission = self.object
        return (
            [mission],
            *(
                relation.all()
                for relation in (
                    mission.principles,
                    mission.key_facts,
                    mission.focus_areas,
                    mission.institutions,
                    mission.partners,
                )
            ),
            context["decisions"],
        )


def timeline_url(**filters):
    return f"{reverse('public:decision-list')}?{urlencode(filters)}"


class DecisionListView(RecordListView):
    """The timeline: every published decision, oldest first, grouped by year, filterable."""

    model = Decision
    section = "decisions"
    description = _(
        "Every NATO decision that created or reshaped its missions in Iraq, oldest first: "
        "who decided, who asked and what changed."
    )
    selected_once = ("decided_by", "requested_by")
    query_parameters = (*DecisionFilterForm.base_fields, ListView.page_kwarg)

    def get(self, request, *args, **kwargs):
        # The timeline's periods give the years to filter by, without a query of their own.
        self.periods = decision_periods()
        years = sorted({period.when.date.year for period in self.periods})
        self.form = DecisionFilterForm(request.GET, years=years)
        if self.form.is_valid():
            return super().get(request, *args, **kwargs)
        self.object_list = Decision.objects.none()
        self.paginate_by = None
        return self.render_to_response(self.get_context_data(), status=400)

    def get_queryset(self):
        # The timeline names each decision's bodies (selected_once), not its mission: reading
        # the mission with each decision cost 6 % of the page's Python calls at 10,000 decisions.
        queryset = Decision.objects.published()
        if self.form.cleaned_data["year"]:
            queryset = queryset.filter(date__year=self.form.cleaned_data["year"])
        if self.form.cleaned_data["body"]:
            queryset = queryset.filter(decided_by=self.form.cleaned_data["body"])
        if self.form.cleaned_data["mission"]:
            queryset = queryset.filter(mission=self.form.cleaned_data["mission"])
        if self.form.cleaned_data["institution"]:
            queryset = queryset.filter(institutions=self.form.cleaned_data["institution"])
        return queryset.order_by("date", "name_en")

    def known_count(self):
        # Unfiltered, the timeline's periods have counted every published decision: counting
        # them again cost PostgreSQL an index scan of them all.
        return sum(period.count for period in self.periods)

    def read_already(self):
        # The filter's bodies: every published one, so a decision's drafts alone are read.
        return self.form.fields["body"].records()

    def filters(self):
        if self.form.errors:
            return {}
        return {
            key: getattr(value, "slug", value)
            for key, value in self.form.cleaned_data.items()
            if value
        }

    def is_narrowed(self):
        return bool(self.filters())

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
        # The filter's missions are the timeline's: published, in the order they began.
        missions = self.form.fields["mission"].records()
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["is_filtered"] = bool(self.form.is_valid() and any(self.form.cleaned_data.values()))
        context["timeline"] = build_timeline(missions, self.periods, timezone.localdate())
        return context


class DecisionDetailView(RecordDetailView):
    model = Decision
    section = "decisions"

    prefetches = (Prefetch("institutions", queryset=Institution.objects.published()),)

    def base_queryset(self):
        return super().base_queryset().select_related("mission", "decided_by", "requested_by")

    def cited_records(self, context):
        return ([self.object, self.object.decided_by],)

    def describe(self, record):
        return record.summary

    def structured_data(self, record, request):
        return structured_data.decision_data(record, request)


def oldest_public_decisions():
    """Published decisions oldest first, for 'since when, by which decision' on the institution
    pages, which show no decision's sources: their citations are not fetched."""
    return Decision.objects.published().select_related("decided_by").order_by(*OLDEST_FIRST)


def public_missions():
    return Prefetch(
        "missions",
        queryset=Mission.objects.published().order_by("launched_on", "name_en"),
        to_attr="public_missions",
    )


class InstitutionListView(RecordListView):
    model = Institution
    section = "institutions"
    description = _(
        "The Iraqi institutions NATO Mission Iraq advises or instructs, and since when."
    )

    prefetches = (public_missions(),)

    def get_queryset(self):
        return Institution.objects.published()

    def paginate_queryset(self, queryset, page_size):
        """The page's institutions, each with its first public decision, read from the table
        that holds every institution's (``first_decisions``)."""
        paginated = super().paginate_queryset(queryset, page_size)
        set_first_decisions(paginated[2])
        return paginated


class InstitutionDetailView(RecordDetailView):
    model = Institution
    section = "institutions"

    prefetches = (public_missions(),)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A plain LIMIT, which the database may read in date order from index decision_date_name,
        # where a prefetch would number every decision of the institution.
        self.object.public_decisions = records(
            "institution: first decisions",
            lambda institution: oldest_public_decisions().filter(institutions=institution)[
                :DECISIONS_ON_RECORD_PAGE
            ],
            self.object.pk,
        )
        context["decision_count"] = decision_count(
            self.object.public_decisions,
            lambda: count(
                "institution: decisions",
                lambda institution: Decision.objects.published().filter(institutions=institution),
                self.object.pk,
            ),
        )
        context["all_decisions_url"] = timeline_url(institution=self.object.slug)
        return context

    def describe(self, record):
        return record.description or record.engagement

    def structured_data(self, record, request):
        return structured_data.institution_data(record, request)


class PartnerListView(RecordListView):
    model = Partner
    section = "partners"
    description = _("The international partners NATO Mission Iraq coordinates and cooperates with.")

    prefetches = (public_missions(),)

    def get_queryset(self):
        return Partner.objects.published()


class PartnerDetailView(RecordDetailView):
    model = Partner
    section = "partners"

    prefetches = (public_missions(),)

    def describe(self, record):
        return record.description or record.engagement

    def structured_data(self, record, request):
        return structured_data.partner_data(record, request)


@dataclass(frozen=True)
class SourceSentence:
    """A sentence of a source's page, with the public records that cite it: those it names,
    and how many more there are."""

    number: int
    text: str
    cited_by: list
    more: int = 0


class SourceListView(RecordListView):
    """The published sources, each with how much of it the public record cites."""

    model = Source
    section = "sources"
    description = _(
        "The documents the NATO Mission Iraq record is drawn from: who published them, when, "
        "where to read the original, and how much of each the record cites."
    )

    def get_queryset(self):
        """Without their texts, which the list does not show: each sentence of a source is one
        of its citations (the admin gives every sentence its own), so they are counted."""
        return (
            Source.objects.published()
            .defer("text")
            .annotate(sentence_count=Count("citations"))
            .order_by("title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["object_list"])
        cited = cited_counts()
        for source in page:
            source.cited_count = cited.get(source.pk, 0)
        context["object_list"] = page
        return context


class SourceDetailView(RecordDetailView):
    """A source's whole text, paragraph by paragraph, each sentence numbered and addressable
    (``#s9``) with the public records that cite it (the first ``CITED_BY_SHOWN``, and how many
    more). Drafts citing it are never named nor counted."""

    model = Source
    section = "sources"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A sentence is cited as it stood when cited: one edited since is no longer named.
        cited = {
            number: (pk, text)
            for number, pk, text in self.object.citations.values_list("number", "pk", "text")
        }
        citing = citing_records(self.object.pk)
        paragraphs = []
        for sentence in sentences(self.object.text):
            pk, text = cited.get(sentence.number, (None, None))
            found = citing.get(pk) if text == sentence.text else None
            if sentence.paragraph == len(paragraphs):
                paragraphs.append([])
            paragraphs[-1].append(
                SourceSentence(
                    sentence.number,
                    sentence.text,
                    found.records if found else [],
                    found.more if found else 0,
                )
            )
        context["paragraphs"] = paragraphs
        context["sentence_count"] = sum(len(paragraph) for paragraph in paragraphs)
        context["cited_count"] = sum(
            1 for paragraph in paragraphs for sentence in paragraph if sentence.cited_by
        )
        return context

    def describe(self, record):
        by = (
            pgettext("a source's description", ", published by %(publisher)s")
            % {"publisher": record.publisher}
            if record.publisher
            else ""
        )
        when = f" ({record.published})" if record.published else ""
        return gettext(
            "The text of “%(title)s”%(published_by)s%(published_on)s, sentence by sentence, "
            "with the records of NATO Mission Iraq that cite each sentence."
        ) % {"title": record.title, "published_by": by, "published_on": when}

    def structured_data(self, record, request):
        return structured_data.source_data(record, request)


class SearchView(PublicPageMixin, TemplateView):
    """Search of every published record; a query the form refuses gets its error and a 400."""

    template_name = "public/search.html"
    section = "search"
    query_parameters = tuple(SearchForm.base_fields)
    description = _("Search the names, summaries and descriptions of the NATO Mission Iraq record.")

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        self.query = form.cleaned_data["q"] if form.is_valid() else ""
        groups = search(self.query) if self.query else []
        found = sum(len(group.results) for group in groups)
        suggested = suggestion(self.query) if self.query and found < FEW_RESULTS else None
        context = self.get_context_data(
            form=form, query=self.query, groups=groups, suggestion=suggested
        )
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["result_count"] = sum(len(group.results) for group in context["groups"])
        context["last_updated"] = last_updated(
            [result.record for group in context["groups"] for result in group.results]
        )
        return context

    def cited_records(self, context):
        return ([result.record for group in context["groups"] for result in group.results],)

    def canonical_path(self):
        if self.query:
            return f"{self.request.path}?{urlencode({'q': self.query})}"
        return self.request.path


def robots_txt(request):
    """Crawlers may read everything public but search results, in every language; the sitemap
    lists it."""
    sitemap = request.build_absolute_uri(reverse("crawlers:sitemap"))
    searches = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            searches.append(f"Disallow: {reverse('public:search')}")
    lines = ["User-agent: *", "Disallow: /admin/", *searches, f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
