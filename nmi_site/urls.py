"""Root URLs: the public site at /, the editors' admin at DJANGO_ADMIN_URL (default /admin/)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from missions.admin import content_health_view, download_backup

urlpatterns = [
    path(
        f"{settings.ADMIN_URL}backup/",
        admin.site.admin_view(download_backup),
        name="backup-download",
    ),
    path(
        f"{settings.ADMIN_URL}content-health/",
        admin.site.admin_view(content_health_view),
        name="content-health",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("missions.urls")),
]
