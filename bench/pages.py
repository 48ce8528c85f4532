"""In-process timing of uncached public pages: what a cache miss costs Django, page by page.

The HTTP bench (bench/serving.py) says how fast pages are served; this says where the time of one
uncached page goes, quickly and without gunicorn, wrk or PostgreSQL: the seed (plus generated
decisions) in a throwaway SQLite database, DEBUG off, no cache (``dummycache://``), each page
rendered through Django's test client. It prints, per page type, the median CPU time of a
render (the process's, SQLite included: on a shared machine, wall-clock time mostly measures the
other users), the Python function calls of one render (cProfile's count: the same within a few
calls from run to run, so two versions of the code compare even when CPU time drifts), its
query count and its size, plain and as the page cache stores it (brotli and
gzip, ``missions.pagecache.encodings``). ``--profile PATH`` adds the functions that cost the
most on that page (cProfile, cumulative time, or ``PROFILE_SORT=tottime``); ``--save DIR`` writes
each page there, so that two versions of the code can be checked to render the same bytes
(``diff -r``). On a PostgreSQL server on this machine, ``db ms`` adds the CPU time of the
page's database connection on the server (its backend process's, read from /proc in clock ticks
of 10 ms, so averaged over the rounds): the planning and running of its statements, which the
process's CPU time leaves out.

    .venv/bin/python bench/pages.py [--decisions N] [--rounds N] [--profile /missions/nmi/]
                                    [--save DIR]

``DATABASE_URL`` picks another database (it is migrated and seeded, so use a throwaway one).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='nmi-pages-')}/db")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "nmi_site.settings_test",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "CACHE_URL": "dummycache://",
    }
)

import django  # noqa: E402  (the environment above configures it)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.data import add_decisions, settle  # noqa: E402
from missions.models import Decision  # noqa: E402
from missions.pagecache.encodings import COMPRESS  # noqa: E402
from missions.public.registry import record_pages  # noqa: E402

PAGES = [
    ("overview", "/en/"),
    *record_pages(),
    ("decision list, filtered", "/en/decisions/?year=2023&body=north-atlantic-council"),
    ("search", "/en/search/?q=police"),
    ("search, many results", "/en/search/?q=decision"),
    ("decision feed", "/en/feeds/decisions/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap of decisions", "/sitemap-decisions.xml"),
]


def server_cpu_ms():
    """The CPU ms the database server has spent on this connection so far, or None where it
    cannot be read (SQLite, or a PostgreSQL server elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    user, system = int(fields[11]), int(fields[12])  # utime and stime, after the name
    return (user + system) * 1000 / os.sysconf("SC_CLK_TCK")


def time_page(client, path, rounds):
    """(median ms, database server ms or None, calls, queries, content) of ``rounds`` renders
    of ``path``, after one to warm up."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    server_started = server_cpu_ms()
    for _ in range(rounds):
        started = time.process_time()
        client.get(path)
        timings.append((time.process_time() - started) * 1000)
    server_ms = None if server_started is None else (server_cpu_ms() - server_started) / rounds
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # before the next request clears Django's log of queries
    profile = cProfile.Profile()
    profile.runcall(client.get, path)
    calls = pstats.Stats(profile).total_calls
    return statistics.median(timings), server_ms, calls, query_count, response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--profile", metavar="PATH", help="profile this page too")
    parser.add_argument(
        "--save", metavar="DIR", type=Path, help="write each page's bytes there, to compare"
    )
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "nmi", verbosity=0)
    add_decisions(max(0, arguments.decisions - Decision.objects.count()))
    settle()
    client = Client()
    print(
        f"{'page':<24} {'ms':>7} {'db ms':>6} {'calls':>6} {'queries':>7} {'bytes':>7}"
        f" {'br':>6} {'gzip':>6}"
    )
    for name, path in PAGES:
        ms, server_ms, calls, queries, content = time_page(client, path, arguments.rounds)
        server = "-" if server_ms is None else f"{server_ms:.2f}"
        sizes = " ".join(f"{len(COMPRESS[encoding](content)):6d}" for encoding in ("br", "gzip"))
        print(f"{name:<24} {ms:7.2f} {server:>6} {calls:6d} {queries:7d} {len(content):7d} {sizes}")
        if arguments.save:
            arguments.save.mkdir(parents=True, exist_ok=True)
            (arguments.save / name.replace(" ", "-").replace(",", "")).write_bytes(content)
    if arguments.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(arguments.rounds):
            client.get(arguments.profile)
        profile.disable()
        order = os.environ.get("PROFILE_SORT", "cumulative")
        pstats.Stats(profile).sort_stats(order).print_stats(40)


if __name__ == "__main__":
    main()
