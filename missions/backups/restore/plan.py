"""The plan: what a restore will do, and everything writing it needs, as one immutable value.

Checking returns it and writing takes nothing else, so the plan that was printed is the one
that is written. Its mappings are read-only views and its lists tuples.
"""

from dataclasses import dataclass
from types import MappingProxyType

from django.utils.translation import gettext

from ..scope import label
from .reading import Backup


@dataclass(frozen=True)
class ModelPlan:
    """What a restore does to one model's rows; ``changed_pks`` and ``deleted_pks`` are the
    database rows it rewrites and removes."""

    model: type
    added: int
    changed: int
    unchanged: int
    deleted: int
    changed_pks: tuple
    deleted_pks: tuple

    def line(self, width):
        """The model's line of the plan, its name padded to ``width`` so the counts align."""
        return f"  {label(self.model):<{width}}  " + gettext(
            "%(added)7d added  %(changed)7d changed  %(deleted)7d deleted  %(unchanged)7d unchanged"
        ) % {
            "added": self.added,
            "changed": self.changed,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True)
class Plan:
    """A checked backup and what writing it into database ``using`` does.

    ``models`` is one ``ModelPlan`` per model, in the backup's order (dependencies first);
    ``specs`` says how each model's records are read; ``ids`` gives, per model, the primary key
    each natural key has or will have; ``outside`` the primary keys of the database's records
    the backup refers to without holding them; ``to_write`` the line numbers of the records to
    add or rewrite; ``accounts`` the plan's lines about accounts and groups. Writing reads
    those lines from ``backup`` again, so the backup stays open until the plan is written.
    """

    backup: Backup
    using: str
    models: tuple
    specs: MappingProxyType
    ids: MappingProxyType
    outside: MappingProxyType
    to_write: frozenset
    accounts: tuple = ()

    @property
    def path(self):
        return self.backup.path

    @property
    def header(self):
        return self.backup.header

    @property
    def records(self):
        return self.backup.records

    @property
    def rows_to_write(self):
        return sum(p.added + p.changed for p in self.models)

    def lines(self):
        """The plan as the command prints it: a line per model, then the accounts'."""
        width = max(len(label(p.model)) for p in self.models)
        for model_plan in self.models:
            yield model_plan.line(width)
        yield from self.accounts
