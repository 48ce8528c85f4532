"""Template tags for the public pages: numbered source footnotes, dates at their precision, JSON-LD.

Footnotes: a page's ``Footnotes`` (made by the view) numbers each quoted source sentence once, in
the order the page first cites it. ``{% cite record text %}`` marks the sentences of ``record`` that
support ``text``; ``{% cite_rest record %}`` marks those the page has not yet attached to any of the
record's texts, so every citation of every record shown is numbered somewhere; ``{% footnotes %}``
then lists the quoted sentences.
"""

import json
import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from missions.dates import format_partial_date, iso_partial_date
from missions.models import Status

register = template.Library()

_WORD = re.compile(r"\w+")
# Words most sentences of the record share: they tell nothing about which one supports a text.
_COMMON_WORDS = {
    "nato",
    "mission",
    "iraq",
    "iraqi",
    "that",
    "with",
    "from",
    "their",
    "this",
    "also",
}
# Escapes that keep JSON inside <script type="application/ld+json"> from closing the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _content_words(text):
    return {word for word in _WORD.findall(text.lower()) if len(word) > 3} - _COMMON_WORDS


def supports(sentence, text):
    """Whether a source sentence states (much of) a text: at least three shared content words, and
    at least 60% of the words of the shorter of the two."""
    sentence_words, text_words = _content_words(sentence), _content_words(text)
    shared = len(sentence_words & text_words)
    return shared >= max(3, 0.6 * min(len(sentence_words), len(text_words)))


class Footnotes:
    """The numbered source sentences of one page, in the order the page first cites them."""

    def __init__(self):
        self.citations = []
        self._numbers = {}
        self._attached = {}

    def number(self, citation):
        if citation.pk not in self._numbers:
            self.citations.append(citation)
            self._numbers[citation.pk] = len(self.citations)
        return self._numbers[citation.pk]

    def attach(self, record, citations):
        """Numbers for ``citations``, remembered as shown for ``record``."""
        self._attached.setdefault(_key(record), set()).update(c.pk for c in citations)
        return [self.number(citation) for citation in citations]

    def unattached(self, record):
        attached = self._attached.get(_key(record), set())
        return [c for c in record.citations.all() if c.pk not in attached]


def _key(record):
    return (record._meta.label, record.pk)


def _references(numbers):
    if not numbers:
        return ""
    links = format_html_join(
        ", ",
        '<a href="#note-{0}" class="note-ref"><span class="visually-hidden">source </span>{0}</a>',
        ((number,) for number in numbers),
    )
    return format_html('<sup class="note-refs">{}</sup>', links)


@register.simple_tag(takes_context=True)
def cite(context, record, text=None):
    """Footnote references for the sources of ``record`` that support ``text`` (all of the
    record's sources when no text is given)."""
    footnotes = context.get("footnotes")
    if footnotes is None or record is None:
        return ""
    citations = list(record.citations.all())
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


@register.inclusion_tag("includes/footnotes.html", takes_context=True)
def footnotes(context):
    notes = context.get("footnotes")
    return {"citations": notes.citations if notes else []}


@register.simple_tag
def partial_date(value, precision):
    """A date at its precision, machine-readable in <time datetime>: 'July 2018'."""
    shown = format_partial_date(value, precision)
    if not shown:
        return ""
    return format_html('<time datetime="{}">{}</time>', iso_partial_date(value, precision), shown)


@register.filter
def public(record):
    """The record if the public may see it, else None: drafts are never shown or linked."""
    if getattr(record, "status", None) == Status.PUBLISHED:
        return record
    return None


@register.filter
def paragraphs(text):
    """A text's paragraphs (split at blank lines), so each can carry its own footnotes."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


@register.filter
def jsonld(data):
    """JSON for a <script type="application/ld+json"> data block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # escaped above
