"""Previews of unsaved edits: the one thing the admin and the public pages agree on about them.

The admin's "Preview" renders a record's public page with the values of the form the editor has
not saved. The admin may not import the public site (docs/architecture.md), so it finds the page's
view from the record's public address and hands it the edited values on the request: a
``Preview`` under ``request.record_preview``, which no visitor's request can carry. The view reads
the record as usual (with everything it fetches alongside), then puts the edited values over it
with ``Preview.apply``: nothing is written, and the page is never cached.
"""

import copy
from dataclasses import dataclass, field

from django.db.models import Prefetch

ATTRIBUTE = "record_preview"


@dataclass(frozen=True)
class Preview:
    """A record with the edited values of its fields, and the keys its many-to-many relations
    would hold (``{"citations": [3, 4]}``)."""

    record: object
    relations: dict = field(default_factory=dict)

    def apply(self, stored, lookups):
        """Put the edited values over ``stored``, the record as the page's view fetched it with
        its ``prefetch_related`` ``lookups``: a relation the view prefetched with its own
        queryset (published records only, say) keeps that queryset, narrowed to the chosen
        records."""
        for column in stored._meta.concrete_fields:
            old, new = column.value_from_object(stored), column.value_from_object(self.record)
            setattr(stored, column.attname, new)
            if column.is_relation and old != new:
                stored._state.fields_cache.pop(column.name, None)
        querysets = {
            lookup.prefetch_to: lookup.queryset
            for lookup in lookups
            if isinstance(lookup, Prefetch) and lookup.queryset is not None
        }
        cache = stored.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, keys in self.relations.items():
            related = stored._meta.get_field(name).related_model
            queryset = querysets.get(name, related._default_manager.all())
            cache[name] = queryset.filter(pk__in=keys)
        return stored


def previewing(request):
    """The preview the request carries, or None for every ordinary request."""
    return getattr(request, ATTRIBUTE, None)


def carrying(request, preview):
    """A copy of ``request`` for the public view: a GET (the pages answer nothing else) that
    carries ``preview``. The admin's own request, which middleware still reads, stays a POST."""
    readied = copy.copy(request)
    setattr(readied, ATTRIBUTE, preview)
    readied.method = "GET"
    return readied
