"""What restoring accounts does, told account by account before anything is written.

A backup made with ``--with-users`` replaces every account and group, so a doctored one could
delete the superuser and the editors and let in a superuser of its own, while the plan said
only "auth.user 1 added 2 deleted". So the restore names each account and group it adds,
changes and deletes, with what changes (superuser, staff, active, groups, permissions, password),
says what happens to the rows outside the backup that point at a deleted account (the admin
log, history's authors), and refuses a backup that would leave no active superuser.
"""

import json

from django.apps import apps
from django.db.models import CASCADE, SET_NULL, Count
from django.utils.translation import gettext, pgettext, pgettext_lazy

from .scope import BackupError

FLAGS = {
    "is_superuser": pgettext_lazy("account", "superuser"),
    "is_staff": pgettext_lazy("account", "staff"),
    "is_active": pgettext_lazy("account", "active"),
}
EFFECTS = {
    CASCADE: pgettext_lazy("rows of a deleted account", "deleted with it"),
    SET_NULL: pgettext_lazy("rows of a deleted account", "kept, naming no one"),
}
# What the plan does to each account or group, as its lines start (padded so names align).
ADDED = pgettext_lazy("account plan", "added")
CHANGED = pgettext_lazy("account plan", "changed")
DELETED = pgettext_lazy("account plan", "deleted")


def quoted(name):
    """A name from the backup as it is printed: quoted, so no name can pass for a plan line."""
    return json.dumps(name, ensure_ascii=False)


def listed(names):
    return ", ".join(quoted(n) for n in sorted(names)) or pgettext("no names", "none")


def groups(names):
    return gettext("groups %(names)s") % {"names": names}


def permissions(names):
    return gettext("permissions %(names)s") % {"names": names}


def handled_by(on_delete):
    """What deleting an account does to rows whose ``on_delete`` has no words here."""
    return gettext("handled by on_delete=%(name)s") % {"name": on_delete.__name__}


def counted(model, count):
    return model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural


def yes_no(value):
    return gettext("yes") if value else gettext("no")


