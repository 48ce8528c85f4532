"""Every response carries the security headers; HTTPS turns on HSTS and secure cookies."""

import json
from http import HTTPStatus

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.test import Client, override_settings
from django.urls import reverse

from missions.pagecache.redis import RedisCache
from tests.public.pages import public_paths
from tests.test_settings import run_with


def assert_security_headers(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert f"{feature}=()" in permissions


def test_every_public_page_sends_the_security_headers_fresh_and_from_the_cache(client, seeded):
    for path in public_paths():
        for visit in ("rendered", "cached"):
            response = client.get(path)
            assert response.status_code == HTTPStatus.OK, (path, visit)
            assert_security_headers(response)


def test_a_missing_page_sends_the_security_headers(client, db):
    response = client.get("/en/decisions/no-such-decision/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert_security_headers(response)


def test_the_admin_login_and_changelist_send_the_security_headers(client, admin_client, seeded):
    assert_security_headers(client.get(reverse("admin:login")))
    changelist = admin_client.get(reverse("admin:missions_decision_changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert_security_headers(changelist)


@pytest.mark.parametrize(
    "path",
    ["/static/missions/site.css", "/static/admin/css/base.css", "/static/admin/img/icon-yes.svg"],
)
def test_static_files_send_the_security_headers(client, db, path):
    """An SVG is a document a browser runs scripts in when it is opened on its own."""
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert_security_headers(response)


POLICIES = ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"]


def test_static_files_send_the_same_policies_as_pages_from_the_same_settings(client, db):
    page = client.get(reverse("admin:login"))
    svg = client.get("/static/admin/img/icon-yes.svg")
    assert [svg[name] for name in POLICIES] == [page[name] for name in POLICIES]

    stricter = {"DIRECTIVES": {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}}
    with override_settings(
        CONTENT_SECURITY_POLICY=stricter,
        X_FRAME_OPTIONS="SAMEORIGIN",
        PERMISSIONS_POLICY={"camera": []},
    ):
        client = Client()
        page = client.get(reverse("admin:login"))
        svg = client.get("/static/admin/img/icon-yes.svg")
        assert [svg[name] for name in POLICIES] == [page[name] for name in POLICIES]
        assert sorted(svg["Content-Security-Policy"].split("; ")) == [
            "default-src 'none'",
            "frame-ancestors 'none'",
        ]
        assert svg["X-Frame-Options"] == "SAMEORIGIN"
        assert svg["Permissions-Policy"] == "camera=()"


HTTPS_PROBE = """
import json
import django
django.setup()
from django.test import Client, override_settings
# Plain static names: the probe runs no collectstatic.
override_settings(STORAGES={
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
client = Client()
secure = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
plain = client.get("/admin/login/?next=/admin/")
print(json.dumps({
    "status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
}))
"""


def probe(**variables):
    result = run_with(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        **variables,
        code=HTTPS_PROBE,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_https_on_responses_send_hsts_secure_cookies_and_plain_http_is_redirected():
    answer = probe(DJANGO_HTTPS="true")
    assert answer["status"] == HTTPStatus.OK
    assert answer["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert answer["csrf_cookie_secure"] is True
    assert answer["plain_status"] == HTTPStatus.MOVED_PERMANENTLY
    assert answer["plain_location"] == "https://testserver/admin/login/?next=/admin/"


def test_without_https_there_is_no_hsts_and_no_redirect():
    answer = probe()
    assert answer["hsts"] is None
    assert answer["csrf_cookie_secure"] is False
    assert answer["plain_status"] == HTTPStatus.OK


ADMIN_PROBE = """
import django
django.setup()
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.urls import reverse

from missions.pagecache.redis import RedisCache
print(reverse("admin:index"))
"""


def test_the_admin_address_is_configurable():
    result = run_with(DJANGO_DEBUG="true", DJANGO_ADMIN_URL="editors-7f3a/", code=ADMIN_PROBE)
    assert result.stdout.strip() == "/editors-7f3a/", result.stderr


@pytest.mark.parametrize("address", ["/editors/", "editors"])
def test_a_malformed_admin_address_is_refused_with_an_example(address):
    result = run_with(DJANGO_DEBUG="true", DJANGO_ADMIN_URL=address, code=ADMIN_PROBE)
    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL" in result.stderr
    assert "for example DJANGO_ADMIN_URL=editors/" in result.stderr


CACHE_PROBE = """
import django
django.setup()
from django.conf import settings
print(settings.CACHES["default"]["BACKEND"], settings.CACHES["default"]["LOCATION"])
"""


def test_cache_url_selects_django_s_own_redis_backend():
    result = run_with(
        DJANGO_DEBUG="true", CACHE_URL="redis://cache.internal:6379/0", code=CACHE_PROBE
    )
    assert result.stdout.split() == [
        "missions.pagecache.redis.RedisCache",
        "redis://cache.internal:6379/0",
    ], result.stderr
    assert issubclass(RedisCache, DjangoRedisCache)


def test_the_cache_defaults_to_local_memory():
    result = run_with(DJANGO_DEBUG="true", code=CACHE_PROBE)
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"
