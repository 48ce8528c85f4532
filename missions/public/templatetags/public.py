"""Template tags for the public pages: numbered source footnotes, dates at their precision, JSON-LD.

Footnotes: a page's ``Footnotes`` (made by the view) numbers each quoted source sentence once, in
the order the page first cites it. ``{% cite record text %}`` marks the sentences of ``record`` that
support ``text``; ``{% cite_rest record %}`` marks those the page has not yet attached to any of the
record's texts, so every citation of every record shown is numbered somewhere (``{% further_sources
record %}`` does the same as a phrase: "sources 5, 8 and 12"); ``{% footnotes %}`` then lists the
quoted sentences, each linked to its sentence on its source's page.
"""

import json
import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext, pgettext

from missions.models import if_public

from ..footnotes import supports

register = template.Library()

# Escapes that keep JSON inside <script type="application/ld+json"> from closing the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _references(numbers):
    if not numbers:
        return ""
    links = format_html_join(
        ", ",
        '<a href="#note-{0}" class="note-ref"><span class="visually-hidden">{1} </span>{0}</a>',
        ((number, pgettext("a footnote reference", "source")) for number in numbers),
    )
    return format_html('<sup class="note-refs">{}</sup>', links)


@register.simple_tag(takes_context=True)
def cite(context, record, text=None):
    """Footnote references for the sources of ``record`` that support ``text`` (all of the
    record's sources when no text is given)."""
    footnotes = context.get("footnotes")
    if footnotes is None or record is None:
        return ""
    citations = record.quotes
    if text is not None:
        citations = [c for c in citations if supports(c.text, text)]
    return _references(footnotes.attach(record, citations))


@register.simple_tag(takes_context=True)
def cite_rest(context, record):
    """Footnote references for the sources of ``record`` not yet cited next to one of its texts."""
    footnotes = context.get("footnotes")
    if footnotes is None:
        return ""
    return _references(footnotes.attach(record, footnotes.unattached(record)))


@register.simple_tag(takes_context=True)
def further_sources(context, record):
    """The sources of ``record`` not yet cited next to one of its texts, as a phrase that reads
    in a sentence, its notes in order: "sources 5, 8 and 12" (nothing when there are none)."""
    footnotes = context.get("footnotes")
    if footnotes is None:
        return ""
    numbers = sorted(footnotes.attach(record, footnotes.unattached(record)))
    if not numbers:
        return ""
    links = [format_html('<a href="#note-{0}" class="note-ref">{0}</a>', n) for n in numbers]
    listed = (
        links[0]
        if len(links) == 1
        else format_html(
            "{}{}{}",
            mark_safe(escape(pgettext("between items of a list", ", ")).join(links[:-1])),
            pgettext("between the last two of a list", " and "),
            links[-1],  # each escaped above
        )
    )
    phrase = ngettext("source %(notes)s", "sources %(notes)s", len(links))
    return mark_safe(escape(phrase) % {"notes": listed})  # the phrase escaped, the links above


@register.inclusion_tag("public/includes/footnotes.html", takes_context=True)
def footnotes(context):
    notes = context.get("footnotes")
    return {"citations": notes.citations if notes else []}


@register.simple_tag
def partial_date(value):
    """A ``PartialDate`` as readers see it, machine-readable in <time datetime>: 'July 2018';
    nothing for None."""
    if value is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.iso, value.text)


@register.filter
def public(record):
    """The record if the public may see it, else None: drafts are never shown or linked."""
    return if_public(record)


@register.filter
def paragraphs(text):
    """A text's paragraphs (split at blank lines), so each can carry its own footnotes."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


@register.filter
def jsonld(data):
    """JSON for a <script type="application/ld+json"> data block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # escaped above
