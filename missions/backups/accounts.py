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

from .scope import BackupError

FLAGS = {"is_superuser": "superuser", "is_staff": "staff", "is_active": "active"}
EFFECTS = {CASCADE: "deleted with it", SET_NULL: "kept, naming no one"}


def quoted(name):
    """A name from the backup as it is printed: quoted, so no name can pass for a plan line."""
    return json.dumps(name, ensure_ascii=False)


def listed(names):
    return ", ".join(quoted(n) for n in sorted(names)) or "none"


def counted(model, count):
    return model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural


def yes_no(value):
    return "yes" if value else "no"


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
                "the backup holds no active superuser, so restoring its accounts would leave no "
                "one who can manage accounts: create one where the backup was made (manage.py "
                "createsuperuser) and export again",
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
        for model, noun in ((self.user, "Accounts"), (self.group, "Groups")):
            before, pks = self._database(model)
            after = self.backup[model]
            added = sorted(set(after) - set(before))
            deleted = sorted(set(before) - set(after))
            changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
            lines.append(
                f"{noun} ({model._meta.label_lower}): {len(added)} added, {len(changed)} "
                f"changed, {len(deleted)} deleted, "
                f"{len(after) - len(added) - len(changed)} unchanged"
            )
            lines += [f"  added    {quoted(k[0])}: {self._describe(after[k])}" for k in added]
            lines += [
                f"  changed  {quoted(k[0])}: {self._differences(before[k], after[k])}"
                for k in changed
            ]
            dependants = self._dependants(model, [pks[k] for k in deleted])
            for key in deleted:
                consequences = "".join(
                    f"; {count} {counted(related, count)} ({related._meta.label_lower}) "
                    f"{EFFECTS.get(effect, f'handled by on_delete={effect.__name__}')}"
                    for related, effect, count in dependants.get(pks[key], [])
                )
                lines.append(
                    f"  deleted  {quoted(key[0])} ({self._describe(before[key])}){consequences}"
                )
                deleted_logs += sum(
                    count
                    for related, _effect, count in dependants.get(pks[key], [])
                    if related._meta.label_lower == "admin.logentry"
                )
        if apps.is_installed("django.contrib.admin"):
            total = apps.get_model("admin.logentry")._base_manager.using(self.using).count()
            lines.append(
                f"Admin log ({total} entries, not in backups): kept, except {deleted_logs} "
                "entries of deleted accounts, deleted with them"
                if deleted_logs
                else f"Admin log ({total} entries, not in backups): kept whole"
            )
        return lines

    def _describe(self, state):
        if "is_superuser" not in state:
            return f"permissions {self._permissions(state['permissions'])}"
        flags = [name for attname, name in FLAGS.items() if state[attname]]
        if not state["is_active"]:
            flags.append("inactive")
        parts = [
            ", ".join(flags),
            f"groups {listed(self.group_names[pk] for pk in state['groups'])}",
        ]
        if state["user_permissions"]:
            parts.append(f"permissions {self._permissions(state['user_permissions'])}")
        return "; ".join(parts)

    def _permissions(self, pks):
        return ", ".join(sorted(self.permission_names[pk] for pk in pks)) or "none"

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
                told.append(f"groups {listed(old_names)} -> {listed(new_names)}")
            elif name in ("permissions", "user_permissions"):
                changes = [("gained", new - old), ("lost", old - new)]
                told += [
                    f"permissions {verb} {self._permissions(pks)}" for verb, pks in changes if pks
                ]
            elif name == "password":
                told.append("password changed")
            else:
                told.append(f"{name.replace('_', ' ')} changed")
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
