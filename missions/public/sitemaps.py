"""/sitemap.xml: an index of the sitemaps of every public page, each with its last change.

The index names one sitemap per kind of page, each split into pages of SITEMAP_SIZE addresses, so
that no response grows with the record and a crawler learns from each lastmod where to look again.

Every page is listed in each language (/en/..., /fr/..., /ar/...), each entry naming the page's
other languages (``<xhtml:link rel="alternate" hreflang="fr">``) and, as ``x-default``, its
address without a language, which sends each visitor to the browser's language: the same links
every page has in its ``<head>`` (templates/public/includes/languages.html).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from missions.models import Mission

from .registry import PUBLIC_TYPES

SITEMAP_SIZE = 1000


class LanguagesSitemap(Sitemap):
    """A sitemap of pages in every language of LANGUAGES, each naming its versions in the others
    (Django's ``i18n``, ``alternates`` and ``x_default``)."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's entries, each also written out as XML (``xml``), which
        templates/public/sitemap.xml joins: Django's own template took half of a sitemap's
        time, resolving a dozen variables an entry."""
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["xml"] = entry_xml(url)
        return urls


def entry_xml(url):
    """One ``<url>`` of a sitemap, byte for byte as Django's sitemap.xml template writes it (its
    ``{% spaceless %}`` taking the whitespace between the tags out)."""
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        lastmod = url["lastmod"]
        if isinstance(lastmod, datetime.datetime) and timezone.is_aware(lastmod):
            lastmod = timezone.localtime(lastmod)
        parts.append(f"<lastmod>{dateformat.format(lastmod, 'Y-m-d')}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{escape(url['priority'])}</priority>")
    parts += [
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
        f'href="{escape(alternate["location"])}"/>'
        for alternate in url["alternates"]
    ]
    parts.append("</url>")
    return mark_safe("".join(parts))  # each value escaped


class InEachLanguage:
    """The (record, language) pairs Django's i18n sitemap paginates, in its order (each record in
    every language in turn), read from the database a page at a time: Django builds the pairs of
    every record for each page of the sitemap and for its index (at 10,000 decisions, 10,000
    model instances for every 1,000 addresses). Counted with one COUNT query."""

    def __init__(self, records, languages):
        self.records = records
        self.languages = list(languages)

    def count(self):
        return self.records.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("InEachLanguage is read a page, a slice, at a time.")
        start, stop = index.start or 0, index.stop
        per_record = len(self.languages)
        first = start // per_record
        last = None if stop is None else -(-stop // per_record)
        pairs = [
            (record, language) for record in self.records[first:last] for language in self.languages
        ]
        offset = first * per_record
        return pairs[start - offset : None if stop is None else stop - offset]


class RecordSitemap(LanguagesSitemap):
    """The published records of one model, each at its own URL."""

    limit = SITEMAP_SIZE

    def __init__(self, model):
        self.model = model

    @property
    def paginator(self):
        return Paginator(InEachLanguage(self.items(), self._languages()), self.limit)

    def location(self, item):
        """The record's address in the active language, worked out once per language: Django
        asks for every address of a record again for each of its entries (its alternates and
        ``x-default``), five reversals an entry. Kept on the record, read for this page only."""
        language = translation.get_language()
        addresses = item.__dict__.setdefault("_sitemap_addresses", {})
        if language not in addresses:
            addresses[language] = item.get_absolute_url()
        return addresses[language]

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate, where Django would read every record."""
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ListPageSitemap(LanguagesSitemap):
    """The overview and list pages; each changed when the newest of its records did."""

    # The overview changes with the missions it presents; a list page with the records it lists.
    pages = {
        "public:home": Mission,
        **{kind.list_url: kind.model for kind in PUBLIC_TYPES if kind.list_url},
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.pages[item].objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_latest_lastmod(self):
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)


# One sitemap for the overview and list pages, and one for each kind of record with pages of its
# own, named after the kind (``/sitemap-decisions.xml``).
SITEMAPS = {
    "pages": ListPageSitemap(),
    **{kind.sitemap_section: RecordSitemap(kind.model) for kind in PUBLIC_TYPES if kind.detail_url},
}
