"""gunicorn's settings for `make serve` and production, read by gunicorn from the project folder.

Threaded workers (gthread): each of WEB_CONCURRENCY processes (gunicorn's own convention) serves
GUNICORN_THREADS requests at once and keeps connections alive between requests. Two threads:
after a save a worker renders one page at a time (RENDER_SLOTS in
missions/pagecache/middleware.py), so the second serves stored pages meanwhile; more threads
take turns at the worker's one interpreter lock. Against 8, uncached pages serve 5-25 % more
requests a second and the cheapest requests (stored pages) 16 % fewer (bench/README.md, "Two
threads a worker"). The address comes from GUNICORN_BIND; anything else can be added with
GUNICORN_CMD_ARGS, e.g. "--access-logfile -". gunicorn's Server header names no version.
"""

import multiprocessing
import os

wsgi_app = "nmi_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
errorlog = "-"
