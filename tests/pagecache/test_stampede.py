"""Right after a save, when every stored page is stale, many simultaneous requests for one page
render it once: the others get the page from before the save, marked stale, for a few seconds
after it, and after that wait for the page the render stores
(missions.pagecache.middleware.RenderLock).

The requests run in threads, each on its own database connection, against the suite's cache
(local memory, or Redis when CACHE_URL names one, as in CI's PostgreSQL run).
"""

import gzip
import threading
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.template.backends import jinja2 as jinja2_backend
from django.test import Client, RequestFactory

from missions.models import Partner
from missions.pagecache import middleware

pytestmark = pytest.mark.django_db(transaction=True)

VISITORS = 16
# How long a render takes here: long enough for every visitor to arrive while it runs.
RENDER_SECONDS = 0.3


class SlowRenders:
    """Counts the renders of one of the public pages' (Jinja2) templates, each made to last
    RENDER_SECONDS."""

    def __init__(self, template_name):
        self.template_name = template_name
        self.count = 0
        self._lock = threading.Lock()
        self._render = jinja2_backend.Template.render

    def render(self, template, context=None, request=None):
        if template.origin.template_name == self.template_name:
            with self._lock:
                self.count += 1
            time.sleep(RENDER_SECONDS)
        return self._render(template, context, request)

    def __enter__(self):
        slow = self
        jinja2_backend.Template.render = lambda template, *args: slow.render(template, *args)
        return self

    def __exit__(self, *exc):
        jinja2_backend.Template.render = self._render


def visit_at_once(path, visitors=VISITORS, **headers):
    """``visitors`` GET requests for ``path`` started together, each in its own thread."""
    start = threading.Barrier(visitors)
    responses = [None] * visitors

    def visit(index):
        try:
            start.wait()
            responses[index] = Client().get(path, headers=headers)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit, args=(index,)) for index in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.fixture
def seeded_for_threads(transactional_db):
    call_command("loaddata", "nmi", verbosity=0)


def rename_partner_and_visit_at_once():
    """The partners page stored, a partner renamed, then VISITORS requests for the page at once,
    each render lasting RENDER_SECONDS: (the responses, how many renders)."""
    Client().get("/en/partners/")
    partner = Partner.objects.get(slug="european-union")
    partner.name = "European Union, renamed"
    partner.save()
    with SlowRenders("public/partner_list.html") as renders:
        responses = visit_at_once("/en/partners/", **{"Accept-Encoding": "gzip"})
    assert {response.status_code for response in responses} == {HTTPStatus.OK}
    return responses, renders.count


def test_right_after_a_save_visitors_get_the_previous_page_marked_stale_while_one_renders(
    seeded_for_threads,
):
    responses, renders = rename_partner_and_visit_at_once()
    assert renders == 1
    fresh = [response for response in responses if "Warning" not in response]
    stale = [response for response in responses if "Warning" in response]
    assert len(fresh) >= 1
    assert len(stale) >= VISITORS // 2
    for response in fresh:
        assert b"European Union, renamed" in gzip.decompress(response.content)
    for response in stale:
        assert response["Warning"] == middleware.STALE_WARNING
        assert b"European Union, renamed" not in gzip.decompress(response.content)
    again = Client().get("/en/partners/")
    assert b"European Union, renamed" in again.content
    assert "Warning" not in again


def test_after_the_stale_seconds_visitors_wait_for_the_one_render(seeded_for_threads, monkeypatch):
    monkeypatch.setattr(middleware, "STALE_SECONDS", 0)
    responses, renders = rename_partner_and_visit_at_once()
    assert renders == 1
    assert len({response.content for response in responses}) == 1
    assert not [response for response in responses if "Warning" in response]
    assert b"European Union, renamed" in gzip.decompress(responses[0].content)


def test_visitors_waiting_for_a_page_that_cannot_be_stored_render_it_themselves(
    seeded_for_threads,
):
    with SlowRenders("404.html") as renders:
        responses = visit_at_once("/en/partners/no-such-partner/", visitors=4)
    assert {response.status_code for response in responses} == {HTTPStatus.NOT_FOUND}
    assert 1 <= renders.count <= 4


def test_a_render_lock_whose_holder_died_holds_the_others_no_longer_than_it_lasts(
    seeded_for_threads, monkeypatch
):
    monkeypatch.setattr(middleware, "RENDER_LOCK_SECONDS", 1)
    monkeypatch.setattr(middleware, "STALE_SECONDS", 0)
    Client().get("/en/partners/")
    Partner.objects.get(slug="european-union").save()
    generation = cache.get(middleware.GENERATION_KEY)
    key = middleware.page_key(
        RequestFactory().get("/en/partners/"), middleware.serving_fingerprint()
    )
    # A holder that took the lock and died: its entry stays until it expires.
    assert cache.add(f"{key}:rendering:{generation}", 1, 1)
    started = time.monotonic()
    response = Client().get("/en/partners/")
    waited = time.monotonic() - started
    assert response.status_code == HTTPStatus.OK
    assert 0.5 <= waited < 3


def test_a_worker_rendering_one_page_answers_another_stale_page_with_its_previous_copy(
    seeded_for_threads,
):
    """While a process renders a page, a request there for another page made stale by the same
    save gets that page's previous copy, marked stale, instead of rendering beside it; the page
    is rendered by the next request that finds the process free. A page with no previous copy
    is rendered at once."""
    Client().get("/en/partners/")
    partner = Partner.objects.get(slug="european-union")
    partner.name = "European Union, renamed"
    partner.save()
    assert middleware.RENDER_SLOTS.acquire(blocking=False), "the process renders nothing yet"
    try:  # as while another request of this process renders another page
        with SlowRenders("public/partner_list.html") as renders:
            stale = Client().get("/en/partners/")
            never_stored = Client().get("/en/institutions/")
        assert renders.count == 0
        assert stale["Warning"] == middleware.STALE_WARNING
        assert b"European Union, renamed" not in stale.content
        assert "Warning" not in never_stored
    finally:
        middleware.RENDER_SLOTS.release()
    fresh = Client().get("/en/partners/")
    assert "Warning" not in fresh
    assert b"European Union, renamed" in fresh.content
