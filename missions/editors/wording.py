"""Text put together when it is shown, not when a module is imported.

A label or help text declared on a class is read at import time, before any request has chosen a
language; ``gettext_lazy`` defers the translation, but ``gettext_lazy(...) % values`` would
translate at once. ``lazy_format`` defers both, so the text is in the language of the request
that shows it.
"""

from django.utils.functional import lazy


def _formatted(message, values):
    return str(message) % values


lazy_format = lazy(_formatted, str)
