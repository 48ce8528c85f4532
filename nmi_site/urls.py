"""Root URLs: the public site at /, the editors' admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from missions.admin import content_health_view, download_backup

urlpatterns = [
    path("admin/backup/", admin.site.admin_view(download_backup), name="backup-download"),
    path(
        "admin/content-health/",
        admin.site.admin_view(content_health_view),
        name="content-health",
    ),
    path("admin/", admin.site.urls),
    path("", include("missions.urls")),
]
