"""/sitemap.xml: every public page, with the time its content last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Decision, Institution, Mission, Partner


class RecordSitemap(Sitemap):
    """The published records of one model, each at its own URL."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class ListPageSitemap(Sitemap):
    """The overview and list pages; each changed when the newest of its records did."""

    pages = {
        "missions:home": Mission,
        "missions:decision-list": Decision,
        "missions:institution-list": Institution,
        "missions:partner-list": Partner,
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.pages[item].objects.published().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": ListPageSitemap(),
    "missions": RecordSitemap(Mission),
    "decisions": RecordSitemap(Decision),
    "institutions": RecordSitemap(Institution),
    "partners": RecordSitemap(Partner),
}
