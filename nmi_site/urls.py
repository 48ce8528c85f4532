"""Root URLs: the public site under each language's prefix (/en/, /fr/, /ar/), the files crawlers
look for at the root (/robots.txt, /sitemap.xml), the editors' admin at DJANGO_ADMIN_URL (default
/admin/, in the browser's language).

An address without a language (``/``, or ``/decisions/...`` from before the prefixes) matches
nothing here: Django's LocaleMiddleware answers it with a redirect to the same page in the
language the browser asks for (English otherwise), varying on Accept-Language and Cookie, which
the page cache never stores.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from missions.public.urls import crawler_urls

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include(crawler_urls)),
    *i18n_patterns(path("", include("missions.public.urls"))),
]
