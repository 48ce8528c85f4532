"""The Editors group's permissions: add, change, delete and view on every model editors keep (the
records, their sources and citations), and nothing else.

Migration 0002 creates the group. Its permissions come from the models themselves, granted after
every ``migrate`` (Django's ``post_migrate`` signal, once Django has created the permissions of
new models), so a record model added later needs no migration for its editors, and a permission
given to or taken from the group by hand is put right by the next ``migrate``.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router

from missions.models import Citation, Source, record_models

EDITORS_GROUP = "Editors"
# Editors who, when review is on (settings.EDITORIAL_REVIEW), publish the changes others submit.
# Membership is all it takes: the group needs no permission of its own.
PUBLISHERS_GROUP = "Publishers"
ACTIONS = ("add", "change", "delete", "view")


def edited_models():
    """The models editors keep: every kind of record, and the sources and citations they cite."""
    return [*record_models(), Source, Citation]


def grant_editors_permissions(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """After ``migrate`` of the record's app: give the Editors group, where it exists, exactly
    ``ACTIONS`` on ``edited_models()`` (those whose permissions the database has)."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated (yet) in this database
        return
    if not router.allow_migrate_model(using, Group):
        return
    group = Group.objects.using(using).filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    models = edited_models()
    group.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label__in={model._meta.app_label for model in models},
            codename__in=[
                f"{action}_{model._meta.model_name}" for model in models for action in ACTIONS
            ],
        )
    )
