"""What deleting a record does, said plainly on the admin's delete confirmation.

Django's confirmation lists every row the deletion touches, link tables included
("Institution_citations object (5)"), which editors cannot read. Here it says what an editor
needs to decide: which other records lose their link to it ("Ministry of Interior will be removed
from 1 mission and 2 decisions"), and which records are deleted with it (a mission's principles
and key facts). Its own links (the citations it cites) need no mention: they go with it, and
come back when it is restored.
"""

from collections import defaultdict

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


def counted(records):
    """“1 mission and 2 decisions (A, B)”: records grouped by kind, each kind with its names."""
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record._meta].append(record)
    parts = []
    for opts, group in sorted(by_kind.items(), key=lambda item: item[0].verbose_name):
        kind = opts.verbose_name if len(group) == 1 else opts.verbose_name_plural
        names = ", ".join(f"“{record}”" for record in sorted(group, key=str))
        parts.append(f"{len(group)} {kind} ({names})")
    return get_text_list(parts, _("and"))


def collect(record):
    """Django's collector for deleting ``record``: what it deletes, updates and is refused by."""
    collector = NestedObjects(using=router.db_for_write(type(record)))
    collector.collect([record])
    return collector


def deletion_effects(record):
    """Sentences saying what deleting ``record`` does to other records, plainly."""
    collector = collect(record)
    removed_from, deleted_with = set(), set()
    for model, rows in collector.model_objs.items():
        if model._meta.auto_created:
            removed_from.update(other_sides(model, rows, record))
        elif model is not type(record):
            deleted_with.update(rows)
    for (field, _value), groups in collector.field_updates.items():
        for group in groups:
            removed_from.update(row for row in group if field.related_model is type(record))
    effects = []
    if removed_from:
        effects.append(
            _("“%(record)s” will be removed from %(others)s.")
            % {"record": record, "others": counted(removed_from)}
        )
    if deleted_with:
        effects.append(
            _("Deleting “%(record)s” also deletes %(others)s.")
            % {"record": record, "others": counted(deleted_with)}
        )
    if not effects:
        effects.append(_("No other record links to “%(record)s”.") % {"record": record})
    return effects


def other_sides(through, rows, record):
    """The records on the other side of the link-table rows that deleting ``record`` removes,
    when those links are theirs (a mission advising the institution), not ``record``'s own (the
    citations it cites). A link table's ``auto_created`` is the model declaring the relation."""
    if through._meta.auto_created is type(record):
        return []
    other = next(
        field
        for field in through._meta.fields
        if field.related_model is not None and field.related_model is not type(record)
    )
    return [getattr(row, other.name) for row in rows]
