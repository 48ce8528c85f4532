"""Public pages come from the cache, yet no visitor ever sees a page older than the last save."""

import logging
import socket
import threading
import time
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models.signals import pre_save
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from missions.models import Decision, Mission, Partner, Status
from missions.pagecache.middleware import RENDERS_KEY, page_parameters
from missions.pagecache.redis import PAUSE_SECONDS, RedisCache
from missions.pagecache.wsgi import StoredPageApplication
from tests.editors.forms import form_data
from tests.pagecache.conftest import DjangoStandIn, wsgi_get
from tests.public.pages import public_paths, public_routes
from tests.test_security import assert_security_headers

# Each filter of the decision timeline, with a value the seed has.
DECISION_FILTERS = {
    "year": "2018",
    "body": "nato-summit-brussels",
    "mission": "nmi",
    "institution": "ministry-of-interior",
}.items()
# Stands for a signed-in editor's session key in test parameters (made in the test).
SIGNED_IN = "<signed-in>"


def signed_in_session_key():
    """The key of a session the site gave a signed-in editor."""
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("ed", password="x"))
    return editor.cookies[settings.SESSION_COOKIE_NAME].value


def queries_to_render(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


# Pages rendered without the database: the crawler rules and the empty search form.
PAGES_WITHOUT_QUERIES = {"/robots.txt", "/en/search/"}


def test_every_public_page_is_served_from_the_cache_on_the_second_visit(client, seeded):
    for path in public_paths():
        first, first_queries = queries_to_render(client, path)
        second, second_queries = queries_to_render(client, path)
        assert first.status_code == second.status_code == HTTPStatus.OK, path
        if path not in PAGES_WITHOUT_QUERIES:
            assert first_queries > 0, path
        assert second_queries == 0, path
        assert second.content == first.content, path
        assert second["Content-Type"] == first["Content-Type"], path


def test_a_head_request_is_answered_from_the_cache_without_a_body(client, seeded):
    client.get("/en/partners/")
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/en/partners/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b""
    assert len(queries) == 0


def test_an_editor_saving_in_the_admin_changes_the_public_page_at_once(
    client, admin_client, seeded
):
    partner = Partner.objects.get(slug="european-union")
    assert "European Union" in client.get("/en/partners/").text
    change_url = reverse("admin:missions_partner_change", args=[partner.pk])
    form = admin_client.get(change_url)
    response = admin_client.post(change_url, form_data(form, name_en="European Union (EU)"))
    assert response.status_code == HTTPStatus.FOUND, response.text
    assert "European Union (EU)" in client.get("/en/partners/").text
    assert "European Union (EU)" in client.get(partner.get_absolute_url()).text


def test_unpublishing_a_record_removes_it_from_every_cached_page(client, seeded):
    decision = Decision.objects.published().first()
    assert decision.name in client.get("/en/decisions/").text
    assert client.get(decision.get_absolute_url()).status_code == HTTPStatus.OK
    decision.status = Status.DRAFT
    decision.save()
    assert decision.name not in client.get("/en/decisions/").text
    assert client.get(decision.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_deleting_a_record_removes_it_from_the_cached_list(client, seeded):
    partner = Partner.objects.get(slug="united-nations")
    link = f'href="{partner.get_absolute_url()}"'
    assert link in client.get("/en/partners/").text
    partner.missions.clear()
    partner.citations.clear()
    partner.delete()
    assert link not in client.get("/en/partners/").text


def test_changing_a_relation_refreshes_the_cached_page(client, seeded):
    mission = Mission.objects.get(slug="nmi")
    client.get(mission.get_absolute_url())
    _, queries_before_change = queries_to_render(client, mission.get_absolute_url())
    assert queries_before_change == 0
    mission.partners.remove(mission.partners.first())
    _, queries_after_change = queries_to_render(client, mission.get_absolute_url())
    assert queries_after_change > 0


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_while_an_editor_s_transaction_was_open_is_dropped_at_commit(client, seeded):
    with transaction.atomic():
        Partner.objects.filter(slug="european-union").first().save()
        client.get("/en/partners/")
        _, queries_inside = queries_to_render(client, "/en/partners/")
        assert queries_inside == 0
    _, queries_after_commit = queries_to_render(client, "/en/partners/")
    assert queries_after_commit > 0


def test_a_deploy_s_migrate_makes_cached_pages_stale(client, seeded):
    client.get("/en/partners/")
    call_command("migrate", verbosity=0)
    _, queries = queries_to_render(client, "/en/partners/")
    assert queries > 0


def test_a_restore_makes_every_stored_page_stale(client, seeded, tmp_path):
    """A restore writes without signals (raw deletes and inserts, bulk relation rows)."""
    backup = tmp_path / "before.jsonl"
    call_command("export_backup", output=str(backup), verbosity=0)
    partner = Partner.objects.get(slug="european-union")
    partner.name = "European Union (renamed)"
    partner.save()
    renamed = client.get("/en/partners/")
    assert "European Union (renamed)" in renamed.text

    call_command("restore_backup", str(backup), verbosity=0)
    restored = client.get("/en/partners/")
    assert "European Union (renamed)" not in restored.text
    assert "European Union" in restored.text
    assert restored["ETag"] != renamed["ETag"]


def test_signed_in_editors_are_never_served_nor_stored_in_the_cache(client, admin_client, seeded):
    client.get("/en/partners/")
    response, queries = queries_to_render(admin_client, "/en/partners/")
    assert queries > 0
    assert "private" in response["Cache-Control"]
    assert SESSION_KEY in admin_client.session

    _, editor_queries = queries_to_render(admin_client, "/en/decisions/")
    _, visitor_queries = queries_to_render(client, "/en/decisions/")
    assert editor_queries > 0
    assert visitor_queries > 0, "the editor's page was stored for visitors"


def test_query_parameters_a_page_does_not_read_share_its_stored_page(client, seeded):
    rendered = client.get("/en/partners/")
    for number in range(5):
        response, queries = queries_to_render(client, f"/en/partners/?utm_source=feed-{number}")
        assert queries == 0
        assert response.content == rendered.content


def test_the_parameters_a_page_reads_share_one_stored_page_whatever_their_order(client, seeded):
    rendered = client.get("/en/decisions/?year=2018&body=nato-summit-brussels&utm_medium=email")
    response, queries = queries_to_render(
        client, "/en/decisions/?utm_campaign=x&body=nato-summit-brussels&year=2018"
    )
    assert queries == 0
    assert response.content == rendered.content


@pytest.mark.parametrize(
    ("path", "other"),
    [
        *((f"/en/decisions/?{name}={value}", "/en/decisions/") for name, value in DECISION_FILTERS),
        ("/en/decisions/?page=1", "/en/decisions/"),
        ("/en/decisions/?year=2018", "/en/decisions/?year=2021"),
        ("/en/institutions/?page=1", "/en/institutions/"),
        ("/en/search/?q=police", "/en/search/?q=mission"),
        ("/sitemap-decisions.xml?p=1", "/sitemap-decisions.xml"),
    ],
)
def test_each_parameter_a_page_reads_has_its_own_stored_page(client, seeded, path, other):
    client.get(other)
    response, queries = queries_to_render(client, path)
    assert response.status_code == HTTPStatus.OK
    assert queries > 0, f"{path} was answered with the page stored for {other}"


def test_every_public_page_says_which_query_parameters_it_reads():
    """Without a word from its view, every parameter counts (no wrong page is ever served,
    but tracking parameters then fill the cache)."""
    for route in public_routes():
        view = resolve(route.replace("<slug:slug>", "x").replace("<section>", "x")).func
        assert page_parameters(view) is not None, route


def test_a_made_up_session_cookie_gets_the_stored_page_without_a_query(client, seeded):
    rendered = client.get("/en/partners/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "y" * 32
    response, queries = queries_to_render(client, "/en/partners/")
    assert queries == 0
    assert response.content == rendered.content


def test_a_page_rendered_for_a_made_up_session_cookie_is_stored_for_everyone(client, seeded):
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key"
    first = visitor.get("/en/partners/european-union/")
    assert settings.SESSION_COOKIE_NAME not in first.cookies
    response, queries = queries_to_render(client, "/en/partners/european-union/")
    assert queries == 0
    assert response.content == first.content


# What DJANGO_HTTPS=true sets (nmi_site/settings.py), with a shorter HSTS.
HTTPS = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 3600,
}


def test_a_page_stored_before_https_was_turned_on_is_never_served_without_it(client, seeded):
    client.get("/en/partners/")
    client.get("/en/partners/", headers={"X-Forwarded-Proto": "https"})
    with override_settings(**HTTPS):
        restarted = Client()  # a server started with the new settings
        plain = restarted.get("/en/partners/")
        assert plain.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert plain["Location"] == "https://testserver/en/partners/"
        secure = restarted.get("/en/partners/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == HTTPStatus.OK
        assert secure["Strict-Transport-Security"].startswith("max-age=3600")


@pytest.mark.parametrize(
    ("setting", "value", "header"),
    [
        ("SECURE_HSTS_SECONDS", 7200, "Strict-Transport-Security"),
        ("SECURE_REFERRER_POLICY", "no-referrer", "Referrer-Policy"),
        (
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
            "same-origin-allow-popups",
            "Cross-Origin-Opener-Policy",
        ),
        ("X_FRAME_OPTIONS", "SAMEORIGIN", "X-Frame-Options"),
    ],
)
def test_a_changed_security_setting_makes_stored_pages_stale(
    client, seeded, setting, value, header
):
    https = {"X-Forwarded-Proto": "https"}
    with override_settings(**HTTPS):
        Client().get("/en/partners/", headers=https)
        with override_settings(**{setting: value}):
            served = Client().get("/en/partners/", headers=https)
            fresh = Client().get("/en/partners/united-nations/", headers=https)  # never stored
    assert served[header] == fresh[header]


def test_a_page_stored_by_another_release_of_the_code_is_never_served(client, seeded, tmp_path):
    for release in ("1", "2"):
        (tmp_path / release / "templates").mkdir(parents=True)
        (tmp_path / release / "templates" / "base.html").write_text(f"release {release}")
    with override_settings(BASE_DIR=tmp_path / "1"):
        Client().get("/en/partners/")
        assert queries_to_render(Client(), "/en/partners/")[1] == 0
    with override_settings(BASE_DIR=tmp_path / "2"):
        assert queries_to_render(Client(), "/en/partners/")[1] > 0


def test_a_host_not_allowed_gets_a_400_and_one_ordinary_log_line(client, seeded, caplog):
    client.get("/en/partners/")
    caplog.clear()
    response = client.get("/en/partners/", headers={"Host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    [logged] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert logged.getMessage().startswith("Invalid HTTP_HOST header: 'evil.example'.")
    assert logged.exc_info is None, "a client's bad header is no reason for a traceback"


@pytest.mark.urls("tests.pagecache.urls")
@pytest.mark.parametrize(
    "path",
    [
        "/en/test/sets-a-cookie/",
        "/en/test/varies-on-language/",
        "/en/test/writes-the-session/",
        "/en/test/shows-a-csrf-token/",
    ],
)
def test_responses_that_set_cookies_or_vary_are_never_shared(client, db, path):
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == HTTPStatus.OK
    assert first.content != second.content


@pytest.mark.urls("tests.pagecache.urls")
def test_a_plain_response_is_shared(client, db):
    assert client.get("/en/test/plain/").content == client.get("/en/test/plain/").content


def test_a_repeat_visit_gets_304_not_modified_by_etag(client, seeded):
    first = client.get("/en/decisions/")
    assert first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    repeat = client.get("/en/decisions/", headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED
    assert repeat.content == b""


def test_a_repeat_visit_gets_304_not_modified_by_date(client, seeded):
    first = client.get("/en/decisions/")
    repeat = client.get("/en/decisions/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED


def test_after_a_change_a_repeat_visit_gets_the_new_page_not_304(client, seeded):
    first = client.get("/en/decisions/")
    decision = Decision.objects.published().first()
    decision.name = "A renamed decision"
    decision.save()
    repeat = client.get("/en/decisions/", headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == HTTPStatus.OK
    assert "A renamed decision" in repeat.text
    assert repeat["ETag"] != first["ETag"]


def test_missing_pages_are_not_cached(client, seeded):
    assert client.get("/en/partners/not-yet/").status_code == HTTPStatus.NOT_FOUND
    response, queries = queries_to_render(client, "/en/partners/not-yet/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert queries > 0


@override_settings(PUBLIC_PAGE_CACHE_EXCLUDED_PATHS=["/en/partners/"])
def test_excluded_paths_are_never_cached(client, seeded):
    client.get("/en/partners/european-union/")
    _, queries = queries_to_render(client, "/en/partners/european-union/")
    assert queries > 0
    client.get("/en/decisions/")
    _, queries = queries_to_render(client, "/en/decisions/")
    assert queries == 0


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_with_a_cache_that_keeps_nothing_every_visit_renders_the_page(client, seeded):
    assert client.get("/en/partners/").status_code == HTTPStatus.OK
    response, queries = queries_to_render(client, "/en/partners/")
    assert response.status_code == HTTPStatus.OK
    assert queries > 0


# The project's Redis backend (production's), pointed at a port nothing listens on.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "missions.pagecache.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_visitors_get_their_pages_while_the_cache_is_unreachable(client, seeded, caplog):
    response = client.get("/en/partners/")
    assert response.status_code == HTTPStatus.OK
    assert "European Union" in response.text
    assert "The page cache cannot be reached" in caplog.text


class CacheOutage:
    """The cache unreachable from ``start()`` (or from the start of the with block) to its end."""

    def __init__(self, *, started=False):
        self.override = override_settings(CACHES=UNREACHABLE_REDIS)
        self.started = started

    def start(self):
        self.override.enable()
        self.started = True

    def __enter__(self):
        if self.started:
            self.override.enable()
        return self

    def __exit__(self, *_exception):
        if self.started:
            self.override.disable()


def rename_in_the_admin(admin_client, slug, name):
    partner = Partner.objects.get(slug=slug)
    change_url = reverse("admin:missions_partner_change", args=[partner.pk])
    data = form_data(admin_client.get(change_url), name_en=name)
    return lambda: admin_client.post(change_url, data)


def test_an_editor_s_save_goes_through_while_the_cache_is_unreachable(
    client, admin_client, seeded, django_capture_on_commit_callbacks, page_cache_clock
):
    assert "European Union (EU)" not in client.get("/en/partners/").text
    save = rename_in_the_admin(admin_client, "european-union", "European Union (EU)")
    with CacheOutage(started=True), django_capture_on_commit_callbacks(execute=True):
        response = save()
    assert response.status_code == HTTPStatus.FOUND
    assert Partner.objects.get(slug="european-union").name == "European Union (EU)"

    # The cache answers again, still holding the page from before the save.
    page_cache_clock.advance(settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS)
    assert "European Union (EU)" in client.get("/en/partners/").text


@pytest.mark.django_db(transaction=True)
def test_a_save_reports_success_when_the_cache_fails_just_after_the_commit(
    client, admin_client, seeded, page_cache_clock, caplog
):
    assert "European Union (EU)" not in client.get("/en/partners/").text
    save = rename_in_the_admin(admin_client, "european-union", "European Union (EU)")

    with CacheOutage() as outage:

        def fail_once_committed(sender, **_signal_arguments):
            transaction.on_commit(outage.start)

        pre_save.connect(fail_once_committed, sender=Partner)
        try:
            response = save()
        finally:
            pre_save.disconnect(fail_once_committed, sender=Partner)
        assert outage.started
    assert response.status_code == HTTPStatus.FOUND
    assert Partner.objects.get(slug="european-union").name == "European Union (EU)"
    assert "The page cache cannot be reached" in caplog.text

    page_cache_clock.advance(settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS)
    assert "European Union (EU)" in client.get("/en/partners/").text


def render_on_another_connection(path):
    """GET ``path`` as another worker would, on its own database connection."""
    answers = []

    def visit():
        try:
            answers.append(Client().get(path))
        finally:
            connections.close_all()

    worker = threading.Thread(target=visit)
    worker.start()
    worker.join()
    return answers[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second connection that reads while a transaction is open (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_from_old_rows_during_a_save_is_dropped_once_the_cache_returns(
    client, seeded, page_cache_clock
):
    partner = Partner.objects.get(slug="european-union")
    with CacheOutage() as outage, transaction.atomic():
        transaction.on_commit(outage.start)  # before the save's own commit callbacks
        partner.name = "European Union (EU)"
        partner.save()
        during = render_on_another_connection("/en/partners/")
        assert "European Union (EU)" not in during.text
    # The cache answers again, holding the page another worker rendered from the old rows.
    page_cache_clock.advance(settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS)
    assert "European Union (EU)" in client.get("/en/partners/").text


@pytest.mark.django_db(transaction=True)
def test_a_stored_page_costs_one_query_per_check_interval_and_none_in_between(
    client, seeded, page_cache_clock
):
    rendered = client.get("/en/partners/")
    assert queries_to_render(client, "/en/partners/")[1] == 0
    page_cache_clock.advance(settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS - 0.1)
    assert queries_to_render(client, "/en/partners/")[1] == 0
    page_cache_clock.advance(0.1)
    response, queries = queries_to_render(client, "/en/partners/")
    assert queries == 1  # the content version: unchanged, so the page is still current
    assert response.content == rendered.content
    assert queries_to_render(client, "/en/partners/")[1] == 0


class SilentServer:
    """A server that accepts connections and never answers, as a paused or stuck Redis does.

    Each connection is closed after SAFETY_SECONDS, only so that a client that waits without a
    timeout fails instead of hanging the test run.
    """

    SAFETY_SECONDS = 3

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.accepted = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)

    @property
    def cache_settings(self):
        port = self.listener.getsockname()[1]
        return {
            "default": {
                "BACKEND": "missions.pagecache.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }

    def serve(self):
        open_connections = []
        while not self.stopped.is_set():
            try:
                accepted, _ = self.listener.accept()
                self.accepted.append(accepted)
                open_connections.append((time.monotonic(), accepted))
            except TimeoutError:
                pass
            while open_connections and time.monotonic() - open_connections[0][0] > (
                self.SAFETY_SECONDS
            ):
                open_connections.pop(0)[1].close()
        for _, accepted in open_connections:
            accepted.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exception):
        self.stopped.set()
        self.thread.join()
        self.listener.close()


def test_a_cache_that_never_answers_holds_one_request_briefly_and_then_none(
    client, seeded, page_cache_clock, caplog
):
    with SilentServer() as server, override_settings(CACHES=server.cache_settings):
        for _ in range(3):
            response = client.get("/en/partners/")
            assert response.status_code == HTTPStatus.OK
            assert "European Union" in response.text
        # One attempt, given up by its read timeout; the next requests do not try at all.
        assert len(server.accepted) == 1
        assert "Timeout reading from" in caplog.text
        assert caplog.text.count("The page cache cannot be reached") == 1

        page_cache_clock.advance(PAUSE_SECONDS)
        assert client.get("/en/partners/").status_code == HTTPStatus.OK
        assert len(server.accepted) == 2


def test_the_redis_client_gives_up_connecting_or_reading_well_within_a_second():
    """A connect that hangs needs a network that drops packets, which a test cannot count on:
    the backend's connection pool is checked instead."""
    backend = RedisCache("redis://127.0.0.1:1/0", {})
    options = backend._cache._get_connection_pool(write=False).connection_kwargs
    assert options["socket_connect_timeout"] <= 0.25
    assert options["socket_timeout"] <= 0.25


def test_a_stored_page_is_answered_in_front_of_django_exactly_as_django_answers_it(
    client, seeded, front
):
    application, django = front
    rendered = client.get("/en/partners/")
    from_django_cache = client.get("/en/partners/")
    status, headers, body = wsgi_get(application, "/en/partners/")
    assert django.paths == []
    assert status == "200 OK"
    assert body == rendered.content == from_django_cache.content
    assert headers == dict(from_django_cache.items()) == dict(rendered.items())
    assert_security_headers(headers)


def test_in_front_of_django_a_head_request_gets_the_headers_without_the_body(client, seeded, front):
    application, django = front
    rendered = client.get("/en/partners/")
    status, headers, body = wsgi_get(application, "/en/partners/", method="HEAD")
    assert django.paths == []
    assert (status, body) == ("200 OK", b"")
    assert headers["Content-Length"] == str(len(rendered.content))


def test_in_front_of_django_a_repeat_visit_gets_304_with_the_security_headers(
    client, seeded, front
):
    application, django = front
    rendered = client.get("/en/partners/")
    status, headers, body = wsgi_get(application, "/en/partners/", If_None_Match=rendered["ETag"])
    assert django.paths == []
    assert (status, body) == ("304 Not Modified", b"")
    assert headers["ETag"] == rendered["ETag"]
    assert "Content-Type" not in headers
    assert_security_headers(headers)
    status, _, _ = wsgi_get(application, "/en/partners/", If_None_Match='"another-version"')
    assert status == "200 OK"


def test_in_front_of_django_a_save_makes_the_stored_page_go_to_django(client, seeded, front):
    application, django = front
    client.get("/en/partners/")
    Partner.objects.get(slug="european-union").save()
    status, _, body = wsgi_get(application, "/en/partners/")
    assert (status, body) == ("200 OK", b"rendered by Django")
    assert django.paths == ["/en/partners/"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/en/decisions/", {}),  # never stored
        ("/en/partners/", {"Cookie": f"{settings.SESSION_COOKIE_NAME}={SIGNED_IN}"}),  # an editor
        ("/en/partners/", {"Host": "evil.example"}),  # not in ALLOWED_HOSTS: Django says 400
    ],
)
def test_in_front_of_django_everything_but_a_current_stored_page_goes_to_django(
    client, seeded, front, path, headers
):
    application, django = front
    client.get("/en/partners/")
    if SIGNED_IN in headers.get("Cookie", ""):
        headers = {"Cookie": headers["Cookie"].replace(SIGNED_IN, signed_in_session_key())}
    status, _, body = wsgi_get(application, path, **headers)
    assert (status, body) == ("200 OK", b"rendered by Django")
    assert django.paths == [path]


def test_in_front_of_django_a_made_up_session_cookie_gets_the_stored_page(client, seeded, front):
    application, django = front
    rendered = client.get("/en/partners/")
    cookie = f"{settings.SESSION_COOKIE_NAME}={'y' * 32}"
    status, _, body = wsgi_get(application, "/en/partners/", Cookie=cookie)
    assert (status, body) == ("200 OK", rendered.content)
    assert django.paths == []


def test_in_front_of_django_plain_http_gets_django_s_redirect_to_https(client, seeded):
    client.get("/en/partners/")
    with override_settings(**HTTPS):
        django = DjangoStandIn()
        status, headers, body = wsgi_get(StoredPageApplication(django), "/en/partners/")
        redirect = Client().get("/en/partners/")
    assert django.paths == []
    assert status == "301 Moved Permanently"
    assert headers == dict(redirect.items())
    assert headers["Location"] == "https://testserver/en/partners/"
    assert body == redirect.content


def test_in_front_of_django_an_unreachable_cache_sends_every_visit_to_django(client, seeded, front):
    application, django = front
    client.get("/en/partners/")
    with override_settings(CACHES=UNREACHABLE_REDIS):
        status, _, body = wsgi_get(application, "/en/partners/")
    assert (status, body) == ("200 OK", b"rendered by Django")
    assert django.paths == ["/en/partners/"]


def test_in_front_of_django_a_cache_that_never_answers_is_tried_once_per_pause(
    client, seeded, front
):
    application, django = front
    with SilentServer() as server, override_settings(CACHES=server.cache_settings):
        for _ in range(3):
            status, _, body = wsgi_get(application, "/en/partners/")
            assert (status, body) == ("200 OK", b"rendered by Django")
        assert django.paths == ["/en/partners/"] * 3
        assert len(server.accepted) == 1


def test_the_project_s_wsgi_application_answers_stored_pages_in_front_of_django():
    from nmi_site.wsgi import application

    assert isinstance(application, StoredPageApplication)
    assert isinstance(application.django_application, WSGIHandler)


def test_the_cache_counts_the_pages_it_renders_and_stores(client, seeded):
    """The count the hit rate is worked out from (bench/serving.py, "editors at work")."""
    for _ in range(3):
        client.get("/en/partners/")
        client.get("/en/institutions/")
    client.get("/en/partners/no-such-partner/")
    assert cache.get(RENDERS_KEY) == 2
    Partner.objects.get(slug="european-union").save()
    client.get("/en/partners/")
    assert cache.get(RENDERS_KEY) == 3
