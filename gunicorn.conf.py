"""gunicorn's settings for `make serve` and production, read by gunicorn from the project folder.

Threaded workers (gthread): each of WEB_CONCURRENCY processes (gunicorn's own convention) serves
GUNICORN_THREADS requests at once, overlapping database and cache waits, and keeps connections
alive between requests: 8 threads, as with 4 a worker's threads were all busy with renders
right after a save while its cached hits queued (bench/README.md, "one render at a time"). The
address comes from GUNICORN_BIND; anything else can be added with
GUNICORN_CMD_ARGS, e.g. "--access-logfile -". gunicorn's Server header names no version.
"""

import multiprocessing
import os

wsgi_app = "nmi_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 8))
errorlog = "-"
