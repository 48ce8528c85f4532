"""/sitemap.xml: an index of the sitemaps of every public page, each with its last change.

The index names one sitemap per kind of page, each split into pages of SITEMAP_SIZE addresses, so
that no response grows with the record and a crawler learns from each lastmod where to look again.

Every page is listed in each language (/en/..., /fr/..., /ar/...), each entry naming the page's
other languages (``<xhtml:link rel="alternate" hreflang="fr">``) and, as ``x-default``, its
address without a language, which sends each visitor to the browser's language: the same links
every page has in its ``<head>`` (``templating.languages.language_links``).
"""

import datetime
import functools
import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from missions.addresses import slug_addresses
from missions.models import Mission

from .registry import PUBLIC_TYPES
from .statements import compiled, converted, sql_of

SITEMAP_SIZE = 1000
# What html.escape replaces.
_MARKUP = re.compile("[&<>\"']")


class LanguagesSitemap(Sitemap):
    """A sitemap of pages in every language of LANGUAGES, each naming its versions in the others
    (Django's ``i18n``, ``alternates`` and ``x_default``)."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, published=None):
        # What the index read of the published records (``read_published``), or None: the
        # sitemap then asks the database itself.
        self.published = published

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's entries, each written out as its XML, which templates/public/sitemap.xml
        joins: Django's own template took half of a sitemap's time, resolving a dozen variables
        an entry."""
        return [entry_xml(url) for url in super().get_urls(page, site, protocol)]


def entry_xml(url):
    """One ``<url>`` of a sitemap, byte for byte as Django's sitemap.xml template writes it (its
    ``{% spaceless %}`` taking the whitespace between the tags out)."""
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        lastmod = lastmod_text(url["lastmod"], timezone.get_current_timezone())
        parts.append(f"<lastmod>{lastmod}</lastmod>")
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


def escaped(address):
    """``address`` escaped for XML, as ``html.escape`` does; most need nothing, and a page of a
    sitemap names a thousand."""
    return html.escape(address) if _MARKUP.search(address) else address


def lastmod_text(lastmod, zone):
    """A ``<lastmod>`` as Django's template writes it (``|date:"Y-m-d"``): the day, in ``zone``,
    the site's time zone."""
    if isinstance(lastmod, datetime.datetime):
        if timezone.is_aware(lastmod):
            lastmod = lastmod.astimezone(zone)
        lastmod = lastmod.date()
    return lastmod.isoformat()


