"""Reading source documents: their text, and the numbered sentences that citations quote.

A line break ends a paragraph (and so a sentence). Within a paragraph, pySBD (rule-based sentence
boundary disambiguation) finds the sentences: abbreviations such as "U.S.", "Feb." and "No. 5",
quotations and numbered lists do not end one. Each sentence is the document's own text, character
for character, less the spaces around it. A citation's number is its sentence's position in the
whole document, from 1.

An HTML document becomes text with trafilatura, made to extract a web page's main text: its
paragraphs (and list items, headings, table rows) become lines; navigation, headers, footers,
scripts and styles are dropped.
"""

from dataclasses import dataclass
from functools import lru_cache

import pysbd
import trafilatura
from django.utils.translation import gettext, ngettext
from trafilatura.settings import use_config
from trafilatura.utils import decode_file

# trafilatura's defaults leave out a text shorter than a few hundred characters (a short press
# release would come out empty), and time extraction out with a signal, which only the main
# thread may use.
_EXTRACTION = use_config()
_EXTRACTION.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
_EXTRACTION.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
_EXTRACTION.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


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
    segmenter = pysbd.Segmenter(language="en", clean=False)
    paragraphs = (line.strip() for line in text.splitlines())
    for paragraph, line in enumerate(line for line in paragraphs if line):
        for sentence in verbatim(line, segmenter.segment(line)):
            numbered.append(Sentence(len(numbered) + 1, sentence, paragraph))
    return tuple(numbered)


def verbatim(line, segments):
    """The segments as they stand in ``line``, without the spaces around them: pySBD returns
    the text's own characters, and locating each one in the line makes sure of it (a segment
    not found in order is not taken apart from the rest of the line)."""
    found, start = [], 0
    for segment in segments:
        segment = segment.strip()
        at = line.find(segment, start) if segment else -1
        if at < 0:
            continue
        if line[start:at].strip():
            found.append(line[start:at].strip())
        found.append(segment)
        start = at + len(segment)
    if line[start:].strip():
        found.append(line[start:].strip())
    return found


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
        problem = ngettext(
            "“%(title)s” has %(count)s sentence, so there is no sentence %(number)s",
            "“%(title)s” has %(count)s sentences, so there is no sentence %(number)s",
            len(numbered),
        ) % {"title": title, "count": len(numbered), "number": number}
    else:
        problem = gettext(
            "its text is not sentence %(number)s of “%(title)s”, which reads: “%(sentence)s”"
        ) % {"number": number, "title": title, "sentence": numbered[number - 1].text}
    elsewhere = [sentence.number for sentence in numbered if sentence.text == text]
    if elsewhere:
        advice = gettext("The text is sentence %(number)s: give that number.") % {
            "number": elsewhere[0]
        }
    else:
        advice = gettext("Copy the sentence exactly as the source words it, with its number.")
    return gettext("%(problem)s. %(advice)s") % {"problem": problem, "advice": advice}


def text_from_html(html):
    """The main text of an HTML document (text, or bytes in the encoding the page declares or
    that trafilatura detects), a line a paragraph, without navigation, scripts or styles; ""
    when it has none. A fragment (paragraphs without a page around them) is read as a page's
    body."""
    if isinstance(html, bytes):
        html = decode_file(html)
    if "<body" not in html.lower():
        html = f"<html><body>{html}</body></html>"
    text = trafilatura.extract(
        html, favor_recall=True, include_comments=False, include_tables=True, config=_EXTRACTION
    )
    return text or ""
