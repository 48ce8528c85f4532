"""A record's public address: its page's address in the active language with its slug in place.

Lists, feeds and sitemaps link to hundreds of records, and ``reverse()`` walks the URL patterns
each time (15-19 µs a record). Each detail page's address is instead worked out once per
language, URL configuration and script prefix, with a placeholder where the slug goes, and each
record's slug is put in its place (6-7 µs, most of it reading those three): the same address,
as the tests check against ``reverse``.
"""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What Django's <slug:...> converter matches: such a slug is written into an address as it is.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "slug-placeholder"
# (view name, language, script prefix, URL configuration) -> (address before, after the slug).
_PATTERNS = {}
# The same key -> the address of a view that takes no argument.
_ADDRESSES = {}


def slug_address(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, from the view's address worked out once."""
    if not _SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})  # whatever reverse makes of it
    before, after = _pattern(viewname)
    return f"{before}{slug}{after}"


def slug_addresses(viewname, slugs):
    """``slug_address`` of each of ``slugs``, with the view's address read once for them all: a
    page of a sitemap names a thousand."""
    before, after = _pattern(viewname)
    return [
        f"{before}{slug}{after}" if _SLUG.fullmatch(slug) else slug_address(viewname, slug)
        for slug in slugs
    ]


def view_address(viewname, kwargs):
    """``reverse(viewname, kwargs=kwargs)``, from the view's address worked out once when it
    takes no argument or a slug only, as every public page does: a page names its own address
    in each language (``missions.public.templating.languages.page_paths``)."""
    if kwargs.keys() == {"slug"}:
        return slug_address(viewname, kwargs["slug"])
    if kwargs:
        return reverse(viewname, kwargs=kwargs)
    key = _key(viewname)
    address = _ADDRESSES.get(key)
    if address is None:
        address = _ADDRESSES[key] = reverse(viewname)
    return address


def _pattern(viewname):
    """The view's address in the active language, as the parts before and after the slug."""
    key = _key(viewname)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        address = reverse(viewname, kwargs={"slug": _PLACEHOLDER})
        pattern = _PATTERNS[key] = tuple(address.split(_PLACEHOLDER))
    return pattern


def _key(viewname):
    """What a view's address depends on besides its arguments."""
    return (viewname, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
