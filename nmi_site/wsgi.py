"""WSGI entry point, used by gunicorn in production; stored pages are answered before Django."""

import os

from django.core.wsgi import get_wsgi_application

from missions.cache import serve_stored_pages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nmi_site.settings")

application = serve_stored_pages(get_wsgi_application())
