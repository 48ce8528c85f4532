"""A page's numbered source footnotes, and which of a record's source sentences support a text.

Each public page numbers each quoted source sentence once, in the order the page first cites it
(``Footnotes``, made by the view); the template tags in ``templatetags/public.py`` attach the
numbers to the texts they support and list the sentences at the foot of the page.
"""

import re

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


def content_words(text):
    return {word for word in _WORD.findall(text.lower()) if len(word) > 3} - _COMMON_WORDS


def supports(sentence, text):
    """Whether a source sentence states (much of) a text: at least three shared content words, and
    at least 60% of the words of the shorter of the two."""
    sentence_words, text_words = content_words(sentence), content_words(text)
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
        self._attached.setdefault(record_key(record), set()).update(c.pk for c in citations)
        return [self.number(citation) for citation in citations]

    def unattached(self, record):
        attached = self._attached.get(record_key(record), set())
        return [c for c in record.citations.all() if c.pk not in attached]


def record_key(record):
    return (record._meta.label, record.pk)
