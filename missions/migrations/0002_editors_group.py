"""The Editors group, which `manage.py create_editor USERNAME` puts new staff accounts in.

Its permissions (add, change, delete and view on the record, and nothing else) are granted after
every `migrate` from the models themselves: `missions/editors/permissions.py`.
"""

from django.db import migrations

EDITORS = "Editors"


def create_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).get_or_create(
        name=EDITORS
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=EDITORS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("missions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
