"""`make serve`'s set-up, for real: gunicorn with the project's gunicorn.conf.py and DEBUG off."""

import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
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
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    for command in (["collectstatic", "--no-input"], ["migrate"], ["loaddata", "nmi"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=environment,
            check=True,
        )
    process = subprocess.Popen(
        [str(GUNICORN)],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def test_unknown_hosts_are_refused(server):
    request = urllib.request.Request(f"{server}/admin/login/", headers={"Host": "evil.example"})
    try:
        status = urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 400


def test_a_stored_page_comes_back_whole_with_its_headers_and_304_on_a_repeat_visit(server):
    status, rendered_headers, rendered = fetch(f"{server}/partners/")
    assert status == 200
    status, headers, stored = fetch(f"{server}/partners/")
    assert status == 200
    assert stored == rendered
    assert dict(headers) | {"Date": ""} == dict(rendered_headers) | {"Date": ""}
    assert_security_headers(headers)
    request = urllib.request.Request(
        f"{server}/partners/", headers={"If-None-Match": headers["ETag"]}
    )
    status, repeat_headers, body = fetch(request)
    assert (status, body) == (304, b"")
    assert_security_headers(repeat_headers)
