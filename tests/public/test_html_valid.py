"""Every public page type passes the Nu HTML Checker (npm's vnu-jar, run with Java) with 0 errors.

The pages are rendered by the test client and checked as files, in one run of the checker. Without
Java or the jar (`make install` fetches it when npm exists) the test skips with the reason, except
under CI=true, where it must run.
"""

import json
import shutil
import subprocess
from http import HTTPStatus

from django.conf import settings
from django.test import Client

from missions.models import Partner
from tests.browser.conftest import require
from tests.public.pages import PAGE_TYPES

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ERROR_PAGES = {
    "not found": ("/en/missions/no-such-mission/", HTTPStatus.NOT_FOUND),
    "bad filter": ("/en/decisions/?year=abcd", HTTPStatus.BAD_REQUEST),
    "bad search": ("/en/search/?q=%00", HTTPStatus.BAD_REQUEST),
    "bad host": ("/en/", HTTPStatus.BAD_REQUEST),
}


def rendered_pages(client, admin_client):
    pages = {}
    for name, url in PAGE_TYPES.items():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        pages[name] = response.text
    for name, (url, status) in ERROR_PAGES.items():
        requester = Client(HTTP_HOST="evil.example") if name == "bad host" else client
        response = requester.get(url)
        assert response.status_code == status, url
        pages[name] = response.text
    draft = Partner.objects.create(name="A draft partner", slug="a-draft-partner")
    pages["draft preview"] = admin_client.get(draft.get_absolute_url()).text
    return pages


def test_every_page_type_is_valid_html(client, admin_client, seeded, tmp_path):
    java = shutil.which("java")
    require(java, "Java is missing: install it with 'apt-get install -y openjdk-17-jre-headless'")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing: run 'make install' (needs npm)")
    files = {}
    for name, html in rendered_pages(client, admin_client).items():
        path = tmp_path / (name.replace(" ", "-").replace(",", "") + ".html")
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    assert "Draft preview" in (tmp_path / "draft-preview.html").read_text(encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}, "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
