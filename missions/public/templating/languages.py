"""Each public page's versions in the other languages: the ``hreflang`` links and ``og:locale``
in its ``<head>``, and the language switcher in its header (``language_links``).

A page's version in another language is the same page (same record, same list page) under that
language's prefix: the request's own URL match reversed in that language, as Django's
``translate_url`` finds it. The switcher keeps the query parameters the page's view reads
(``query_parameters``: a search's words, a timeline's filters), and only those, as the page cache
stores one page for all the others (``utm_source``, ...). The ``<head>`` links name the canonical
address's versions, without a query, as search engines expect; ``x-default`` is the address without
a language, which sends each visitor to the browser's language, as in the sitemaps
(missions.public.sitemaps).
"""

import contextlib
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from jinja2 import pass_context

from missions.addresses import view_address

# Open Graph's locale (language_TERRITORY) for each language of the site: English is British,
# Arabic is Facebook's ar_AR, the one it has for Arabic as a whole.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_AR"}


@dataclass(frozen=True)
class LanguageVersion:
    """The page in one language: its code, the language's name in itself, the switcher's link,
    the canonical address (None for a page without one) and whether it is the page shown."""

    code: str
    name: str
    url: str
    alternate: str | None
    current: bool

    @property
    def open_graph_locale(self):
        return OPEN_GRAPH_LOCALES[self.code]


@dataclass(frozen=True)
class LanguageVersions:
    """Every language's version of the page, in the order of LANGUAGES."""

    versions: list
    x_default: str | None

    @property
    def current(self):
        """The version shown; None in a language the site does not have."""
        return next((version for version in self.versions if version.current), None)

    @property
    def others(self):
        return [version for version in self.versions if not version.current]


@pass_context
def language_versions(context):
    """The page's LanguageVersions. A page that is no public view's (the 404 and 500 pages,
    which have no canonical address) links to each language's overview and names no
    alternates. Asked for once a page, by templates/public/base.html, for both the ``<head>``
    and the switcher."""
    request = context.get("request")
    canonical_url = context.get("canonical_url")
    if request is None or not canonical_url:
        canonical_url = None
    language = translation.get_language()
    paths = page_paths(request) if canonical_url else {}
    versions = [
        LanguageVersion(
            code=code,
            name=name,
            url=switcher_url(request, paths.get(code)) if canonical_url else overview(code),
            alternate=canonical_url and alternate_url(request, canonical_url, code, paths),
            current=code == language,
        )
        for code, name in settings.LANGUAGES
    ]
    x_default = canonical_url and without_language(
        alternate_url(request, canonical_url, settings.LANGUAGE_CODE, paths)
    )
    return LanguageVersions(versions, x_default)


def language_links(languages, part):
    """The page's ``LanguageVersions`` as HTML: with ``part`` "head", its ``og:locale`` and
    ``hreflang`` links; else the switcher, each language's name linking to its version of the
    page. Written here rather than as an included template, twice a page, which took a tenth of
    a small page's Python calls (bench/README.md); the values escaped and the message translated
    as ``_()`` does."""
    if part == "head":
        return mark_safe(_head_links(languages))  # each value escaped
    items = "".join(
        f'<li><a href="{escape(version.url)}" lang="{version.code}" hreflang="{version.code}"'
        f"{_CURRENT if version.current else ''}>{escape(version.name)}</a></li>\n          "
        for version in languages.versions
    )
    label = escape(_("Language"))
    return mark_safe(  # each value escaped above
        f'\n      <nav class="languages" aria-label="{label}">\n        <ul>'
        f"\n          {items}\n        </ul>\n      </nav>\n\n"
    )


_CURRENT = ' aria-current="true"'


def _head_links(languages):
    """The ``<head>``'s ``og:locale`` of the page's language and the others', and, for a page
    with a canonical address, its ``hreflang`` alternates, one a line."""
    current = languages.current.open_graph_locale if languages.current else ""
    lines = [f'<meta property="og:locale" content="{current}">']
    lines += [
        f'<meta property="og:locale:alternate" content="{version.open_graph_locale}">'
        for version in languages.others
    ]
    if languages.x_default:
        lines += [
            f'<link rel="alternate" hreflang="{version.code}" href="{escape(version.alternate)}">'
            for version in languages.versions
        ]
        default = escape(languages.x_default)
        lines.append(f'<link rel="alternate" hreflang="x-default" href="{default}">')
        return "\n  " + "\n  ".join(lines) + "\n\n"
    # A page without alternates (an error page) ends with the indent of the line they had.
    return "\n  " + "\n  ".join(lines) + "\n  \n\n"


def page_paths(request):
    """The path of the page ``request`` shows in each language that has it, by language code.

    The request's own URL match is reversed under each language, as ``translate_url`` would
    after resolving the address again: resolving it for the switcher and again for the
    ``<head>`` was two thirds of the cost of a page's language versions (bench/README.md); a
    public page's address in each language is worked out once (``view_address``)."""
    match = request.resolver_match
    if match is None or match.url_name is None:
        return {}
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code), contextlib.suppress(NoReverseMatch):
            if match.args:
                paths[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            else:
                paths[code] = view_address(match.view_name, match.kwargs)
    return paths


def overview(language):
    """The address of the overview in ``language``: where a page with no other version leads."""
    with translation.override(language):
        return view_address("public:home", {})


def switcher_url(request, path):
    """The address of the page ``request`` asks for at ``path`` (its path in another language;
    its own when it has none there), with the query parameters its view reads."""
    match = request.resolver_match
    names = getattr(getattr(match.func, "view_class", match.func), "query_parameters", None)
    query = urlencode(
        [
            (name, value)
            for name in (request.GET if names is None else names)
            for value in request.GET.getlist(name)
        ]
    )
    path = path or request.path_info
    return f"{path}?{query}" if query else path


def alternate_url(request, canonical_url, language, paths):
    """The canonical address ``canonical_url`` in ``language``, as ``translate_url`` gives it:
    from the page's own ``paths`` when the canonical address is the request's (every public
    page's, its query aside), else by resolving it."""
    scheme, host, path, query, fragment = urlsplit(canonical_url)
    if unquote(path) != request.path:
        return translate_url(canonical_url, language)
    if language not in paths:
        return canonical_url
    return urlunsplit((scheme, host, paths[language], query, fragment))


def without_language(url):
    """The address ``url``, the page in the default language, without its language prefix."""
    scheme, host, path, query, fragment = urlsplit(url)
    path = "/" + path.removeprefix(f"/{settings.LANGUAGE_CODE}/")
    return urlunsplit((scheme, host, path, query, fragment))
