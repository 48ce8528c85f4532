"""The Editors group: add, change, delete and view permissions on the content models, and nothing
else. `manage.py create_editor USERNAME` puts new staff accounts in it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"

# The content models as of this migration; a model added later needs a migration of its own that
# gives the group its permissions (tests/test_editors_role.py checks that none is missed).
CONTENT_MODELS = [
    "body",
    "citation",
    "decision",
    "focusarea",
    "institution",
    "keyfact",
    "mission",
    "partner",
    "principle",
    "source",
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after the last migration; create them now so that a fresh
    # database gets a complete group.
    missions = apps.get_app_config("missions")
    missions.models_module = True
    create_permissions(missions, apps=apps, verbosity=0)
    missions.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="missions", content_type__model__in=CONTENT_MODELS
        )
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("missions", "0002_help_texts_and_instructive_errors"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
