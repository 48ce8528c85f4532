"""Reading source documents: the numbered sentences that citations quote.

A line break ends a paragraph (and so a sentence); within a paragraph, sentences end at ".", "!"
or "?" followed by a space. A citation's number is its sentence's position in the whole document,
from 1.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: its number (from 1), its text, and the paragraph (from 0)
    it belongs to, so a page can show the document's paragraphs."""

    number: int
    text: str
    paragraph: int


@lru_cache(maxsize=16)
def sentences(text):
    """The document's sentences in order, numbered from 1 (remembered for the last few texts:
    checking every citation of a document splits it once)."""
    numbered = []
    paragraphs = (line.strip() for line in text.splitlines())
    for paragraph, line in enumerate(line for line in paragraphs if line):
        for sentence in _SENTENCE_END.split(line):
            if sentence:
                numbered.append(Sentence(len(numbered) + 1, sentence, paragraph))
    return tuple(numbered)


def split_sentences(text):
    """The document's sentences' texts in order; a citation's number is its position here,
    from 1."""
    return [sentence.text for sentence in sentences(text)]


def misquote(title, document, number, text):
    """Why a citation of sentence ``number`` with ``text`` does not quote the document
    ``title`` (whose text is ``document``) verbatim, or None when it does."""
    numbered = sentences(document)
    if 1 <= number <= len(numbered) and numbered[number - 1].text == text:
        return None
    if not 1 <= number <= len(numbered):
        problem = f"“{title}” has {len(numbered)} sentences, so there is no sentence {number}"
    else:
        problem = (
            f"its text is not sentence {number} of “{title}”, which reads: "
            f"“{numbered[number - 1].text}”"
        )
    elsewhere = [sentence.number for sentence in numbered if sentence.text == text]
    advice = (
        f"The text is sentence {elsewhere[0]}: give that number."
        if elsewhere
        else "Copy the sentence exactly as the source words it, with its number."
    )
    return f"{problem}. {advice}"
