"""WSGI entry point, used by gunicorn in production; stored pages are answered before Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nmi_site.settings")
django_application = get_wsgi_application()

from missions.pagecache.wsgi import serve_stored_pages  # noqa: E402 (it reads models: after set-up)

application = serve_stored_pages(django_application)
