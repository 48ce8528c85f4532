"""Root URLs: the public site at /, the editors' admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("missions.urls")),
]
