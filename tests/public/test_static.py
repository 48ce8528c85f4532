"""The stylesheet is served by whitenoise with hashed, compressed names once DEBUG is off."""

import json
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from nmi_site import settings as production_settings


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The site's static files as `manage.py collectstatic` leaves them for production (the
    admin's own files are left out: compressing them all makes the test slow)."""
    folder = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=folder, STORAGES=production_settings.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
        yield folder


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    hashed = manifest["paths"]["missions/site.css"]
    assert hashed.startswith("missions/site.")
    assert hashed != "missions/site.css"
    for suffix in ("", ".gz", ".br"):
        assert (collected / f"{hashed}{suffix}").exists()


def test_pages_link_the_hashed_stylesheet_and_whitenoise_serves_it_for_ever(collected, seeded):
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["missions/site.css"]
    client = Client()
    page = client.get("/en/")
    assert f'href="/static/{hashed}"' in page.text
    response = client.get(f"/static/{hashed}", headers={"accept-encoding": "gzip"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/css")


def test_the_manifest_collectstatic_writes_is_not_served(collected, db):
    assert (collected / "staticfiles.json").exists()
    assert Client().get("/static/staticfiles.json").status_code == HTTPStatus.NOT_FOUND
