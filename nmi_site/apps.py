from django.contrib.admin.apps import AdminConfig


class RecordsAdminConfig(AdminConfig):
    """Django's admin app, with this project's admin site (nmi_site.admin.RecordsAdminSite)."""

    default_site = "nmi_site.admin.RecordsAdminSite"
