"""The site's URLs plus the floor: a bare Django view with a constant response (bench only)."""

from django.http import HttpResponse
from django.urls import path

import nmi_site.urls


def floor(request):
    return HttpResponse(b"The floor: a constant response.", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    *nmi_site.urls.urlpatterns,  # i18n_patterns may not be included, only spread
]
