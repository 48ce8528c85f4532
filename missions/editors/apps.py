from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EditorsConfig(AppConfig):
    """The editors' admin: the record's admins, content health and the editors' commands."""

    default = True
    name = "missions.editors"
    label = "editors"
    verbose_name = "Editors"


class RecordsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with this project's admin site (``site.RecordsAdminSite``)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "missions.editors.site.RecordsAdminSite"
