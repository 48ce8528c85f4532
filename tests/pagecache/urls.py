"""The site's URLs plus views whose responses must never be shared between visitors, under the
language prefixes as public pages are (/en/test/plain/)."""

from itertools import count

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.cache import patch_vary_headers

import nmi_site.urls

renders = count()


def sets_a_cookie(request):
    response = HttpResponse(f"render {next(renders)}")
    response.set_cookie("preference", "large-print")
    return response


def varies_on_language(request):
    response = HttpResponse(f"render {next(renders)}")
    patch_vary_headers(response, ["Accept-Language"])
    return response


def writes_the_session(request):
    request.session["seen"] = True
    return HttpResponse(f"render {next(renders)}")


def shows_a_csrf_token(request):
    return HttpResponse(f"render {next(renders)} {get_token(request)}")


def plain(request):
    return HttpResponse(f"render {next(renders)}")


urlpatterns = [
    *i18n_patterns(
        path("test/sets-a-cookie/", sets_a_cookie),
        path("test/varies-on-language/", varies_on_language),
        path("test/writes-the-session/", writes_the_session),
        path("test/shows-a-csrf-token/", shows_a_csrf_token),
        path("test/plain/", plain),
    ),
    *nmi_site.urls.urlpatterns,
]