class Accounts:
    """Collects the accounts and groups of the backup and of the database, and tells apart
    what a restore adds, changes and deletes."""

    def __init__(self, specs, ids, using, path):
        self.user = apps.get_model("auth.user")
        self.group = apps.get_model("auth.group")
        self.specs = specs
        self.ids = ids
        self.using = using
        self.path = path
        self.backup = {self.user: {}, self.group: {}}

    def note(self, spec, instance, row):
        """Keep what an account or group of the backup holds (called for each of its rows)."""
        if spec.model in self.backup:
            m2m = {field.name: frozenset(pks) for field, pks in row.m2m.items()}
            self.backup[spec.model][row.key] = self._state(spec, instance, m2m)

    def _state(self, spec, instance, m2m):
        fields = {f.name: f.value_from_object(instance) for f in spec.fields if not f.primary_key}
        return {**fields, **{f.name: m2m.get(f.name, frozenset()) for f in spec.m2m}}

    def _database(self, model):
        """Natural key -> state, and natural key -> primary key, of the database's rows."""
        spec = self.specs[model]
        relations = {}
        for field in spec.m2m:
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            pairs = through._base_manager.using(self.using).values_list(source, target)
            for pk, related in pairs:
                relations.setdefault((field.name, pk), set()).add(related)
        states, pks = {}, {}
        for row in model._base_manager.using(self.using).order_by("pk"):
            key = tuple(row.natural_key())
            m2m = {f.name: frozenset(relations.get((f.name, row.pk), ())) for f in spec.m2m}
            states[key] = self._state(spec, row, m2m)
            pks[key] = row.pk
        return states, pks

    def report(self):
        """The plan's lines about accounts, groups and the admin log; refuses a backup that
        would leave no active superuser."""
        if not any(s["is_superuser"] and s["is_active"] for s in self.backup[self.user].values()):
            raise BackupError(
                gettext(
                    "the backup holds no active superuser, so restoring its accounts would leave "
                    "no one who can manage accounts: create one where the backup was made "
                    "(manage.py createsuperuser) and export again"
                ),
                path=self.path,
            )
        self.group_names = {pk: key[0] for key, pk in self.ids[self.group].items()}
        permission = apps.get_model("auth.permission")
        self.permission_names = {
            p.pk: f"{p.content_type.app_label}.{p.codename}"
            for p in permission._base_manager.using(self.using).select_related("content_type")
        }
        lines = []
        deleted_logs = 0
        for model, noun in ((self.user, gettext("Accounts")), (self.group, gettext("Groups"))):
            before, pks = self._database(model)
            after = self.backup[model]
            added = sorted(set(after) - set(before))
            deleted = sorted(set(before) - set(after))
            changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
            lines.append(
                gettext(
                    "%(noun)s (%(model)s): %(added)s added, %(changed)s changed, %(deleted)s "
                    "deleted, %(unchanged)s unchanged"
                )
                % {
                    "noun": noun,
                    "model": model._meta.label_lower,
                    "added": len(added),
                    "changed": len(changed),
                    "deleted": len(deleted),
                    "unchanged": len(after) - len(added) - len(changed),
                }
            )
            lines += [f"  {ADDED:<9}{quoted(k[0])}: {self._describe(after[k])}" for k in added]
            lines += [
                f"  {CHANGED:<9}{quoted(k[0])}: {self._differences(before[k], after[k])}"
                for k in changed
            ]
            dependants = self._dependants(model, [pks[k] for k in deleted])
            for key in deleted:
                consequences = "".join(
                    f"; {count} {counted(related, count)} ({related._meta.label_lower}) "
                    + str(EFFECTS.get(effect) or handled_by(effect))
                    for related, effect, count in dependants.get(pks[key], [])
                )
                lines.append(
                    f"  {DELETED:<9}{quoted(key[0])} ({self._describe(before[key])}){consequences}"
                )
                deleted_logs += sum(
                    count
                    for related, _effect, count in dependants.get(pks[key], [])
                    if related._meta.label_lower == "admin.logentry"
                )
        if apps.is_installed("django.contrib.admin"):
            total = apps.get_model("admin.logentry")._base_manager.using(self.using).count()
            if deleted_logs:
                told = gettext(
                    "Admin log (%(total)s entries, not in backups): kept, except %(deleted)s "
                    "entries of deleted accounts, deleted with them"
                )
            else:
                told = gettext("Admin log (%(total)s entries, not in backups): kept whole")
            lines.append(told % {"total": total, "deleted": deleted_logs})
        return lines

    def _describe(self, state):
        if "is_superuser" not in state:
            return permissions(self._permissions(state["permissions"]))
        flags = [str(name) for attname, name in FLAGS.items() if state[attname]]
        if not state["is_active"]:
            flags.append(pgettext("account", "inactive"))
        parts = [
            ", ".join(flags),
            groups(listed(self.group_names[pk] for pk in state["groups"])),
        ]
        if state["user_permissions"]:
            parts.append(permissions(self._permissions(state["user_permissions"])))
        return "; ".join(parts)

    def _permissions(self, pks):
        names = ", ".join(sorted(self.permission_names[pk] for pk in pks))
        return names or pgettext("no names", "none")

    def _differences(self, before, after):
        told = []
        for name in before:
            old, new = before[name], after[name]
            if old == new:
                continue
            if name in FLAGS:
                told.append(f"{FLAGS[name]} {yes_no(old)} -> {yes_no(new)}")
            elif name == "groups":
                old_names = (self.group_names[pk] for pk in old)
                new_names = (self.group_names[pk] for pk in new)
                told.append(groups(f"{listed(old_names)} -> {listed(new_names)}"))
            elif name in ("permissions", "user_permissions"):
                if new - old:
                    told.append(
                        gettext("permissions gained %(names)s")
                        % {"names": self._permissions(new - old)}
                    )
                if old - new:
                    told.append(
                        gettext("permissions lost %(names)s")
                        % {"names": self._permissions(old - new)}
                    )
            elif name == "password":
                told.append(gettext("password changed"))
            else:
                told.append(gettext("%(field)s changed") % {"field": name.replace("_", " ")})
        return "; ".join(told)

    def _dependants(self, model, pks):
        """Rows outside the backup that point at the deleted ``pks``: for each pk, the related
        model, what deleting it does to them, and how many there are."""
        found = {}
        if not pks:
            return found
        # Hidden relations too: simple-history's history_user has no reverse name.
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
                continue
            related = relation.related_model
            if related in self.specs or related._meta.auto_created:
                continue
            attname = relation.field.attname
            counts = (
                related._base_manager.using(self.using)
                .filter(**{f"{attname}__in": pks})
                .order_by()
                .values_list(attname)
                .annotate(count=Count("pk"))
            )
            for pk, count in counts:
                found.setdefault(pk, []).append((related, relation.on_delete, count))
        return found
