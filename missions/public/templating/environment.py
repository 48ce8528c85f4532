"""The Jinja2 environment of the public pages (``TEMPLATES`` in nmi_site/settings.py).

It writes what Django's template language wrote, byte for byte:

- values are escaped as Django escapes them (``&#x27;``, ``&quot;``), not as MarkupSafe does
  (``&#39;``, ``&#34;``), so a page's bytes, its ETag and the stored pages do not change with
  the engine; ``{% trans %}``'s values go through ``escaped`` for the same reason;
- a variable a page does not have is empty, as in Django's templates, rather than an error;
- a template's last line break is kept, as Django keeps it;
- messages are Django's (``gettext``, ``pgettext``, ...), in the language Django activated, so
  the catalogues serve both engines and ``scripts/catalogues.py`` reads these templates with
  Jinja2's own extractor.
"""

import jinja2
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import translation
from markupsafe import Markup

from ..escaping import escaped
from . import languages, parts

# The templates Jinja2 writes: the public pages and the error pages. Every other name is left to
# Django's templates: the admin's, and the sitemaps' XML (public/sitemap.xml), which joins entries
# its view has escaped already.
ERROR_PAGES = ("400.html", "404.html", "500.html")


class PublicTemplates(jinja2.BaseLoader):
    """``loader``, limited to the public templates: asked for another template, it has none,
    and Django goes on to its next engine."""

    def __init__(self, loader):
        self.loader = loader

    def get_source(self, environment, template):
        if not (template.startswith("public/") and template.endswith(".html")) and (
            template not in ERROR_PAGES
        ):
            raise jinja2.TemplateNotFound(template)
        return self.loader.get_source(environment, template)


def escaped_markup(value):
    """``value`` as Django's ``{{ }}`` writes it: as it is where it is HTML, else escaped."""
    return value if hasattr(value, "__html__") else Markup(escaped(value))


GLOBALS = {
    "get_language": translation.get_language,
    "get_language_bidi": translation.get_language_bidi,
    "static": static,
    "language_versions": languages.language_versions,
    "language_links": languages.language_links,
    **{
        name: getattr(parts, name)
        for name in (
            "address",
            "cite",
            "cite_rest",
            "day_of",
            "decision_items",
            "decision_years",
            "focus_area_items",
            "footnote_items",
            "further_sources",
            "institution_since",
            "key_date_items",
            "key_fact_items",
            "lang_unless_page",
            "linked_items",
            "paragraph_items",
            "partial_date",
            "principle_items",
            "sentence_items",
            "site_part",
            "timeline_figure",
            "translated",
            "untranslated",
        )
    },
}

# Django's own filters where a template needs one, so they write what they wrote; Jinja2's of the
# same names (``striptags``, ``truncate``, ``urlencode``) differ in whitespace and quoting.
FILTERS = {
    **{
        name: getattr(defaultfilters, name)
        for name in ("date", "striptags", "truncatechars", "truncatewords", "urlencode")
    },
    "escaped": escaped_markup,
    "jsonld": parts.jsonld,
    "public": parts.public,
}


def environment(**options):
    """The public pages' environment, from the options Django's backend gives (``loader``
    reading ``DIRS``, ``autoescape``, ``auto_reload``)."""
    options.update(
        loader=PublicTemplates(options["loader"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.ChainableUndefined,
        finalize=escaped_markup,
        keep_trailing_newline=True,
    )
    env = jinja2.Environment(**options)
    env.install_gettext_callables(
        translation.gettext,
        translation.ngettext,
        newstyle=False,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(GLOBALS)
    env.filters.update(FILTERS)
    return env
