"""Reading source documents: the sentences that citations quote."""

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text):
    """The document's sentences in order; a citation's number is its position here, from 1."""
    return [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence]
