"""Public URLs (docs/architecture.md, "The public site"). Each answers GET and HEAD only.

``urlpatterns`` are the pages, feed included, which nmi_site.urls puts under each language's
prefix (/en/, /fr/, /ar/); ``crawler_urls`` the files crawlers look for at the root, the same in
every language: robots.txt and the sitemaps, which list every language's address of each page.
"""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import views
from .feeds import DecisionFeed
from .sitemaps import SITEMAPS
from .sitemaps import index as sitemap_index

app_name = "public"


def read_only(view, query_parameters=()):
    """A function view that refuses every method but GET and HEAD, and needs no CSRF token.

    ``query_parameters`` are the query parameters it reads, as the page cache needs to know
    (see missions.public.views.PublicPageMixin).
    """
    view = csrf_exempt(require_safe(view))
    view.query_parameters = query_parameters
    return view


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<slug:slug>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/decisions/", read_only(DecisionFeed()), name="decision-feed"),
]

# The namespace of the crawlers' files (``crawlers:sitemap``), apart from ``public`` whose
# addresses all have a language.
crawler_urls = (
    [
        path(
            "sitemap.xml",
            read_only(sitemap_index),
            {"sitemaps": SITEMAPS, "sitemap_url_name": "crawlers:sitemap-section"},
            name="sitemap",
        ),
        path(
            "sitemap-<section>.xml",
            read_only(sitemaps.sitemap, query_parameters=("p",)),
            {"sitemaps": SITEMAPS, "template_name": "public/sitemap.xml"},
            name="sitemap-section",
        ),
        path("robots.txt", read_only(views.robots_txt), name="robots"),
    ],
    "crawlers",
)
