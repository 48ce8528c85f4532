from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class EditorsConfig(AppConfig):
    """The editors' admin: the record's admins, content health and the editors' commands."""

    default = True
    name = "missions.editors"
    label = "editors"
    verbose_name = gettext_lazy("Editors")

    def ready(self):
        from .permissions import grant_editors_permissions

        # After Django's own handler has created the permissions of the record's models (it was
        # connected first, by django.contrib.auth, which INSTALLED_APPS lists before this app).
        post_migrate.connect(
            grant_editors_permissions,
            sender=apps.get_app_config("missions"),
            dispatch_uid="missions.editors.grant_editors_permissions",
        )


class RecordsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with this project's admin site (``site.RecordsAdminSite``)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "missions.editors.site.RecordsAdminSite"
