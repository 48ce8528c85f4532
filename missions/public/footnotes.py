"""A page's numbered source footnotes, and which of a record's source sentences support a text.

Each public page numbers each quoted source sentence once, in the order the page first cites it
(``Footnotes``, made by the view); the template tags in ``templatetags/public.py`` attach the
numbers to the texts they support and list the sentences at the foot of the page.
"""

import functools
import re
from dataclasses import dataclass

from django.db.models import F, IntegerField, Value

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


@functools.lru_cache(maxsize=4096)
def content_words(text):
    """The words that tell ``text`` apart; remembered, as a page matches each source sentence
    against many texts and the same sentences recur on every page."""
    words = {word for word in _WORD.findall(text.lower()) if len(word) > 3}
    return frozenset(words - _COMMON_WORDS)


def supports(sentence, text):
    """Whether a source sentence states (much of) a text: at least three shared content words, and
    at least 60% of the words of the shorter of the two."""
    sentence_words, text_words = content_words(sentence), content_words(text)
    shared = len(sentence_words & text_words)
    return shared >= max(3, 0.6 * min(len(sentence_words), len(text_words)))


@dataclass(frozen=True)
class Quote:
    """A cited source sentence as a page shows it: no model instance is needed for that."""

    pk: int
    text: str
    number: int
    source_id: int
    source_title: str

    @property
    def order(self):
        """Citations' own order (``Citation.Meta.ordering``: by source, whose order is by title,
        then by number)."""
        return (self.source_title, self.source_id, self.number)


def load_citations(*groups):
    """Give every record of ``groups`` (iterables of records of any kinds; None is skipped) its
    cited sentences, in order, as ``record.quotes``: one query for the whole page.

    A prefetch of each kind's citations costs a query per kind and builds a Citation and a
    Source instance for every (record, sentence) pair, while pages cite the same few sentences
    again and again; here each row is a tuple, and each sentence one ``Quote``.
    """
    records = {}
    for group in groups:
        for record in group:
            if record is not None:
                record.quotes = []
                records.setdefault(type(record), {}).setdefault(record.pk, []).append(record)
    if not records:
        return
    kinds = list(records)
    queries = []
    for index, model in enumerate(kinds):
        field = model._meta.get_field("citations")
        through, owner = field.remote_field.through, field.m2m_field_name()
        queries.append(
            through.objects.filter(**{f"{owner}__in": list(records[model])})
            .annotate(kind=Value(index, output_field=IntegerField()), owner=F(owner))
            .values_list(
                "kind",
                "owner",
                "citation_id",
                "citation__text",
                "citation__number",
                "citation__source_id",
                "citation__source__title",
            )
        )
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    quotes = {}
    for kind, owner, pk, *fields in rows:
        quote = quotes.get(pk) or quotes.setdefault(pk, Quote(pk, *fields))
        for record in records[kinds[kind]][owner]:
            record.quotes.append(quote)
    for by_pk in records.values():
        for same in by_pk.values():
            for record in same:
                record.quotes.sort(key=Quote.order.fget)


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
        self._attached.setdefault(record_key(record), set()).update(c.pk for c in citations)
        return [self.number(citation) for citation in citations]

    def unattached(self, record):
        attached = self._attached.get(record_key(record), set())
        return [c for c in record.quotes if c.pk not in attached]


def record_key(record):
    return (record._meta.label, record.pk)
