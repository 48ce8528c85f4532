"""Reading source documents: the numbered sentences that citations quote.

A line break ends a paragraph (and so a sentence); within a paragraph, sentences end at ".", "!"
or "?" followed by a space. A citation's number is its sentence's position in the whole document,
from 1.
"""

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: its number (from 1), its text, and the paragraph (from 0)
    it belongs to, so a page can show the document's paragraphs."""

    number: int
    text: str
    paragraph: int


def sentences(text):
    """The document's sentences in order, numbered from 1."""
    numbered = []
    paragraphs = (line.strip() for line in text.splitlines())
    for paragraph, line in enumerate(line for line in paragraphs if line):
        for sentence in _SENTENCE_END.split(line):
            if sentence:
                numbered.append(Sentence(len(numbered) + 1, sentence, paragraph))
    return numbered


def split_sentences(text):
    """The document's sentences' texts in order; a citation's number is its position here,
    from 1."""
    return [sentence.text for sentence in sentences(text)]