class InEachLanguage:
    """The (record, language) pairs Django's i18n sitemap paginates, in its order (each record in
    every language in turn), read from the database a page at a time: Django builds the pairs of
    every record for each page of the sitemap and for its index (at 10,000 decisions, 10,000
    model instances for every 1,000 addresses). Counted with one COUNT query, unless the count
    of records is known (``record_count``)."""

    def __init__(self, records, languages, record_count=None):
        self.records = records
        self.languages = list(languages)
        self.record_count = record_count

    def count(self):
        if self.record_count is None:
            self.record_count = self.records.count()
        return self.record_count * len(self.languages)

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
    """The published records of one kind, each at its own URL."""

    limit = SITEMAP_SIZE

    def __init__(self, kind, published=None):
        super().__init__(published)
        self.kind = kind

    @property
    def paginator(self):
        count = None if self.published is None else self.published[self.kind.model].count
        return Paginator(InEachLanguage(self.items(), self._languages(), count), self.limit)

    def items(self):
        """(slug, last change) rows: an address needs the slug only."""
        return (
            self.kind.model.objects.published().values_list("slug", "updated_at").order_by("slug")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """The entries Django's sitemap writes for one page, byte for byte, from the page's rows:
        each record's address is worked out once per language for the whole page
        (``slug_addresses``), where Django's loop switches language and reverses the address
        again for each entry and each of its alternates (about 200 Python calls an entry, 600,000
        for a page of 1,000 entries). Sets ``latest_lastmod``, as Django's does. The page's rows
        are read without counting every record first, as Django's paginator does: a page past
        the last has none (``page_rows``)."""
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = self._languages()
        pairs = self.page_rows(page, languages)
        changed = {slug: updated_at for (slug, updated_at), _language in pairs}
        slugs = list(changed)
        zone = timezone.get_current_timezone()
        addresses = {}
        for language in languages:
            with translation.override(language):
                found = slug_addresses(self.kind.detail_url, slugs)
            addresses[language] = {
                slug: escaped(f"{prefix}{address}")
                for slug, address in zip(slugs, found, strict=True)
            }
        default_language = settings.LANGUAGE_CODE
        default_prefix = f"/{default_language}/"
        endings = {}
        for slug in slugs:
            links = [
                f'<xhtml:link rel="alternate" hreflang="{language}" '
                f'href="{addresses[language][slug]}"/>'
                for language in languages
            ]
            if default_language in languages:
                default = addresses[default_language][slug].replace(default_prefix, "/", 1)
                links.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/>')
            lastmod = lastmod_text(changed[slug], zone)
            endings[slug] = f"<lastmod>{lastmod}</lastmod>{''.join(links)}</url>"
        if changed:
            self.latest_lastmod = max(changed.values())
        # The addresses are escaped above; a date needs no escaping.
        return [
            SafeString(f"<url><loc>{addresses[language][slug]}</loc>{endings[slug]}")
            for (slug, _updated_at), language in pairs
        ]

    def page_rows(self, page, languages):
        """The (row, language) pairs of page ``page`` (``?p=``, a string), as Django's paginator
        gives them, without its count of every record (at 10,000 decisions, a query of 1 ms on
        PostgreSQL): a page that is not a number is PageNotAnInteger, a page before the first
        or past the last EmptyPage (both a 404), and the first page of a kind with no published
        record is empty."""
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger(page) from None
        if number < 1:
            raise EmptyPage(page)
        start = (number - 1) * self.limit
        pairs = InEachLanguage(self.items(), languages)[start : start + self.limit]
        if not pairs and number > 1:
            raise EmptyPage(page)
        return pairs

    def get_latest_lastmod(self):
        """For the index: one aggregate, where Django would read every record."""
        if self.published is not None:
            return self.published[self.kind.model].latest
        return self.kind.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


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
        model = self.pages[item]
        if self.published is not None:
            return self.published[model].latest
        return model.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_latest_lastmod(self):
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)


# One sitemap for the overview and list pages, and one for each kind of record with pages of its
# own, named after the kind (``/sitemap-decisions.xml``). Each maker gives Django's views a new
# sitemap for each request: a sitemap writes its latest change (``latest_lastmod``) as it writes
# its page, which a sitemap shared by two threads serving two pages would mix up.
SITEMAPS = {
    "pages": ListPageSitemap,
    **{
        kind.sitemap_section: functools.partial(RecordSitemap, kind)
        for kind in PUBLIC_TYPES
        if kind.detail_url
    },
}


@dataclass(frozen=True)
class PublishedRecords:
    """A model's published records, as the sitemap index names them: how many, and when the
    latest of them changed (None when there is none)."""

    count: int
    latest: datetime.datetime | None


# The models a sitemap names: the records with pages, and those the list pages list.
SITEMAP_MODELS = tuple(
    dict.fromkeys(
        [*ListPageSitemap.pages.values(), *(kind.model for kind in PUBLIC_TYPES if kind.detail_url)]
    )
)


def read_published():
    """``{model: PublishedRecords}`` for every model the sitemaps name, in one statement: the
    index asked each sitemap for its count and its latest change in turn, 15 queries."""
    sql, parameters = compiled("sitemaps: published", _published_statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    updated_at = SITEMAP_MODELS[0]._meta.get_field("updated_at")
    return {
        SITEMAP_MODELS[index]: PublishedRecords(count, converted(updated_at, latest))
        for index, count, latest in rows
    }


def _published_statement():
    """Each model's count of published records and latest change, a row a model (UNION ALL)."""
    updated_at = connection.ops.quote_name("updated_at")
    selects, parameters = [], []
    for index, model in enumerate(SITEMAP_MODELS):
        sql, params = sql_of(model.objects.published().order_by().values_list("pk", "updated_at"))
        selects.append(
            f"SELECT {index}, COUNT(*), MAX(published.{updated_at}) FROM ({sql}) published"
        )
        parameters += params
    return " UNION ALL ".join(selects), parameters


def index(request, sitemaps, **kwargs):
    """Django's sitemap index, every sitemap's count and latest change read in one statement
    (``sitemaps``: a maker of each sitemap, as ``SITEMAPS``)."""
    published = read_published()
    known = {name: make(published=published) for name, make in sitemaps.items()}
    return sitemap_views.index(request, known, **kwargs)
