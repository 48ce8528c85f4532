"""`make serve`'s set-up, for real: gunicorn with the project's gunicorn.conf.py and DEBUG off."""

import os
import posixpath
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_security import assert_security_headers

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The production settings with DEBUG off, a seeded SQLite database and collected static
    files: the environment `make serve` runs gunicorn in."""
    folder = tmp_path_factory.mktemp("serve")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "CACHE_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="nmi_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="serving-test-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        WEB_CONCURRENCY="1",
    )
    for command in (["collectstatic", "--no-input"], ["migrate"], ["loaddata", "nmi"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=environment,
            check=True,
        )
    return folder, environment


@contextmanager
def gunicorn(site, port=None, **variables):
    """gunicorn serving ``site`` on ``port`` (a free one by default), with these environment
    variables: (its URL, its log file)."""
    folder, environment = site
    port = port or free_port()
    log = folder / f"gunicorn-{port}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(GUNICORN)],
            cwd=settings.BASE_DIR,
            env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", **variables},
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(site):
    with gunicorn(site) as (base, _log):
        yield base


def test_gunicorn_names_no_version_and_sends_the_security_headers(server):
    status, headers, body = fetch(f"{server}/admin/login/")
    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert_security_headers(headers)
    assert b"/static/admin/css/base." in body


def test_static_files_have_hashed_names_and_are_cached_for_a_year(server):
    _, _, body = fetch(f"{server}/admin/login/")
    hashed = body.split(b'href="/static/admin/css/base.')[1].split(b'"')[0].decode()
    status, headers, _ = fetch(f"{server}/static/admin/css/base.{hashed}")
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_static_files_svgs_included_send_the_security_headers(server):
    _, _, body = fetch(f"{server}/admin/login/")
    stylesheet = (
        "/static/admin/css/base."
        + body.split(b'href="/static/admin/css/base.')[1].split(b'"')[0].decode()
    )
    status, headers, css = fetch(f"{server}{stylesheet}")
    assert status == 200
    assert_security_headers(headers)
    svg = re.search(rb"url\(\"?(\.\./img/icon-yes\.[0-9a-f]+\.svg)", css).group(1).decode()
    status, headers, _ = fetch(
        f"{server}{posixpath.normpath(posixpath.join(stylesheet, '..', svg))}"
    )
    assert status == 200
    assert headers["Content-Type"] == "image/svg+xml"
    assert_security_headers(headers)


@pytest.mark.parametrize("suffix", ["", ".gz", ".br"])
def test_the_static_files_manifest_is_not_served(server, suffix):
    """collectstatic writes it among the files: it lists every static file, the admin's too."""
    status, _, _ = fetch(f"{server}/static/staticfiles.json{suffix}")
    assert status == 404


def test_unknown_hosts_are_refused_with_one_log_line(site):
    with gunicorn(site) as (base, log):
        fetch(f"{base}/en/partners/")
        for path in ("/admin/login/", "/en/partners/"):
            request = urllib.request.Request(f"{base}{path}", headers={"Host": "evil.example"})
            assert fetch(request)[0] == 400
    logged = [line for line in log.read_text().splitlines() if "[INFO]" not in line]
    assert (
        logged
        == [
            "Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to "
            "ALLOWED_HOSTS."
        ]
        * 2
    )


def require_redis():
    """A test of several server processes sharing one cache needs the suite's cache to be Redis
    (CACHE_URL=redis://..., as in CI's second run); in the local-memory run it skips, saying so.
    """
    if settings.CACHES["default"]["BACKEND"] != "missions.pagecache.redis.RedisCache":
        pytest.skip("needs Redis: runs when CACHE_URL=redis://... (CI's run on PostgreSQL)")
    return os.environ["CACHE_URL"]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_arguments):
        return None


def fetch_without_redirects(url):
    try:
        with urllib.request.build_opener(NoRedirects).open(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_page_stored_before_https_was_turned_on_is_never_served_over_plain_http(site):
    cache_url, port = require_redis(), free_port()
    with gunicorn(site, port, CACHE_URL=cache_url) as (base, _log):
        for _ in range(2):
            assert fetch(f"{base}/en/partners/")[0] == 200
    # Restarted on the same address, with the same Redis, after DJANGO_HTTPS=true was set.
    with gunicorn(site, port, CACHE_URL=cache_url, DJANGO_HTTPS="true") as (base, _log):
        status, headers, _body = fetch_without_redirects(f"{base}/en/partners/")
        assert (status, headers["Location"]) == (301, f"https://{base[7:]}/en/partners/")
        request = urllib.request.Request(
            f"{base}/en/partners/", headers={"X-Forwarded-Proto": "https"}
        )
        status, headers, _body = fetch(request)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_stored_page_comes_back_whole_with_its_headers_and_304_on_a_repeat_visit(server):
    status, rendered_headers, rendered = fetch(f"{server}/en/partners/")
    assert status == 200
    status, headers, stored = fetch(f"{server}/en/partners/")
    assert status == 200
    assert stored == rendered
    assert dict(headers) | {"Date": ""} == dict(rendered_headers) | {"Date": ""}
    assert_security_headers(headers)
    request = urllib.request.Request(
        f"{server}/en/partners/", headers={"If-None-Match": headers["ETag"]}
    )
    status, repeat_headers, body = fetch(request)
    assert (status, body) == (304, b"")
    assert_security_headers(repeat_headers)


def test_two_servers_sharing_the_database_and_redis_share_stored_pages_and_saves(site):
    """Several machines (here two gunicorn servers on two ports) behind one load balancer: a page
    one stored is served by the other, and a save made anywhere is on the next page of either.
    Both get the site's one host name, as behind a load balancer (a page is stored per host)."""
    cache_url = require_redis()
    _folder, environment = site
    database = environment["DATABASE_URL"].removeprefix("sqlite:///")

    def partners(server):
        request = urllib.request.Request(f"{server}/en/partners/", headers={"Host": "127.0.0.1"})
        status, _headers, body = fetch(request)
        assert status == 200
        return body

    with (
        gunicorn(site, CACHE_URL=cache_url) as (first, _log),
        gunicorn(site, CACHE_URL=cache_url) as (second, _log2),
    ):
        partners(first)
        # Renamed behind Django's back (no signal): only a stored page still shows the old name.
        with sqlite3.connect(database) as connection:
            connection.execute(
                "UPDATE missions_partner SET name_en = 'Quietly renamed'"
                " WHERE slug = 'european-union'"
            )
        stored = partners(second)
        assert b"European Union" in stored
        assert b"Quietly renamed" not in stored
        # A save through Django, in a third process (as the admin of either server saves).
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from missions.models import Partner; "
                "partner = Partner.objects.get(slug='european-union'); "
                "partner.name = 'Saved anew'; partner.save()",
            ],
            cwd=settings.BASE_DIR,
            env={**environment, "CACHE_URL": cache_url},
            check=True,
        )
        assert b"Saved anew" in partners(second)
        assert b"Saved anew" in partners(first)
