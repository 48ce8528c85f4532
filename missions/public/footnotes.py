"""A page's numbered source footnotes, and which of a record's source sentences support a text.

Each public page numbers each quoted source sentence once, in the order the page first cites it
(``Footnotes``, made by the view); the functions of ``templating/parts.py`` attach the
numbers to the texts they support and list the sentences at the foot of the page.
"""

import functools
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.translation import pgettext

from missions.languages import TRANSLATIONS, column
from missions.models import Citation, Record, Source

from .statements import converted, fetched

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


@functools.lru_cache(maxsize=16384)
def supports(sentence, text):
    """Whether a source sentence states (much of) a text: at least three shared content words, and
    at least 60% of the words of the shorter of the two. Remembered: a page asks it of each of a
    record's sentences for each of its texts (a mission's page, about 90 times), the same on
    every request."""
    sentence_words, text_words = content_words(sentence), content_words(text)
    shared = len(sentence_words & text_words)
    return shared >= max(3, 0.6 * min(len(sentence_words), len(text_words)))


# What a page shows of a cited source: footnotes and structured data name it, date it and link it.
QUOTED_SOURCE_FIELDS = (
    "title",
    "slug",
    "status",
    "publisher",
    "url",
    "published_on",
    "published_on_precision",
    "language",
)


@dataclass(frozen=True)
class Quote:
    """A cited source sentence as a page shows it, with its source (one instance a source) and
    the editors' translations of it, by language."""

    pk: int
    text: str
    number: int
    source: Source
    translations: dict


def load_citations(*groups):
    """Give every record of ``groups`` (iterables of records of any kinds; None is skipped) its
    cited sentences as ``record.quotes`` (none for a kind that cites nothing), in citations'
    order (by source, whose order is its title, then by number): one query for the whole page,
    which reads their sources too.

    A prefetch of each kind's citations costs a query per kind and builds a Citation and a
    Source instance for every (record, sentence) pair, while a page cites the same few sentences
    again and again, and compiling the ORM's query for it cost more than running it. Here one
    SQL statement, written from the models' tables, reads the links of every kind (UNION ALL)
    with their sentences and sources; each sentence becomes one ``Quote``, each source one
    ``Source``.
    """
    records = {}
    for group in groups:
        for record in group:
            if record is not None:
                record.quotes = []
                if isinstance(record, Record):  # a source holds sentences, cites none
                    records.setdefault(type(record), {}).setdefault(record.pk, []).append(record)
    if not records:
        return
    kinds = list(records)
    quote_name = connection.ops.quote_name
    links, parameters = [], []
    for index, model in enumerate(kinds):
        field = model._meta.get_field("citations")
        through = field.remote_field.through._meta
        owner = quote_name(through.get_field(field.m2m_field_name()).column)
        cited = quote_name(through.get_field(field.m2m_reverse_field_name()).column)
        placeholders = ", ".join(["%s"] * len(records[model]))
        links.append(
            f"SELECT {index} AS record_kind, {owner} AS record_id, {cited} AS citation_id "
            f"FROM {quote_name(through.db_table)} WHERE {owner} IN ({placeholders})"
        )
        parameters += records[model]
    citation, source = quote_name(Citation._meta.db_table), quote_name(Source._meta.db_table)
    translations = ", ".join(f"c.{quote_name(column('translation', t))}" for t in TRANSLATIONS)
    source_columns = ", ".join(f"s.{quote_name(field.column)}" for field in _quoted_source_fields())
    sql = (
        f"SELECT l.record_kind, l.record_id, c.id, c.text, c.number, {translations}, "
        f"{source_columns} "
        f"FROM ({' UNION ALL '.join(links)}) l "
        f"JOIN {citation} c ON c.id = l.citation_id JOIN {source} s ON s.id = c.source_id "
        "ORDER BY s.title, s.id, c.number"
    )
    links = fetched(sql, parameters, prepared=True)
    quotes, sources = {}, {}
    first_source_column = 5 + len(TRANSLATIONS)
    for link in links:
        kind, owner, pk, text, number = link[:5]
        quote = quotes.get(pk)
        if quote is None:
            source_row = link[first_source_column:]
            source = sources.get(source_row[0]) or sources.setdefault(
                source_row[0], _source(source_row)
            )
            translated = link[5:first_source_column]
            quote = quotes[pk] = Quote(
                pk, text, number, source, dict(zip(TRANSLATIONS, translated, strict=True))
            )
        for record in records[kinds[kind]][owner]:
            record.quotes.append(quote)


def _quoted_source_fields():
    """The fields of a cited source a page reads, its key first."""
    return [Source._meta.pk, *(Source._meta.get_field(name) for name in QUOTED_SOURCE_FIELDS)]


def _source(row):
    """A Source (with only the fields a page reads, as ``only()`` would give) from its columns in
    ``load_citations``' statement."""
    fields = _quoted_source_fields()
    values = [converted(field, value) for field, value in zip(fields, row, strict=True)]
    return Source.from_db(connection.alias, [field.attname for field in fields], values)


class Footnotes:
    """The numbered source sentences of one page, in the order the page first cites them."""

    def __init__(self):
        self.citations = []
        self._numbers = {}
        self._attached = {}

    @functools.cached_property
    def reference_label(self):
        """What a footnote reference says before its number, for screen readers ("source"),
        escaped: translated once for the page's dozens of references."""
        return escape(pgettext("a footnote reference", "source"))

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
