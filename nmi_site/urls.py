"""Root URLs: the public site at /, the editors' admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from missions.admin import content_health_view

urlpatterns = [
    path(
        "admin/content-health/",
        admin.site.admin_view(content_health_view),
        name="content-health",
    ),
    path("admin/", admin.site.urls),
    path("", include("missions.urls")),
]
