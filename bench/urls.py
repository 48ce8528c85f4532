"""The site's URLs plus the floor: a bare Django view with a constant response (bench only)."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse(b"The floor: a constant response.", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("nmi_site.urls")),
]
