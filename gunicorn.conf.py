"""gunicorn's settings for `make serve` and production, read by gunicorn from the project folder.

The worker count comes from WEB_CONCURRENCY (gunicorn's own convention), the address from
GUNICORN_BIND; anything else can be added with GUNICORN_CMD_ARGS, e.g. "--access-logfile -".
gunicorn's Server header is plain "gunicorn", with no version.
"""

import multiprocessing
import os

wsgi_app = "nmi_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
errorlog = "-"
