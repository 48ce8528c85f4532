"""Root URLs: the public site at /, the editors' admin at DJANGO_ADMIN_URL (default /admin/)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("missions.public.urls")),
]
